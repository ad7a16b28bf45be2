//! Every reader, given bytes no one would write on purpose, returns problems and
//! never panics: arbitrary bytes, and real exports truncated, spliced and bit-flipped.

use factmark_core::format::native::NativeFile;
use factmark_core::format::{Format, Output, brat, decode_utf8, spacy_jsonl};
use proptest::prelude::*;

/// Real files in every format, written from a small hostile project.
fn samples() -> Vec<(Format, Vec<u8>)> {
    let file: NativeFile = spacy_jsonl::read(
        r#"{"text": "Минск, 24 февраля.\r\nЛукашенко 👨‍👩‍👧 said 🇧🇾 troops moved", "spans": [{"start": 20, "end": 29, "label": "Actor", "note": "«x»"}, {"start": 20, "end": 48, "label": "Claim"}]}"#,
    )
    .unwrap().file;
    Format::ALL
        .into_iter()
        .map(|format| {
            let bytes = match format.write(&file).unwrap().output {
                Output::Files(files) if format == Format::Brat => {
                    files
                        .into_iter()
                        .find(|(name, _)| name.ends_with(".ann"))
                        .unwrap()
                        .1
                }
                output => output.into_bytes(),
            };
            (format, bytes)
        })
        .collect()
}

/// Reads `bytes` as `format` (and lets detection guess), as the CLI and the app do.
fn read_any(format: Format, bytes: &[u8]) {
    let Ok(text) = decode_utf8(bytes) else { return };
    let _ = Format::detect("x.json", text);
    let _ = Format::detect("x.jsonl", text);
    if format == Format::Brat {
        let _ = brat::read("x", "Минск, 24 февраля.\r\nЛукашенко", text);
        let _ = brat::read("x", text, text);
    } else {
        let _ = format.read(text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic_a_reader(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        for format in Format::ALL {
            read_any(format, &bytes);
        }
    }

    #[test]
    fn damaged_exports_never_panic_a_reader(
        cut in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        junk in prop::collection::vec(any::<u8>(), 0..16),
        flip in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        for (format, mut bytes) in samples() {
            if bytes.is_empty() { continue; }
            let i = flip.index(bytes.len());
            bytes[i] ^= 1 << bit;
            let j = at.index(bytes.len());
            bytes.splice(j..j, junk.iter().copied());
            bytes.truncate(cut.index(bytes.len() + 1).max(1));
            read_any(format, &bytes);
        }
    }

    #[test]
    fn any_text_never_panics_a_reader(text in "\\PC{0,200}") {
        for format in Format::ALL {
            read_any(format, text.as_bytes());
        }
    }
}
