//! The browser's SHA-256 (SubtleCrypto, which identifies opened texts) against the
//! core's, on hostile text, in headless Chromium: a text opened in the app must get
//! the id the CLI and a saved project give it.
#![cfg(target_arch = "wasm32")]

use factmark::digest;
use factmark::files::{self, Opened};
use factmark_core::document::sha256_hex;
use factmark_core::format::plain;
use factmark_core::{LabelSet, Project};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Emoji (a ZWJ family, a flag), Cyrillic, a combining mark, NBSP, CRLF, a BOM
/// inside the text, an astral ideograph; and the empty text.
const TEXTS: [&str; 4] = [
    "Минск, 24 февраля.\r\nЛукашенко 👨‍👩‍👧 said 🇧🇾 troops\u{a0}moved — cafe\u{301} 𠜎.\r\n",
    "",
    "a\u{feff}b",
    "x",
];

#[wasm_bindgen_test]
async fn the_browser_hashes_as_the_core_does() {
    // The test runner serves the page from this machine: a secure context.
    for text in TEXTS {
        assert_eq!(
            digest::sha256_hex(text.as_bytes()).await,
            Some(sha256_hex(text)),
            "{text:?}"
        );
    }
    // A long text, longer than the core's hashing slices, with every kind above.
    let long = TEXTS[0].repeat(5_000);
    assert_eq!(digest::sha256_hex(long.as_bytes()).await, Some(sha256_hex(&long)));
}

#[wasm_bindgen_test]
async fn an_opened_text_gets_the_same_document_either_way() {
    let project = Project::new(LabelSet::default());
    // A file with a byte-order mark: the text (and so its hash) starts after it.
    let bytes = [b"\xEF\xBB\xBF".as_slice(), TEXTS[0].as_bytes()].concat();
    let text = files::decode("войска.txt", &bytes).unwrap();
    assert_eq!(text, TEXTS[0]);
    let sha256 = digest::sha256_hex(text.as_bytes()).await;
    assert!(sha256.is_some());
    let Ok(Opened::Documents(documents)) = files::interpret("войска.txt", &text, sha256, &project)
    else {
        panic!("a text file is a document");
    };
    assert_eq!(documents, vec![plain::document_from_text("войска.txt", TEXTS[0])]);
}
