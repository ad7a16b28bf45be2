//! Built-in rules that find likely Figures and Claims in a text, for suggestions a
//! person accepts or rejects (never marks on their own).
//!
//! - **figures**: amounts (numbers with their currency, scale word and unit: "100,000",
//!   "$3.5 billion", "24 percent", "9 months", "40 km") and dates ("February 24",
//!   "24 February 2022", "November 27, 2022"). Counted things are not part of the figure
//!   ("70,000" in "70,000 troops"), nor are numbers inside names ("M109", "Su-25",
//!   "19FortyFive"), ordinals ("53rd") or years alone.
//! - **quotes**: quoted speech, from the opening to the closing quotation mark (curly
//!   “…”, „…“, «…», or straight "…" paired within a paragraph), marks included; a quote of
//!   fewer than four words is a phrase someone used (scare quotes, a term) rather than
//!   something claimed, and is left out.
//!
//! Every hit is a [`Span`] of code points of the text as it is.

use crate::Span;
use crate::offsets;
use regex::Regex;
use std::sync::OnceLock;

/// A span a rule found, with the rule's name and how sure it is (0–1).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Where.
    pub span: Span,
    /// The rule: `figure`, `date` or `quote`.
    pub rule: &'static str,
    /// How often the rule is right, roughly.
    pub score: f64,
}

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.";

/// The units and scale words an amount takes with it.
const UNITS: &str = "percent|per\\s?cent|percentage points?|km|kilometres?|kilometers?|miles?|metres?|meters?|kg|kilograms?|tonnes?|tons?|hectares?|seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|rubles?|roubles?|dollars?|euros?|hryvnias?|pounds?";

fn figure_regex() -> &'static Regex {
    static REGEX: OnceLock<Regex> = OnceLock::new();
    REGEX.get_or_init(|| {
        let pattern = format!(
            r"(?x)
            (?P<date>
                \b(?:{MONTHS})\s\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s\d{{4}}\b)?
              | \b\d{{1,2}}\s(?:{MONTHS})\b(?:\s\d{{4}}\b)?
            )
          | (?P<amount>
                (?:(?:US|U\.S\.\s?)?[$€£₽¥]\s?)?
                (?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?:[\u{{A0}}\u{{202F}}]\d{{3}})+|\d+)(?:\.\d+)?
                (?:
                    %
                  | (?:\s?(?:bn|mn|m|k)\b)
                  | (?:[\s\u{{A0}}](?:thousand|million|billion|trillion))?
                    (?:(?:[\s\u{{A0}}]|-)(?:{UNITS})\b)?
                )
            )"
        );
        Regex::new(&pattern).expect("the figure pattern is valid")
    })
}

/// Likely Figures in `text`.
pub fn figures(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut counter = offsets::ForwardCounter::new(text);
    for caps in figure_regex().captures_iter(text) {
        let (m, rule, score) = match (caps.name("date"), caps.name("amount")) {
            (Some(m), _) => (m, "date", 0.9),
            (_, Some(m)) => (m, "figure", 0.8),
            _ => continue,
        };
        let (start, end) = (m.start(), m.end());
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        // Inside a name or a code ("M109", "Su-25", "A4", "19FortyFive", "3D"), an
        // ordinal ("53rd"), a time or score ("10:30", "3-0"), a version ("1.2.3").
        let glued_before =
            before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | ',' | ':' | '/' | '_'));
        // A letter or digit right after, or a separator and a digit ("10:30", "3-0",
        // "1.2.3", "1,2").
        let rest = &text[end..];
        let digit_second = rest.chars().nth(1).is_some_and(|c| c.is_ascii_digit());
        let glued_after = after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            || (rest.starts_with([':', '/', '-', '.', ',']) && digit_second);
        if glued_before || glued_after {
            continue;
        }
        let digits_only = m.as_str().chars().all(|c| c.is_ascii_digit());
        // A year alone is not a figure ("in 2022", "the 2014 annexation").
        if rule == "figure"
            && digits_only
            && m.as_str().len() == 4
            && (m.as_str().starts_with("19") || m.as_str().starts_with("20"))
        {
            continue;
        }
        let (from, to) = (counter.at(start), counter.at(end));
        if let Ok(span) = Span::new(from, to) {
            out.push(Found { span, rule, score });
        }
    }
    out
}

/// The quotation marks that open a quote, each with the marks that close it.
const PAIRS: [(char, &[char]); 5] = [
    ('“', &['”']),
    ('„', &['“', '”']),
    ('«', &['»']),
    ('‘', &['’']),
    ('"', &['"']),
];

/// The fewest words a quote needs to be suggested as a Claim.
const QUOTE_WORDS: usize = 4;

/// Likely Claims in `text`: quoted speech of at least four words, within a paragraph.
pub fn quotes(text: &str) -> Vec<Found> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some((_, closers)) = PAIRS.iter().find(|(open, _)| *open == chars[i]) else {
            i += 1;
            continue;
        };
        // An apostrophe-like mark inside a word ("don’t", "O‘Neil") opens nothing.
        if chars[i] == '‘' && i > 0 && chars[i - 1].is_alphanumeric() {
            i += 1;
            continue;
        }
        let close = (i + 1..chars.len()).take_while(|&j| chars[j] != '\n').find(|&j| {
            closers.contains(&chars[j])
                    // A closing ’ that is an apostrophe ("doesn’t") closes nothing.
                    && !(chars[j] == '’' && chars.get(j + 1).is_some_and(|c| c.is_alphanumeric()))
        });
        let Some(close) = close else {
            i += 1;
            continue;
        };
        let inner: String = chars[i + 1..close].iter().collect();
        let words = inner
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        if words >= QUOTE_WORDS
            && let Ok(span) = Span::new(i, close + 1)
        {
            out.push(Found {
                span,
                rule: "quote",
                score: if words >= 8 { 0.8 } else { 0.6 },
            });
        }
        i = close + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(found: &[Found], text: &str) -> Vec<String> {
        found
            .iter()
            .map(|f| text.chars().skip(f.span.start()).take(f.span.len()).collect())
            .collect()
    }

    #[test]
    fn amounts_take_their_currency_scale_and_unit() {
        let text =
            "Over 100,000 troops, $3.5 billion, 24 percent, 9 months, 40 km, 2.5%, €12bn and 15\u{a0}000.";
        assert_eq!(
            texts(&figures(text), text),
            [
                "100,000",
                "$3.5 billion",
                "24 percent",
                "9 months",
                "40 km",
                "2.5%",
                "€12bn",
                "15\u{a0}000"
            ]
        );
    }

    #[test]
    fn dates_are_figures_and_years_alone_are_not() {
        let text = "On February 24, 2022 and on 24 February 2022, and since November 27; in 2022 then.";
        let found = figures(text);
        assert_eq!(
            texts(&found, text),
            ["February 24, 2022", "24 February 2022", "November 27"]
        );
        assert!(found.iter().all(|f| f.rule == "date"));
    }

    #[test]
    fn numbers_in_names_codes_and_ordinals_are_left_alone() {
        let text = "The M109 Paladin, Su-25 jets, 19FortyFive, the 53rd brigade, at 10:30, v1.2.3, A4.";
        assert_eq!(texts(&figures(text), text), Vec::<String>::new());
    }

    #[test]
    fn offsets_are_code_points_after_emoji_and_cyrillic() {
        let text = "🇧🇾 Минск: 30,000 👨‍👩‍👧";
        let found = figures(text);
        // 🇧🇾 is two code points, then " Минск: ": 30,000 starts at 10.
        assert_eq!(found[0].span, Span::new(10, 16).unwrap());
    }

    #[test]
    fn quotes_of_four_words_or_more_are_claims() {
        let text = "He said “Russia has no interest in absorbing anyone,” and called it “terrorism”.\n\
                    \"It just does not make sense,\" she said; «мы готовы ко всему сейчас» — and “unclosed\nnext";
        assert_eq!(
            texts(&quotes(text), text),
            [
                "“Russia has no interest in absorbing anyone,”",
                "\"It just does not make sense,\"",
                "«мы готовы ко всему сейчас»"
            ]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let text = "It doesn’t matter, ‘this is a longer quoted claim’ he said.";
        assert_eq!(texts(&quotes(text), text), ["‘this is a longer quoted claim’"]);
    }
}
