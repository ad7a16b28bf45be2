//! What is known about a document besides its text and title: where and when it was
//! published, by whom, in what language, and any other fields people or files give.
//!
//! Metadata is a map from field names to text. Five fields are well known
//! ([`WELL_KNOWN`]: `url`, `outlet`, `author`, `published`, `language`) and are offered
//! first wherever metadata is edited; any other name is a free field. Files that carry
//! metadata (Prodigy's `meta`, Label Studio's `data`, columns of a Hugging Face dataset)
//! may hold numbers, yes-no values or nested objects: those are kept as their JSON text
//! (`3`, `true`, `{"a":1}`), so nothing a file holds is dropped, and `null` is no value.
//! A field with empty text is no field.

use std::sync::Arc;

/// The fields offered first, with the words shown for each.
pub const WELL_KNOWN: [(&str, &str); 5] = [
    ("url", "URL"),
    ("outlet", "Outlet"),
    ("author", "Author"),
    ("published", "Published"),
    ("language", "Language"),
];

/// The longest field name, in code points.
pub const NAME_MAX: usize = 64;

/// A document's metadata: field names to text, shared between copies.
///
/// A vector sorted by name rather than a map: a document has a handful of fields, and
/// each map type is code the browser's first visit downloads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata(Arc<Vec<(String, String)>>);

impl Metadata {
    /// No fields.
    pub fn new() -> Metadata {
        Metadata::default()
    }

    /// Whether it has no field.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many fields it has.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Where field `name` is, or would go.
    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(name))
    }

    /// The text of field `name`, if it has one.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.find(name).ok().map(|at| self.0[at].1.as_str())
    }

    /// The fields in the order they are shown: the well-known ones in [`WELL_KNOWN`]'s
    /// order, then the others by name.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &str)> {
        let known = WELL_KNOWN
            .iter()
            .filter_map(|(name, _)| self.find(name).ok().map(|at| &self.0[at]));
        let free = self.0.iter().filter(|(name, _)| !is_well_known(name));
        known.chain(free).map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The same metadata with field `name` set to `value`, or taken out when `value`
    /// is empty. The name is checked ([`check_name`]).
    pub fn with(&self, name: &str, value: &str) -> Result<Metadata, String> {
        let name = check_name(name)?;
        let mut fields = (*self.0).clone();
        match (self.find(name), value.is_empty()) {
            (Ok(at), true) => {
                fields.remove(at);
            }
            (Ok(at), false) => fields[at].1 = value.to_owned(),
            (Err(_), true) => {}
            (Err(at), false) => fields.insert(at, (name.to_owned(), value.to_owned())),
        }
        Ok(Metadata(Arc::new(fields)))
    }

    /// This metadata with the fields of `other` it lacks (its own text for a field both
    /// have is kept); how many fields `other` has with other text.
    pub fn with_missing(&self, other: &Metadata) -> (Metadata, usize) {
        let mut fields = (*self.0).clone();
        let mut differ = 0;
        for (name, value) in other.0.iter() {
            match self.find(name) {
                Ok(at) => differ += usize::from(self.0[at].1 != *value),
                Err(_) => {
                    let at = fields
                        .binary_search_by(|(k, _)| k.as_str().cmp(name))
                        .unwrap_err();
                    fields.insert(at, (name.clone(), value.clone()));
                }
            }
        }
        (Metadata(Arc::new(fields)), differ)
    }

    /// Metadata read from a JSON object whose keys are field names, skipping the keys
    /// `skip` (those a format reads as something else, like Label Studio's `text`).
    /// Strings are kept as they are, `null` is no value, and anything else is kept as
    /// its JSON text. Keys that cannot be field names are returned apart, for the
    /// reader to name.
    pub fn from_json(
        object: &serde_json::Map<String, serde_json::Value>,
        skip: &[&str],
    ) -> (Metadata, Vec<String>) {
        let mut fields = Vec::new();
        let mut refused = Vec::new();
        for (key, value) in object {
            if skip.contains(&key.as_str()) {
                continue;
            }
            let text = match value {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if text.is_empty() {
                continue;
            }
            match check_name(key) {
                Ok(name) => fields.push((name.to_owned(), text)),
                Err(_) => refused.push(key.clone()),
            }
        }
        (Metadata::sorted(fields), refused)
    }

    /// Metadata of `fields` in any order: by name, the first of a name kept.
    fn sorted(fields: Vec<(String, String)>) -> Metadata {
        // Each put in its place (no sort: a handful of fields, and a sort is more code
        // for the browser to download).
        let mut out: Vec<(String, String)> = Vec::with_capacity(fields.len());
        for (name, value) in fields {
            if let Err(at) = out.binary_search_by(|(k, _)| k.as_str().cmp(&name)) {
                out.insert(at, (name, value));
            }
        }
        Metadata(Arc::new(out))
    }
}

impl FromIterator<(String, String)> for Metadata {
    /// Metadata of the given fields; empty values are left out. Names are not checked
    /// here: callers that take names from people or files use [`Metadata::with`] or
    /// [`Metadata::from_json`].
    fn from_iter<I: IntoIterator<Item = (String, String)>>(fields: I) -> Metadata {
        Metadata::sorted(fields.into_iter().filter(|(_, v)| !v.is_empty()).collect())
    }
}

impl serde::Serialize for Metadata {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// Whether `name` is one of the [`WELL_KNOWN`] fields.
pub fn is_well_known(name: &str) -> bool {
    WELL_KNOWN.iter().any(|(known, _)| *known == name)
}

/// The words shown for field `name`: the well-known fields' own words, or the name.
pub fn describe(name: &str) -> &str {
    WELL_KNOWN
        .iter()
        .find(|(known, _)| *known == name)
        .map_or(name, |(_, words)| words)
}

/// `name` trimmed, when it can be a field name: not empty, at most [`NAME_MAX`] code
/// points, no control characters; otherwise why not.
pub fn check_name(name: &str) -> Result<&str, String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err("a metadata field needs a name".to_owned());
    }
    if trimmed.chars().count() > NAME_MAX {
        return Err(format!("a metadata field name has at most {NAME_MAX} characters"));
    }
    if trimmed.chars().any(char::is_control) {
        return Err("a metadata field name cannot hold control characters".to_owned());
    }
    Ok(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_fields_come_first_then_the_others_by_name() {
        let meta = Metadata::new()
            .with("zeta", "z")
            .unwrap()
            .with("published", "2022-02-10")
            .unwrap()
            .with("url", "https://example.org/a")
            .unwrap()
            .with("alpha", "a")
            .unwrap();
        let names: Vec<&str> = meta.fields().map(|(k, _)| k).collect();
        assert_eq!(names, ["url", "published", "alpha", "zeta"]);
        assert_eq!(describe("url"), "URL");
        assert_eq!(describe("alpha"), "alpha");
    }

    #[test]
    fn an_empty_value_takes_the_field_out_and_names_are_checked() {
        let meta = Metadata::new().with(" outlet ", "Reuters").unwrap();
        assert_eq!(meta.get("outlet"), Some("Reuters"));
        assert!(meta.with("outlet", "").unwrap().is_empty());
        assert!(meta.with("  ", "x").is_err());
        assert!(meta.with("a\u{0}b", "x").is_err());
        assert!(meta.with(&"n".repeat(NAME_MAX + 1), "x").is_err());
        // The original is unchanged: metadata is a value.
        assert_eq!(meta.len(), 1);
    }

    #[test]
    fn json_values_that_are_not_text_are_kept_as_their_json() {
        let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
            r#"{"text": "skipped", "n": 3, "ok": true, "none": null, "empty": "",
                "nested": {"a": [1, "б"]}, "": "no name", "Город": "Мінск 🇧🇾"}"#,
        )
        .unwrap();
        let (meta, refused) = Metadata::from_json(&object, &["text"]);
        assert_eq!(meta.get("n"), Some("3"));
        assert_eq!(meta.get("ok"), Some("true"));
        assert_eq!(meta.get("nested"), Some(r#"{"a":[1,"б"]}"#));
        assert_eq!(meta.get("Город"), Some("Мінск 🇧🇾"));
        assert_eq!(meta.get("text"), None);
        assert_eq!(meta.get("none"), None);
        assert_eq!(meta.len(), 4);
        assert_eq!(refused, [""]);
        assert_eq!(
            serde_json::to_string(&meta).unwrap(),
            r#"{"n":"3","nested":"{\"a\":[1,\"б\"]}","ok":"true","Город":"Мінск 🇧🇾"}"#
        );
    }
}
