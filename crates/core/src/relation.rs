//! [`Relation`]: a typed link between two annotations, and [`RelationTypes`], the
//! kinds of link a project offers.
//!
//! A relation goes `from` one annotation `to` another — a Claim *said by* an Actor, a
//! Figure that *supports* a Claim — or, when its type is symmetric, joins the two
//! without a direction (*same claim*). Its ends may lie in different documents when
//! its type allows it, so the same claim in two articles can be linked.
//!
//! ```text
//!   "Troops are moving north," [said the ministry].
//!    └──────── Claim a1 ──────┘     └─ Actor a2 ─┘
//!   relation r1: a1 ──said by──▶ a2
//! ```
//!
//! Each type names the labels that may stand at each end (none named: any). The
//! [`Project`](crate::Project) keeps every relation fitting its type and its ends
//! existing: removing an annotation removes its relations in the same edit.

use crate::annotation::AnnotationId;
use crate::timestamp::Timestamp;
use thiserror::Error;

/// A relation's identifier, unique within a project.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelationId(pub String);

impl std::fmt::Display for RelationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A link between two annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// Unique within the project.
    pub id: RelationId,
    /// The name of its type, e.g. `said by`.
    pub kind: String,
    /// The annotation it goes from (for a symmetric type, one end).
    pub from: AnnotationId,
    /// The annotation it goes to (for a symmetric type, the other end).
    pub to: AnnotationId,
    /// Free text; empty when there is none.
    pub note: String,
    /// Who made it; empty when unknown.
    pub annotator: String,
    /// When it was made.
    pub created: Timestamp,
    /// When it last changed.
    pub updated: Timestamp,
}

impl Relation {
    /// What makes a link the same as another, as one string: its type and its ends (in
    /// order, unless `symmetric`), for telling repeated links apart with a set.
    pub fn link_key(&self, symmetric: bool) -> String {
        link_key(&self.kind, &self.from.0, &self.to.0, symmetric)
    }

    /// Whether this relation joins the same two annotations as `other` with the same
    /// type, the order of the ends counting only when `symmetric` is not set.
    pub fn same_link(&self, other: &Relation, symmetric: bool) -> bool {
        self.kind == other.kind
            && ((self.from == other.from && self.to == other.to)
                || (symmetric && self.from == other.to && self.to == other.from))
    }

    /// The end that is not `id` (for a relation from `id` to itself, `id`).
    pub fn other_end(&self, id: &AnnotationId) -> &AnnotationId {
        if &self.from == id { &self.to } else { &self.from }
    }
}

/// `relations`, each once, in the order first met. (Not sorted: each sort written out
/// is another few kilobytes of the browser's bundle, and no caller needs an order.)
pub fn unique<'a>(relations: impl IntoIterator<Item = &'a Relation>) -> Vec<&'a Relation> {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    relations
        .into_iter()
        .filter(|r| seen.insert(r.id.0.as_str()))
        .collect()
}

/// [`Relation::link_key`] of a relation of type `kind` from `from` to `to`.
pub fn link_key(kind: &str, from: &str, to: &str, symmetric: bool) -> String {
    let (a, b) = if symmetric && to < from {
        (to, from)
    } else {
        (from, to)
    };
    format!("{kind}\u{0}{a}\u{0}{b}")
}

/// A kind of relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationType {
    /// The name shown and exported, e.g. `said by`.
    pub name: String,
    /// `#rrggbb`, the colour of its arcs.
    pub color: String,
    /// The key that picks it when linking, if any.
    pub hotkey: Option<char>,
    /// Whether its two ends are alike (no direction).
    pub symmetric: bool,
    /// Whether its ends may be in different documents.
    pub across_documents: bool,
    /// The labels allowed at the `from` end; empty: any.
    pub from: Vec<String>,
    /// The labels allowed at the `to` end; empty: any.
    pub to: Vec<String>,
    /// What it is for and when to use it, for the people annotating (empty: none).
    pub description: String,
}

impl RelationType {
    /// Whether an annotation labelled `label` may stand at the `from` end.
    pub fn allows_from(&self, label: &str) -> bool {
        self.from.is_empty() || self.from.iter().any(|l| l == label)
    }

    /// Whether an annotation labelled `label` may stand at the `to` end.
    pub fn allows_to(&self, label: &str) -> bool {
        self.to.is_empty() || self.to.iter().any(|l| l == label)
    }

    /// Which way round annotations labelled `a` and `b` can be joined by this type:
    /// `Some(true)` with `a` at the `from` end, `Some(false)` with `b` there, `None`
    /// when neither fits. The order asked for wins when both do.
    pub fn orientation(&self, a: &str, b: &str) -> Option<bool> {
        if self.allows_from(a) && self.allows_to(b) {
            Some(true)
        } else if self.allows_from(b) && self.allows_to(a) {
            Some(false)
        } else {
            None
        }
    }

    /// Whether an annotation labelled `label` may stand at either end.
    pub fn takes(&self, label: &str) -> bool {
        self.allows_from(label) || self.allows_to(label)
    }

    /// Whether annotations labelled `from` and `to` may be linked by this type in that
    /// order (for a symmetric type, in either).
    pub fn allows(&self, from: &str, to: &str) -> bool {
        (self.allows_from(from) && self.allows_to(to))
            || (self.symmetric && self.allows_from(to) && self.allows_to(from))
    }
}

/// Why a relation type cannot join a set.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RelationTypeError {
    /// The name is blank.
    #[error("a relation type needs a name")]
    EmptyName,
    /// Another type has the name (ignoring case).
    #[error("there is already a relation type named `{0}`")]
    DuplicateName(String),
    /// Another type has the hotkey.
    #[error("the key `{key}` is already the hotkey of relation type `{owner}`")]
    DuplicateHotkey {
        /// The key.
        key: char,
        /// The type that has it.
        owner: String,
    },
    /// The hotkey is not a visible character.
    #[error("`{0:?}` cannot be a hotkey: use a letter, digit or symbol")]
    BadHotkey(char),
    /// The colour is not `#rrggbb`.
    #[error("`{0}` is not a colour of the form #rrggbb")]
    BadColor(String),
}

/// The relation types of a project, in the order they are offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationTypes {
    types: Vec<RelationType>,
}

impl Default for RelationTypes {
    /// `said by`, `about`, `supports`, `same claim` and `contradicts`.
    fn default() -> RelationTypes {
        let kind =
            |name: &str, color: &str, key, symmetric, across, from: &str, to: &str, description: &str| {
                RelationType {
                    name: name.to_owned(),
                    color: color.to_owned(),
                    hotkey: Some(key),
                    symmetric,
                    across_documents: across,
                    from: vec![from.to_owned()],
                    to: vec![to.to_owned()],
                    description: description.to_owned(),
                }
            };
        RelationTypes {
            types: vec![
                kind(
                    "said by",
                    "#5f3dc4",
                    's',
                    false,
                    false,
                    "Claim",
                    "Actor",
                    "The Actor who makes the Claim.",
                ),
                kind(
                    "about",
                    "#0b7285",
                    'a',
                    false,
                    false,
                    "Claim",
                    "Actor",
                    "An Actor the Claim is about.",
                ),
                kind(
                    "supports",
                    "#2b8a3e",
                    'u',
                    false,
                    false,
                    "Figure",
                    "Claim",
                    "A Figure the Claim rests on.",
                ),
                kind(
                    "same claim",
                    "#c2255c",
                    'c',
                    true,
                    true,
                    "Claim",
                    "Claim",
                    "The same Claim, here or in another article.",
                ),
                kind(
                    "contradicts",
                    "#e03131",
                    'x',
                    true,
                    true,
                    "Claim",
                    "Claim",
                    "Claims that cannot both be true, here or in another article.",
                ),
            ],
        }
    }
}

impl RelationTypes {
    /// A set with no types.
    pub fn empty() -> RelationTypes {
        RelationTypes { types: Vec::new() }
    }

    /// The default types whose labels are all in `labels` (the defaults a file from
    /// before relations gets).
    pub fn defaults_for(labels: &crate::LabelSet) -> RelationTypes {
        let mut set = RelationTypes::default();
        set.keep_labels(labels);
        set
    }

    /// Inserts `kind` at `index` (at most the length), if it fits the set.
    pub fn insert(&mut self, index: usize, kind: RelationType) -> Result<(), RelationTypeError> {
        self.check(&kind, None)?;
        self.types.insert(index.min(self.types.len()), kind);
        Ok(())
    }

    /// Adds `kind` at the end, if it fits the set.
    pub fn add(&mut self, kind: RelationType) -> Result<(), RelationTypeError> {
        self.insert(self.types.len(), kind)
    }

    /// Puts `kind` in place of the type at `index` if it fits the others; returns the
    /// type that was there.
    pub fn replace(&mut self, index: usize, kind: RelationType) -> Result<RelationType, RelationTypeError> {
        if index >= self.types.len() {
            return Err(RelationTypeError::EmptyName);
        }
        self.check(&kind, Some(index))?;
        Ok(std::mem::replace(&mut self.types[index], kind))
    }

    /// Removes the type at `index`.
    pub fn remove_at(&mut self, index: usize) -> Option<RelationType> {
        (index < self.types.len()).then(|| self.types.remove(index))
    }

    fn check(&self, kind: &RelationType, except: Option<usize>) -> Result<(), RelationTypeError> {
        if kind.name.trim().is_empty() {
            return Err(RelationTypeError::EmptyName);
        }
        if !crate::label::is_hex_color(&kind.color) {
            return Err(RelationTypeError::BadColor(kind.color.clone()));
        }
        let others = || {
            self.types
                .iter()
                .enumerate()
                .filter(move |(i, _)| Some(*i) != except)
                .map(|(_, t)| t)
        };
        let folded = kind.name.to_lowercase();
        if others().any(|t| t.name.to_lowercase() == folded) {
            return Err(RelationTypeError::DuplicateName(kind.name.clone()));
        }
        if let Some(key) = kind.hotkey {
            if key.is_whitespace() || key.is_control() {
                return Err(RelationTypeError::BadHotkey(key));
            }
            if let Some(owner) = others().find(|t| t.hotkey == Some(key)) {
                return Err(RelationTypeError::DuplicateHotkey {
                    key,
                    owner: owner.name.clone(),
                });
            }
        }
        Ok(())
    }

    /// Where the type named exactly `name` is.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.types.iter().position(|t| t.name == name)
    }

    /// The type named exactly `name`.
    pub fn get(&self, name: &str) -> Option<&RelationType> {
        self.types.iter().find(|t| t.name == name)
    }

    /// The name `name` has in this set: its own when the set has it or can take it (as
    /// a new type with `color`, any labels at either end, within documents unless
    /// `across`), else that of the type whose name equals it ignoring case.
    pub fn name_for(&mut self, name: &str, color: &str, across: bool) -> Result<String, RelationTypeError> {
        if self.get(name).is_some() {
            return Ok(name.to_owned());
        }
        let folded = name.to_lowercase();
        if let Some(same) = self.types.iter().find(|t| t.name.to_lowercase() == folded) {
            return Ok(same.name.clone());
        }
        self.add(RelationType {
            name: name.to_owned(),
            color: color.to_owned(),
            hotkey: None,
            symmetric: false,
            across_documents: across,
            from: Vec::new(),
            to: Vec::new(),
            description: String::new(),
        })?;
        Ok(name.to_owned())
    }

    /// Mutable access to the type named `name`, for readers that learn more about a
    /// type than its name (a brat `annotation.conf`).
    pub fn get_mut(&mut self, name: &str) -> Option<&mut RelationType> {
        self.types.iter_mut().find(|t| t.name == name)
    }

    /// The type whose hotkey is `key`.
    pub fn by_hotkey(&self, key: char) -> Option<&RelationType> {
        self.types.iter().find(|t| t.hotkey == Some(key))
    }

    /// The types in order.
    pub fn iter(&self) -> impl Iterator<Item = &RelationType> {
        self.types.iter()
    }

    /// How many types there are.
    pub fn len(&self) -> usize {
        self.types.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// Carries a label's new name into every type's lists of labels.
    pub(crate) fn rename_label(&mut self, from: &str, to: &str) {
        for kind in &mut self.types {
            for name in kind.from.iter_mut().chain(kind.to.iter_mut()) {
                if name == from {
                    *name = to.to_owned();
                }
            }
        }
    }

    /// Drops the types that name a label not in `labels`.
    pub(crate) fn keep_labels(&mut self, labels: &crate::LabelSet) {
        self.types
            .retain(|t| t.from.iter().chain(&t.to).all(|l| labels.get(l).is_some()));
    }

    /// The first type that names label `label` at an end.
    pub fn naming_label(&self, label: &str) -> Option<&RelationType> {
        self.types
            .iter()
            .find(|t| t.from.iter().chain(&t.to).any(|l| l == label))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_link_claims_actors_and_figures() {
        let types = RelationTypes::default();
        let names: Vec<_> = types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            ["said by", "about", "supports", "same claim", "contradicts"]
        );
        let said = types.get("said by").unwrap();
        assert!(said.allows("Claim", "Actor"));
        assert!(!said.allows("Actor", "Claim"), "said by has a direction");
        let same = types.get("same claim").unwrap();
        assert!(same.symmetric && same.across_documents);
        assert!(!types.get("supports").unwrap().allows("Claim", "Figure"));
    }

    #[test]
    fn defaults_for_a_file_keep_the_types_its_labels_allow() {
        let mut labels = crate::LabelSet::empty();
        labels
            .add(crate::Label {
                name: "Claim".into(),
                color: "#000000".into(),
                hotkey: None,
                fields: Vec::new(),
                description: String::new(),
            })
            .unwrap();
        let names: Vec<String> = RelationTypes::defaults_for(&labels)
            .iter()
            .map(|t| t.name.clone())
            .collect();
        assert_eq!(names, ["same claim", "contradicts"]);
    }

    #[test]
    fn names_and_hotkeys_stay_unique() {
        let mut types = RelationTypes::default();
        let mut quoted = types.get("said by").unwrap().clone();
        quoted.name = "Said By".into();
        assert_eq!(
            types.add(quoted.clone()),
            Err(RelationTypeError::DuplicateName("Said By".into()))
        );
        quoted.name = "цитирует".into();
        assert!(matches!(
            types.add(quoted.clone()),
            Err(RelationTypeError::DuplicateHotkey { key: 's', .. })
        ));
        quoted.hotkey = Some('q');
        assert_eq!(types.add(quoted), Ok(()));
        assert_eq!(
            types.name_for("SAME CLAIM", "#000000", true),
            Ok("same claim".into())
        );
        assert_eq!(types.name_for("cites", "#000000", false), Ok("cites".into()));
        assert!(
            types.get("cites").unwrap().allows("Figure", "Actor"),
            "a type from a file allows any labels"
        );
        let first = types.get("said by").unwrap().clone();
        let renamed = RelationType {
            name: "quoted from".into(),
            ..first.clone()
        };
        assert_eq!(
            types.replace(0, renamed),
            Ok(first),
            "a type may keep its own hotkey"
        );
    }
}
