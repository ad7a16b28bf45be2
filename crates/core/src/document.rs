//! [`Document`]: one text to annotate, never altered once made.
//!
//! The text is kept exactly as it came — CRLF line ends, no-break spaces, combining
//! marks and all — because every offset indexes it. Its SHA-256 is computed once, at
//! construction, and identifies the text across files and annotators.

use crate::offsets::Checkpoints;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;

/// A document's stable identifier, unique within a project.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl std::fmt::Display for DocId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a document's text came from: `{"kind": "bundled"}`, `{"kind": "pasted"}` or
/// `{"kind": "file", "name": "…"}` (read by hand: an internally tagged enum's derived
/// reader buffers the whole object first, and is large).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Source {
    /// One of the articles bundled with factmark.
    Bundled,
    /// A file the user opened.
    File {
        /// The file's name, as the user's system gave it.
        name: String,
    },
    /// Text the user pasted.
    Pasted,
}

impl<'de> serde::Deserialize<'de> for Source {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Source, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Source;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a source: {\"kind\": \"bundled\", \"pasted\" or \"file\"}")
            }

            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Source, M::Error> {
                use serde::de::Error;
                const KINDS: &[&str] = &["bundled", "file", "pasted"];
                let (mut kind, mut name): (Option<std::borrow::Cow<'de, str>>, Option<String>) = (None, None);
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "kind" if kind.is_none() => kind = Some(map.next_value()?),
                        "name" if name.is_none() => name = Some(map.next_value()?),
                        "kind" | "name" => {
                            return Err(M::Error::duplicate_field(if key == "kind" {
                                "kind"
                            } else {
                                "name"
                            }));
                        }
                        other => return Err(M::Error::unknown_field(other, &["kind", "name"])),
                    }
                }
                match (kind.as_deref(), name) {
                    (None, _) => Err(M::Error::missing_field("kind")),
                    (Some("file"), Some(name)) => Ok(Source::File { name }),
                    (Some("file"), None) => Err(M::Error::missing_field("name")),
                    (Some("bundled" | "pasted"), Some(_)) => Err(M::Error::unknown_field("name", &["kind"])),
                    (Some("bundled"), None) => Ok(Source::Bundled),
                    (Some("pasted"), None) => Ok(Source::Pasted),
                    (Some(other), _) => Err(M::Error::unknown_variant(other, KINDS)),
                }
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// How far the annotation of a document has got, as the annotator says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Nobody has started.
    #[default]
    NotStarted,
    /// Work has begun.
    InProgress,
    /// The annotator considers it finished.
    Done,
}

read_name!(Status {
    NotStarted = "not-started",
    InProgress = "in-progress",
    Done = "done",
});

impl Status {
    /// Every status, in order.
    pub const ALL: [Status; 3] = [Status::NotStarted, Status::InProgress, Status::Done];

    /// The words shown to people.
    pub fn describe(self) -> &'static str {
        match self {
            Status::NotStarted => "not started",
            Status::InProgress => "in progress",
            Status::Done => "done",
        }
    }
}

/// A text to annotate, with its title and the SHA-256 of its text.
///
/// The text is shared (copying a document, as every edit's copy of the project does,
/// copies a pointer) and indexed by code point, so anchoring a span is quick in a
/// text of any length.
#[derive(Debug, Clone)]
pub struct Document {
    id: DocId,
    title: String,
    text: Arc<str>,
    checkpoints: Arc<Checkpoints>,
    source: Source,
    sha256: String,
    status: Status,
    /// Text set aside as not the article ([`crate::ignored`]), normalized.
    ignored: Arc<[crate::Span]>,
    /// Where and when it was published, and other fields ([`crate::metadata`]).
    metadata: crate::metadata::Metadata,
}

impl PartialEq for Document {
    fn eq(&self, other: &Document) -> bool {
        // The checkpoints follow from the text.
        self.id == other.id
            && self.title == other.title
            && self.sha256 == other.sha256
            && self.text == other.text
            && self.source == other.source
            && self.status == other.status
            && self.ignored == other.ignored
            && self.metadata == other.metadata
    }
}

impl Eq for Document {}

/// The most code points [`default_title`] keeps before shortening.
pub const TITLE_MAX: usize = 80;

impl Document {
    /// A document holding `text` unchanged.
    pub fn new(id: DocId, title: String, text: String, source: Source) -> Document {
        let sha256 = sha256_hex(&text);
        Document::hashed(id, title, text, source, sha256)
    }

    /// A document holding `text` unchanged, identified by its text (the first 16 hex
    /// digits of its SHA-256, as [`crate::format::plain::text_id`]), hashed once.
    pub fn identified_by_text(title: String, text: String, source: Source) -> Document {
        let sha256 = sha256_hex(&text);
        Document::hashed(id_of_sha256(&sha256), title, text, source, sha256)
    }

    /// [`Document::identified_by_text`] for a text whose SHA-256 has been worked out
    /// already (`sha256`, in lowercase hex: a browser's SubtleCrypto hashes a long text
    /// in native code, off the main thread). The caller vouches that it is the hash of
    /// `text`'s UTF-8 bytes; anything that is not 64 lowercase hex digits is ignored
    /// and the text hashed here.
    pub fn identified_by_text_hashed(
        title: String,
        text: String,
        source: Source,
        sha256: String,
    ) -> Document {
        let sha256 = if is_sha256_hex(&sha256) {
            sha256
        } else {
            sha256_hex(&text)
        };
        Document::hashed(id_of_sha256(&sha256), title, text, source, sha256)
    }

    /// A document whose text's SHA-256 is `sha256`.
    fn hashed(id: DocId, title: String, text: String, source: Source, sha256: String) -> Document {
        Document {
            id,
            title,
            checkpoints: Arc::new(Checkpoints::new(&text)),
            text: Arc::from(text),
            source,
            sha256,
            status: Status::NotStarted,
            ignored: Arc::from(Vec::new()),
            metadata: crate::metadata::Metadata::new(),
        }
    }

    /// The document's identifier.
    pub fn id(&self) -> &DocId {
        &self.id
    }

    /// The title shown to people.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The text, exactly as it came.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The anchor of `span` in the text (quote and context), found through the
    /// document's index.
    pub fn anchor(&self, span: crate::Span) -> Result<crate::annotation::Anchor, crate::span::SpanError> {
        crate::annotation::Anchor::describe_with(&self.text, &self.checkpoints, span)
    }

    /// The prefix, quote and suffix of `span` in the text (what [`Document::anchor`]
    /// holds), borrowed: checking an anchor allocates nothing.
    pub fn anchor_pieces(&self, span: crate::Span) -> Result<[&str; 3], crate::span::SpanError> {
        crate::annotation::Anchor::pieces_with(&self.text, &self.checkpoints, span)
    }

    /// The text's length in code points.
    pub fn cp_len(&self) -> usize {
        self.checkpoints.cp_len()
    }

    /// Where the text came from.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The SHA-256 of the text's UTF-8 bytes, in lowercase hex.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// How far its annotation has got.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Its text set aside as not the article ([`crate::ignored`]): spans in order,
    /// apart.
    pub fn ignored(&self) -> &[crate::Span] {
        &self.ignored
    }

    /// The same document with `regions` set aside (normalized here); the caller has
    /// checked that they fit the text.
    pub fn with_ignored(mut self, regions: Vec<crate::Span>) -> Document {
        self.ignored = Arc::from(crate::ignored::normalized(regions));
        self
    }

    /// Its metadata ([`crate::metadata`]).
    pub fn metadata(&self) -> &crate::metadata::Metadata {
        &self.metadata
    }

    /// The same document with other metadata.
    pub fn with_metadata(mut self, metadata: crate::metadata::Metadata) -> Document {
        self.metadata = metadata;
        self
    }

    /// The same document with another status.
    pub fn with_status(mut self, status: Status) -> Document {
        self.status = status;
        self
    }

    /// The same document under another id.
    pub fn with_id(mut self, id: DocId) -> Document {
        self.id = id;
        self
    }

    /// The same document under another title.
    pub fn with_title(mut self, title: String) -> Document {
        self.title = title;
        self
    }
}

/// The SHA-256 of `text`'s UTF-8 bytes, in lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    // Fed a slice at a time: in a browser, WebAssembly starts in a quick baseline
    // compilation and a call already running never moves to the optimised code, so
    // one call over a long text would run slow to its end; many short calls pick the
    // optimised code up once it is ready (a long document hashes several times faster).
    let mut hasher = Sha256::new();
    for slice in text.as_bytes().chunks(HASH_SLICE) {
        hasher.update(slice);
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The id of a text whose SHA-256 (hex) is `sha256`: its first 16 digits.
pub(crate) fn id_of_sha256(sha256: &str) -> DocId {
    DocId(sha256[..16].to_owned())
}

/// Bytes hashed per call in [`sha256_hex`].
const HASH_SLICE: usize = 8 * 1024;

/// Whether `text` is a SHA-256 as factmark writes it: 64 lowercase hex digits.
pub fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f'))
}

/// The title a text gets when nobody has named it: its first line that is not blank,
/// trimmed, and shortened to [`TITLE_MAX`] code points at a word boundary with `…`.
/// Shortening never splits a grapheme (a flag, an emoji sequence, a letter with its
/// combining marks). A text with no visible line is "Untitled".
pub fn default_title(text: &str) -> String {
    let Some(line) = text.lines().map(str::trim).find(|line| !line.is_empty()) else {
        return "Untitled".to_owned();
    };
    if line.chars().count() <= TITLE_MAX {
        return line.to_owned();
    }
    let mut kept = String::new();
    let mut kept_len = 0;
    for word in line.split_word_bounds() {
        let word_len = word.chars().count();
        if kept_len + word_len > TITLE_MAX - 1 {
            break;
        }
        kept.push_str(word);
        kept_len += word_len;
    }
    if kept.trim().is_empty() {
        // One huge word: cut it between graphemes instead.
        kept.clear();
        kept_len = 0;
        for grapheme in line.graphemes(true) {
            let len = grapheme.chars().count();
            if kept_len + len > TITLE_MAX - 1 {
                break;
            }
            kept.push_str(grapheme);
            kept_len += len;
        }
    }
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_reads_each_kind_and_names_what_is_wrong() {
        let read = |json: &str| serde_json::from_str::<Source>(json).map_err(|e| e.to_string());
        assert_eq!(read(r#"{"kind":"bundled"}"#), Ok(Source::Bundled));
        assert_eq!(read(r#"{"kind":"pasted"}"#), Ok(Source::Pasted));
        assert_eq!(
            read(r#"{"name":"эхо.txt","kind":"file"}"#),
            Ok(Source::File {
                name: "эхо.txt".into()
            })
        );
        for (json, problem) in [
            (r#"{}"#, "missing field `kind`"),
            (r#"{"kind":"file"}"#, "missing field `name`"),
            (
                r#"{"kind":"url"}"#,
                "unknown variant `url`, expected one of `bundled`, `file`, `pasted`",
            ),
            (
                r#"{"kind":"pasted","name":"x"}"#,
                "unknown field `name`, expected `kind`",
            ),
            (
                r#"{"kind":"pasted","why":1}"#,
                "unknown field `why`, expected `kind` or `name`",
            ),
            (r#"{"kind":"pasted","kind":"file"}"#, "duplicate field `kind`"),
            (r#""pasted""#, "invalid type: string \"pasted\""),
        ] {
            let got = read(json).unwrap_err();
            assert!(got.starts_with(problem), "{json}: {got}");
        }
        let written = serde_json::to_string(&Source::File { name: "a".into() }).unwrap();
        assert_eq!(written, r#"{"kind":"file","name":"a"}"#);
    }

    #[test]
    fn keeps_the_text_byte_for_byte() {
        let text = "Минск\r\n\u{a0}troops 🇧🇾\r\n".to_owned();
        let doc = Document::new(DocId("d".into()), "t".into(), text.clone(), Source::Pasted);
        assert_eq!(doc.text(), text);
        assert_eq!(doc.sha256().len(), 64);
    }

    #[test]
    fn hashes_like_sha256sum() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn default_title_is_the_first_visible_line() {
        assert_eq!(
            default_title("\r\n  \r\n  Войска у границы \r\nbody"),
            "Войска у границы"
        );
        assert_eq!(default_title(" \n\t\n"), "Untitled");
    }

    #[test]
    fn default_title_shortens_long_lines_between_words() {
        let line = "Russian troops ".repeat(10);
        let title = default_title(&line);
        assert!(title.ends_with('…'), "{title}");
        assert!(title.chars().count() <= TITLE_MAX);
        assert!(
            title.trim_end_matches('…').ends_with("troops")
                || title.trim_end_matches('…').ends_with("Russian")
        );
    }

    #[test]
    fn default_title_never_splits_a_flag() {
        let line = "🇧🇾".repeat(60);
        let title = default_title(&line);
        let body = title.trim_end_matches('…');
        assert_eq!(body.chars().count() % 2, 0, "{title}");
        assert!(body.chars().count() < TITLE_MAX);
    }
}
