//! The tokenizer on hostile text: spaCy tokens spell the text exactly, in order,
//! and the word tokens are those of them that are not white space.

use factmark_core::format::tokens::{spacy_tokens, words};
use proptest::prelude::*;

mod common;
use common::hostile_texts;

proptest! {
    #[test]
    fn tokens_cover_the_text_in_order(text in hostile_texts()) {
        let tokens = spacy_tokens(&text);
        let spelled: String = tokens
            .iter()
            .map(|t| format!("{}{}", t.text, if t.space_after { " " } else { "" }))
            .collect();
        prop_assert_eq!(&spelled, &text);
        let mut at = 0;
        for token in &tokens {
            prop_assert!(!token.text.is_empty());
            prop_assert_eq!(token.start, at);
            prop_assert_eq!(token.end - token.start, token.text.chars().count());
            at = token.end + usize::from(token.space_after);
        }
        for word in words(&text) {
            prop_assert!(!word.text.chars().any(char::is_whitespace));
            prop_assert!(tokens.iter().any(|t| t.start == word.start && t.end == word.end));
        }
    }
}
