//! [`Label`] and [`LabelSet`]: the kinds of span people mark.
//!
//! factmark starts with three labels for news text — **Claim**, **Figure** and
//! **Actor** — on hotkeys 1, 2 and 3. People can add more; names and hotkeys stay
//! unique, and colours are `#rrggbb` so every exporter and stylesheet can use them.

use crate::attribute::{Field, FieldError};
use thiserror::Error;

/// A kind of span, with the colour it is painted in and its keyboard shortcut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The name shown and exported, e.g. `Claim`.
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    /// The key that applies this label, if any.
    pub hotkey: Option<char>,
    /// The attributes its annotations may have ([`crate::attribute`]).
    pub fields: Vec<Field>,
    /// What it is for and when to use it, for the people annotating (empty: none).
    pub description: String,
}

/// Why a label cannot join a set.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LabelError {
    /// The name is empty or only white space.
    #[error("a label needs a name")]
    EmptyName,
    /// The name is the one suggestions of text that is not the article carry
    /// ([`crate::clutter::NOT_THE_ARTICLE`]).
    #[error("`{0}` is kept for text set aside as not the article: choose another name")]
    Reserved(String),
    /// Another label has the same name (ignoring case).
    #[error("there is already a label named `{0}`")]
    DuplicateName(String),
    /// Another label already uses the hotkey.
    #[error("the key `{key}` is already the hotkey of `{owner}`")]
    DuplicateHotkey {
        /// The hotkey asked for.
        key: char,
        /// The label that has it.
        owner: String,
    },
    /// The hotkey is not a single visible character.
    #[error("`{0:?}` cannot be a hotkey: use a letter, digit or symbol")]
    BadHotkey(char),
    /// The colour is not `#rrggbb`.
    #[error("`{0}` is not a colour of the form #rrggbb")]
    BadColor(String),
    /// One of its fields cannot be.
    #[error("{0}")]
    Field(FieldError),
}

/// The labels of a project, in the order they are offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelSet {
    labels: Vec<Label>,
}

impl Default for LabelSet {
    /// Claim, Figure and Actor on keys 1, 2 and 3, with their default fields
    /// ([`crate::attribute::default_fields`]).
    fn default() -> LabelSet {
        let label = |name: &str, color: &str, key, description: &str| Label {
            name: name.to_owned(),
            color: color.to_owned(),
            hotkey: Some(key),
            fields: crate::attribute::default_fields(name),
            description: description.to_owned(),
        };
        LabelSet {
            labels: vec![
                label(
                    "Claim",
                    "#e8590c",
                    '1',
                    "A statement that something is, was or will be so, and could be checked: mark the whole assertion, without the attribution (\"officials said\").",
                ),
                label(
                    "Figure",
                    "#1c7ed6",
                    '2',
                    "A number with what it counts: amounts, sizes, distances, dates and durations (\"30,000 troops\", \"since 10 February\").",
                ),
                label(
                    "Actor",
                    "#2f9e44",
                    '3',
                    "A person, group, organisation or country that acts or speaks: mark the name as written, with its title (\"President Lukashenko\").",
                ),
            ],
        }
    }
}

impl LabelSet {
    /// A set with no labels.
    pub fn empty() -> LabelSet {
        LabelSet { labels: Vec::new() }
    }

    /// A set of `labels`, checked one by one in order.
    pub fn from_labels(labels: impl IntoIterator<Item = Label>) -> Result<LabelSet, (usize, LabelError)> {
        let mut set = LabelSet::empty();
        for (index, label) in labels.into_iter().enumerate() {
            set.add(label).map_err(|err| (index, err))?;
        }
        Ok(set)
    }

    /// Adds `label` at the end, if its name, colour and hotkey fit the set.
    pub fn add(&mut self, label: Label) -> Result<(), LabelError> {
        self.insert(self.labels.len(), label)
    }

    /// Puts `label` in place of the label at `index`, if it fits the rest of the set;
    /// on refusal the set is unchanged.
    pub fn replace(&mut self, index: usize, label: Label) -> Result<Label, LabelError> {
        let Some(old) = (index < self.labels.len()).then(|| self.labels.remove(index)) else {
            return Err(LabelError::EmptyName);
        };
        match self.insert(index, label) {
            Ok(()) => Ok(old),
            Err(err) => {
                self.labels.insert(index, old);
                Err(err)
            }
        }
    }

    /// Removes the label named exactly `name`, returning where it was and what it was.
    pub fn remove(&mut self, name: &str) -> Option<(usize, Label)> {
        let index = self.position(name)?;
        Some((index, self.labels.remove(index)))
    }

    /// Inserts `label` at `index` (at most the length), if its name, colour and
    /// hotkey fit the set.
    pub fn insert(&mut self, index: usize, label: Label) -> Result<(), LabelError> {
        if label.name.trim().is_empty() {
            return Err(LabelError::EmptyName);
        }
        if label.name.trim() == crate::clutter::NOT_THE_ARTICLE {
            return Err(LabelError::Reserved(label.name));
        }
        if !is_hex_color(&label.color) {
            return Err(LabelError::BadColor(label.color));
        }
        crate::attribute::check_fields(&label.fields).map_err(LabelError::Field)?;
        let folded = label.name.to_lowercase();
        if self
            .labels
            .iter()
            .any(|other| other.name.to_lowercase() == folded)
        {
            return Err(LabelError::DuplicateName(label.name));
        }
        if let Some(key) = label.hotkey {
            if key.is_whitespace() || key.is_control() {
                return Err(LabelError::BadHotkey(key));
            }
            if let Some(owner) = self.by_hotkey(key) {
                return Err(LabelError::DuplicateHotkey {
                    key,
                    owner: owner.name.clone(),
                });
            }
        }
        self.labels.insert(index.min(self.labels.len()), label);
        Ok(())
    }

    /// Where the label named exactly `name` is in the set.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.labels.iter().position(|label| label.name == name)
    }

    /// The label named exactly `name`.
    pub fn get(&self, name: &str) -> Option<&Label> {
        self.labels.iter().find(|label| label.name == name)
    }

    /// The name `name` has in this set: its own when the set has it or can take it (as
    /// a new label with `color` and no hotkey), else that of the label whose name equals
    /// it ignoring case (names are unique ignoring case: `PERSON` is `Person`'s).
    pub fn name_for(&mut self, name: &str, color: &str) -> Result<String, LabelError> {
        if self.get(name).is_some() {
            return Ok(name.to_owned());
        }
        let folded = name.to_lowercase();
        if let Some(same) = self.labels.iter().find(|l| l.name.to_lowercase() == folded) {
            return Ok(same.name.clone());
        }
        self.add(Label {
            name: name.to_owned(),
            color: color.to_owned(),
            hotkey: None,
            fields: Vec::new(),
            description: String::new(),
        })?;
        Ok(name.to_owned())
    }

    /// The label whose hotkey is `key`.
    pub fn by_hotkey(&self, key: char) -> Option<&Label> {
        self.labels.iter().find(|label| label.hotkey == Some(key))
    }

    /// The labels in order.
    pub fn iter(&self) -> impl Iterator<Item = &Label> {
        self.labels.iter()
    }

    /// How many labels there are.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

pub(crate) fn is_hex_color(color: &str) -> bool {
    color.len() == 7 && color.starts_with('#') && color[1..].chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(name: &str, key: Option<char>) -> Label {
        Label {
            name: name.into(),
            color: "#123abc".into(),
            hotkey: key,
            fields: Vec::new(),
            description: String::new(),
        }
    }

    #[test]
    fn starts_with_claim_figure_actor() {
        let set = LabelSet::default();
        let names: Vec<_> = set.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Claim", "Figure", "Actor"]);
        assert_eq!(set.by_hotkey('2').unwrap().name, "Figure");
    }

    #[test]
    fn users_can_add_labels_in_any_script() {
        let mut set = LabelSet::default();
        set.add(label("Источник", Some('4'))).unwrap();
        assert_eq!(set.len(), 4);
        assert_eq!(set.by_hotkey('4').unwrap().name, "Источник");
    }

    #[test]
    fn replacing_checks_against_the_others_only() {
        let mut set = LabelSet::default();
        let claim = set.get("Claim").unwrap().clone();
        let renamed = Label {
            name: "Assertion".into(),
            color: "#000000".into(),
            ..claim.clone()
        };
        assert_eq!(set.replace(0, renamed.clone()), Ok(claim));
        assert_eq!(set.get("Assertion"), Some(&renamed));
        let clash = Label {
            name: "Figure".into(),
            ..renamed.clone()
        };
        assert_eq!(
            set.replace(0, clash),
            Err(LabelError::DuplicateName("Figure".into()))
        );
        assert_eq!(
            set.iter().next(),
            Some(&renamed),
            "a refused replacement changes nothing"
        );
    }

    #[test]
    fn refuses_clashes_and_nonsense() {
        let mut set = LabelSet::default();
        assert_eq!(
            set.add(label("claim", None)),
            Err(LabelError::DuplicateName("claim".into()))
        );
        assert_eq!(
            set.add(label("Place", Some('1'))),
            Err(LabelError::DuplicateHotkey {
                key: '1',
                owner: "Claim".into()
            })
        );
        assert_eq!(set.add(label("  ", None)), Err(LabelError::EmptyName));
        assert_eq!(
            set.add(label("Tab", Some('\t'))),
            Err(LabelError::BadHotkey('\t'))
        );
        let mut red = label("Red", None);
        red.color = "red".into();
        assert_eq!(set.add(red), Err(LabelError::BadColor("red".into())));
        assert_eq!(set.len(), 3, "nothing refused was added");
    }
}
