//! What the integration tests share.

use proptest::prelude::*;

/// Texts made of the pieces that trip offsets and tokenizers up, and any characters.
pub fn hostile_texts() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "Минск",
        "troops",
        " ",
        "  ",
        "\r\n",
        "\n",
        "\r",
        "\t",
        "👨\u{200d}👩\u{200d}👧",
        "🇧🇾",
        "cafe\u{301}",
        "\u{301}",
        "\u{a0}",
        "12,000",
        ".",
        "«",
        "don't",
        "𠜎",
        "שלום",
        "|",
    ];
    let piece = prop_oneof![
        3 => prop::sample::select(PIECES).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 1..30).prop_map(|pieces| pieces.concat())
}
