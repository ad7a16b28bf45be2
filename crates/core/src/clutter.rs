//! Site clutter found at the ends of a text, suggested as not the article
//! ([`crate::ignored`]): the lines a page's chrome leaves before and after the story
//! when it is copied or scraped.
//!
//! ```text
//!  Connect with us                      ┐ a run of chrome lines at the start
//!  Hi, what are you looking for?        ┘
//!  Is Putin Slowly Preparing …          ← the headline: not chrome, the run ends
//!  …the article…
//!  Keep reading:                        ┐ a run at the end: chrome lines, and the
//!  Hours after power restoration, …     │ headline-like lines (short, no full stop)
//!  Source link                          │ between and after them
//!  Leave a Reply                        ┘
//! ```
//!
//! A line is *chrome* when it is a known prompt of a site's furniture — equal to one
//! ("Leave a Reply", "Source link", "Comments") or holding one ("Ads Blocker Detected",
//! "Your email address will not be published") — and short. The run at the start is
//! the chrome lines from the first line on. The run at the end is found from the last
//! line back: chrome lines and headline-like lines (links to other stories), as far as a
//! line that is neither, starting at the earliest chrome line; and a closing marker in
//! the last lines ("Written By", "Related Articles") takes everything after it (an
//! author's box). Only whole lines are suggested, and never a line in the body of the
//! text: a suggestion is wrong only where a page's chrome looks like prose.

use crate::span::Span;

/// The label a suggested region carries among suggestions (no label can be named so).
pub const NOT_THE_ARTICLE: &str = "(not the article)";

/// How sure a suggested region is: high, not certain (a person accepts it).
pub const SCORE: f64 = 0.8;

/// The rule's name, as suggestions carry it.
pub const RULE: &str = "site chrome";
/// Where its suggestions come from, as files and the page write it
/// ([`crate::suggest::Origin::code`]).
pub const ORIGIN: &str = "rule:site chrome";

/// Lines that are chrome when they are this, ignoring case and a closing colon.
const WHOLE: &[&str] = &[
    "advertisement",
    "back to top",
    "back to top button",
    "comments",
    "connect with us",
    "email",
    "exit mobile version",
    "follow us",
    "keep reading",
    "leave a comment",
    "leave a reply",
    "more from",
    "powered by",
    "print",
    "read also",
    "read more",
    "related",
    "related articles",
    "related posts",
    "related stories",
    "see also",
    "share",
    "share this",
    "share this article",
    "skip to content",
    "source link",
    "subscribe",
    "tags",
    "written by",
    "you may also like",
];

/// Lines that are chrome when they hold this, ignoring case (and are short).
const HOLDING: &[&str] = &[
    "ads blocker",
    "ad blocker",
    "adblock",
    "all rights reserved",
    "disable your ad",
    "follow us on",
    "required fields are marked",
    "share on facebook",
    "share on twitter",
    "sign up for our newsletter",
    "subscribe to our newsletter",
    "what are you looking for",
    "your email address will not be published",
];

/// Closing markers: in the last lines, each takes everything after it.
const CLOSING: &[&str] = &[
    "keep reading",
    "read also",
    "related articles",
    "related posts",
    "related stories",
    "see also",
    "source link",
    "written by",
    "you may also like",
];

/// How many of the last non-blank lines a closing marker is looked for in.
const CLOSING_WITHIN: usize = 8;
/// The most words a chrome line has.
const CHROME_WORDS: usize = 25;
/// The most words a headline-like line has.
const HEADLINE_WORDS: usize = 16;

/// The regions of `text` that look like site chrome, at its start and its end, in
/// code points; none when nothing does.
pub fn suggested(text: &str) -> Vec<Span> {
    suggested_in(text, crate::offsets::cp_len(text))
}

/// [`suggested`] for a text of `cp_len` code points: only the lines at its ends are
/// read, so a long text costs no more than a short one.
pub fn suggested_in(text: &str, cp_len: usize) -> Vec<Span> {
    let mut regions = Vec::new();
    // The start: chrome lines from the first on (their offsets counted from the start).
    let start_run: Vec<Line> = lines(text).take_while(|l| is_chrome(l.text)).collect();
    let body_from = start_run.last().map_or(0, |l| l.end);
    if let (Some(first), Some(last)) = (start_run.first(), start_run.last()) {
        let start = text[..first.start].chars().count();
        regions.extend(Span::new(start, start + text[first.start..last.end].chars().count()).ok());
    }
    // The end: from the last line back over chrome and headline-like lines, from the
    // earliest chrome line among them; and a closing marker among the last lines.
    let (mut tail, mut end, mut walking) = (None, None, true);
    for (seen, line) in lines_back(text).take_while(|l| l.start >= body_from).enumerate() {
        end.get_or_insert(line.end);
        if walking && is_chrome(line.text) {
            tail = Some(line.start);
        } else if !is_headline_like(line.text) {
            walking = false;
        }
        if seen < CLOSING_WITHIN && is_closing(line.text) {
            tail = Some(line.start);
        }
        if !walking && seen + 1 >= CLOSING_WITHIN {
            break;
        }
    }
    if let (Some(start), Some(end)) = (tail, end) {
        // Counted back from the text's end: the run is short, the text may not be.
        let start_cp = cp_len - text[start..].chars().count();
        regions.extend(Span::new(start_cp, start_cp + text[start..end].chars().count()).ok());
    }
    regions
}

/// The regions [`suggested_in`] finds in `document`, as suggestions to set aside.
pub fn suggestions(document: &crate::Document) -> Vec<crate::suggest::Suggestion> {
    suggested_in(document.text(), document.cp_len())
        .into_iter()
        .map(|span| crate::suggest::Suggestion {
            document: document.id().clone(),
            span,
            label: NOT_THE_ARTICLE.to_owned(),
            origin: crate::suggest::Origin::Rule(RULE.to_owned()),
            score: SCORE,
        })
        .collect()
}

/// A non-blank line of a text: its bytes, without the line break, trimmed.
struct Line<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

impl<'a> Line<'a> {
    /// The line `raw` (with or without its break) at byte `at`; `None` when blank.
    fn of(raw: &'a str, at: usize) -> Option<Line<'a>> {
        let text = raw.trim();
        let start = at + (raw.len() - raw.trim_start().len());
        (!text.is_empty()).then(|| Line {
            start,
            end: start + text.len(),
            text,
        })
    }
}

/// The non-blank lines of `text` from the first, each trimmed (CRLF and LF alike).
fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    text.split_inclusive('\n')
        .scan(0, |at, raw| {
            let line = Line::of(raw, *at);
            *at += raw.len();
            Some(line)
        })
        .flatten()
}

/// The non-blank lines of `text` from the last back, each trimmed.
fn lines_back(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut end = Some(text.len());
    std::iter::from_fn(move || {
        let until = end?;
        let start = text[..until].rfind('\n').map_or(0, |i| i + 1);
        end = start.checked_sub(1);
        Some(Line::of(&text[start..until], start))
    })
    .flatten()
}

/// The words of `line`, counted up to `most + 1`.
fn words_at_most(line: &str, most: usize) -> usize {
    line.split_whitespace().take(most + 1).count()
}

/// `line` in lower case without a closing colon, when it is short enough to be chrome.
fn folded(line: &str) -> Option<String> {
    (words_at_most(line, CHROME_WORDS) <= CHROME_WORDS)
        .then(|| line.trim_end_matches([':', '.']).trim().to_lowercase())
}

fn is_chrome(line: &str) -> bool {
    folded(line).is_some_and(|l| WHOLE.contains(&l.as_str()) || HOLDING.iter().any(|h| l.contains(h)))
}

fn is_closing(line: &str) -> bool {
    folded(line).is_some_and(|l| CLOSING.contains(&l.as_str()))
}

/// A short line with no full stop, question or exclamation mark at its end: a
/// headline, or a link to another story.
fn is_headline_like(line: &str) -> bool {
    words_at_most(line, HEADLINE_WORDS) <= HEADLINE_WORDS && !line.ends_with(['.', '!', '?', '…', ':', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<String> {
        suggested(text)
            .into_iter()
            .map(|s| s.slice(text).unwrap().to_owned())
            .collect()
    }

    #[test]
    fn chrome_at_the_start_and_the_end_is_suggested_and_the_body_never() {
        let text = "Connect with us\r\n\r\nHi, what are you looking for?\r\n\r\nПутин 🇧🇾 arrived\r\n\r\nЛукашенко said 👨‍👩‍👧 troops moved. Leave a Reply\r\n\r\nKeep reading:\r\n\r\nRussia attacked Kyiv again\r\n\r\nSource link\r\n";
        assert_eq!(
            quotes(text),
            [
                "Connect with us\r\n\r\nHi, what are you looking for?",
                "Keep reading:\r\n\r\nRussia attacked Kyiv again\r\n\r\nSource link"
            ]
        );
    }

    #[test]
    fn a_closing_marker_takes_the_authors_box_after_it() {
        let text = "Troops moved.\n\nThe end of the story.\n\nWritten By\n\nJane Doe is an editor. She writes on defence.\n";
        assert_eq!(
            quotes(text),
            ["Written By\n\nJane Doe is an editor. She writes on defence."]
        );
    }

    #[test]
    fn an_article_without_chrome_gets_nothing() {
        assert!(suggested("").is_empty());
        assert!(suggested("Lukashenko said troops moved.\n\nNo comment came.").is_empty());
        // Prose that mentions a prompt is prose: too long, or not alone on its line.
        let long = "Officials said the comments, which were shared on social media and which nobody could confirm before the deadline, were not meant to leave a reply open.";
        assert!(suggested(long).is_empty());
        // A headline alone at the end, with no chrome before it, is left.
        assert!(suggested("Troops moved.\n\nBelarus on alert").is_empty());
    }

    #[test]
    fn the_origin_is_the_rules_code() {
        assert_eq!(crate::suggest::Origin::Rule(RULE.to_owned()).code(), ORIGIN);
    }

    #[test]
    fn a_text_of_chrome_alone_is_one_region() {
        assert_eq!(quotes("Source link"), ["Source link"]);
    }

    #[test]
    fn the_bundled_articles_chrome_is_found_at_both_ends() {
        let corpus = |name: &str| std::fs::read_to_string(format!("../../corpus/{name}")).unwrap();
        let found: Vec<Vec<String>> = [
            "000_702a0cdae249a93f.txt",
            "001_db22e2b8a2cefa42.txt",
            "002_bbc6baf1ece7e185.txt",
            "003_7abdb280e8ea2e26.txt",
            "004_061d1f42c0d59b28.txt",
        ]
        .iter()
        .map(|name| quotes(&corpus(name)))
        .collect();
        let firsts: Vec<Vec<&str>> = found
            .iter()
            .map(|q| q.iter().map(|q| q.lines().next().unwrap()).collect())
            .collect();
        assert_eq!(
            firsts,
            [
                vec!["Leave a Comment"],
                vec!["Exit mobile version"],
                vec!["Connect with us", "Written By"],
                vec!["Read also:"],
                vec!["Keep reading:"],
            ]
        );
        assert!(found[0][0].ends_with("CHP Adblock") && found[4][0].ends_with("Back to top button"));
    }
}
