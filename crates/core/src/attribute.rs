//! Attributes: the fields a label declares, and the values annotations give them.
//!
//! A label may declare [`Field`]s — a choice from a list, free text, yes/no, a number,
//! or a Wikidata item id — and each annotation with that label may give each field a
//! [`Value`]. A field without a value is simply absent from the annotation's
//! [`Attributes`]; a value is always one its field accepts ([`Field::check`]).
//!
//! ```text
//!  label Claim ── fields: check-worthy (choice), quote (choice), verdict (text)
//!  annotation a1 (Claim) ── attributes: { check-worthy: "check-worthy", quote: "direct" }
//! ```
//!
//! The defaults follow the data fact-checkers build: ClaimBuster's three classes for
//! whether a sentence is worth checking, PARC's direct/indirect/mixed quotes, a verdict
//! in the words of a ClaimReview rating, and an Actor's Wikidata item.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use thiserror::Error;

/// An annotation's values, by field name.
pub type Attributes = BTreeMap<String, Value>;

/// What kind of value a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    /// One of the field's options.
    Choice,
    /// Any text; the options are suggestions.
    Text,
    /// Yes or no.
    YesNo,
    /// A finite number.
    Number,
    /// A Wikidata item id: `Q` and digits, such as `Q7747`.
    Wikidata,
}

read_name!(FieldKind {
    Choice = "choice",
    Text = "text",
    YesNo = "yes-no",
    Number = "number",
    Wikidata = "wikidata",
});

impl FieldKind {
    /// Every kind, in the order the label editor offers them.
    pub const ALL: [FieldKind; 5] = [
        FieldKind::Choice,
        FieldKind::Text,
        FieldKind::YesNo,
        FieldKind::Number,
        FieldKind::Wikidata,
    ];

    /// The name files use.
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Choice => "choice",
            FieldKind::Text => "text",
            FieldKind::YesNo => "yes-no",
            FieldKind::Number => "number",
            FieldKind::Wikidata => "wikidata",
        }
    }

    /// The kind named `name` (as [`FieldKind::name`] gives it).
    pub fn from_name(name: &str) -> Option<FieldKind> {
        FieldKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// A field a label declares.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// Unique among the label's fields, e.g. `check-worthy`.
    pub name: String,
    /// What values it takes.
    pub kind: FieldKind,
    /// For a choice, the values allowed; for text, suggestions; otherwise empty.
    pub options: Vec<String>,
}

/// A field's value. In files: a string for a choice, text or Wikidata id, `true` or
/// `false` for yes/no, a JSON number for a number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// Yes or no.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A choice, text or id.
    Text(String),
}

/// Values in a fixed order — yes/no, then numbers, then texts, each by its plain form —
/// so that marks carrying them can be sorted.
impl Ord for Value {
    fn cmp(&self, other: &Value) -> std::cmp::Ordering {
        let rank = |v: &Value| match v {
            Value::Bool(_) => 0,
            Value::Number(_) => 1,
            Value::Text(_) => 2,
        };
        (rank(self), self.to_plain()).cmp(&(rank(other), other.to_plain()))
    }
}

impl PartialOrd for Value {
    fn partial_cmp(&self, other: &Value) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Value {
    /// The value as people read it: the text, `yes`/`no`, or the number.
    pub fn display(&self) -> String {
        match self {
            Value::Bool(true) => "yes".to_owned(),
            Value::Bool(false) => "no".to_owned(),
            Value::Number(n) => n.to_string(),
            Value::Text(text) => text.clone(),
        }
    }

    /// The value as a plain string for formats that hold only strings (brat, CSV):
    /// the text, `true`/`false`, or the number.
    pub fn to_plain(&self) -> String {
        match self {
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::Text(text) => text.clone(),
        }
    }

    /// The value of field `field` written as a plain string (the inverse of
    /// [`Value::to_plain`]; for yes/no also `yes`, `no`, `1`, `0`), checked.
    pub fn from_plain(field: &Field, plain: &str) -> Result<Value, FieldError> {
        let value = match field.kind {
            FieldKind::YesNo => match plain.trim().to_lowercase().as_str() {
                "true" | "yes" | "1" => Value::Bool(true),
                "false" | "no" | "0" => Value::Bool(false),
                _ => Value::Text(plain.to_owned()),
            },
            // serde_json's own number reader (the app has it already), not f64's.
            FieldKind::Number => match serde_json::from_str::<serde_json::Number>(plain.trim()) {
                Ok(n) => Value::Number(number_tidy(n)),
                Err(_) => Value::Text(plain.to_owned()),
            },
            _ => Value::Text(plain.to_owned()),
        };
        field.check(&value)?;
        Ok(value)
    }
}

/// An integral number as an integer (`3`, not `3.0`), so values read from text
/// compare equal to the same values written as JSON integers.
fn number_tidy(n: serde_json::Number) -> serde_json::Number {
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => serde_json::Number::from(f as i64),
        _ => n,
    }
}

/// Why a field or a value cannot be.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FieldError {
    /// The field's name is blank.
    #[error("a field needs a name")]
    EmptyName,
    /// Two fields of one label have the same name.
    #[error("the label already has a field named `{0}`")]
    DuplicateName(String),
    /// A choice field offers nothing to choose.
    #[error("field `{0}` is a choice but has no options")]
    NoOptions(String),
    /// An option is blank or given twice.
    #[error("field `{field}`: the option {option:?} is blank or given twice")]
    BadOption {
        /// The field.
        field: String,
        /// The option.
        option: String,
    },
    /// The value is not one the field takes.
    #[error("field `{field}` takes {expected}, not {found}")]
    BadValue {
        /// The field.
        field: String,
        /// What it takes.
        expected: String,
        /// The value given, as JSON.
        found: String,
    },
    /// A field written in the label editor's line that cannot be read.
    #[error(
        "{0:?} is not a field: write `name: kind` (kinds: choice, text, yes-no, number, wikidata), options in [a | b], fields separated by ;"
    )]
    Unreadable(String),
    /// The label has no such field.
    #[error("label `{label}` has no field `{field}`")]
    UnknownField {
        /// The label.
        label: String,
        /// The field asked for.
        field: String,
    },
}

impl Field {
    /// A field named `name` of `kind` with `options`.
    pub fn new(name: &str, kind: FieldKind, options: &[&str]) -> Field {
        Field {
            name: name.to_owned(),
            kind,
            options: options.iter().map(|&o| o.to_owned()).collect(),
        }
    }

    /// Whether `value` is one this field takes.
    pub fn check(&self, value: &Value) -> Result<(), FieldError> {
        let fits = match (self.kind, value) {
            (FieldKind::Choice, Value::Text(text)) => self.options.iter().any(|o| o == text),
            (FieldKind::Text, Value::Text(text)) => !text.trim().is_empty(),
            (FieldKind::YesNo, Value::Bool(_)) => true,
            (FieldKind::Number, Value::Number(n)) => n.as_f64().is_some_and(f64::is_finite),
            (FieldKind::Wikidata, Value::Text(text)) => is_wikidata_item(text),
            _ => false,
        };
        if fits {
            return Ok(());
        }
        Err(FieldError::BadValue {
            field: self.name.clone(),
            expected: self.expects(),
            found: serde_json::to_string(value).expect("a value serialises"),
        })
    }

    /// What the field takes, in words.
    pub fn expects(&self) -> String {
        match self.kind {
            FieldKind::Choice => format!(
                "one of {}",
                self.options
                    .iter()
                    .map(|o| format!("{o:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            FieldKind::Text => "text that is not blank".to_owned(),
            FieldKind::YesNo => "true or false".to_owned(),
            FieldKind::Number => "a number".to_owned(),
            FieldKind::Wikidata => "a Wikidata item id such as \"Q7747\"".to_owned(),
        }
    }
}

/// Whether `id` has the shape of a Wikidata item id: `Q`, then digits not starting
/// with 0.
pub fn is_wikidata_item(id: &str) -> bool {
    let Some(digits) = id.strip_prefix('Q') else {
        return false;
    };
    !digits.is_empty() && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Checks a label's fields: names not blank and unique, choices with options, no
/// option blank or twice.
pub fn check_fields(fields: &[Field]) -> Result<(), FieldError> {
    let mut names = std::collections::HashSet::new();
    for field in fields {
        if field.name.trim().is_empty() {
            return Err(FieldError::EmptyName);
        }
        if !names.insert(field.name.as_str()) {
            return Err(FieldError::DuplicateName(field.name.clone()));
        }
        if field.kind == FieldKind::Choice && field.options.is_empty() {
            return Err(FieldError::NoOptions(field.name.clone()));
        }
        let mut options = std::collections::HashSet::new();
        if let Some(bad) = field
            .options
            .iter()
            .find(|o| o.trim().is_empty() || !options.insert(o.as_str()))
        {
            return Err(FieldError::BadOption {
                field: field.name.clone(),
                option: bad.clone(),
            });
        }
    }
    Ok(())
}

/// A label's fields as one line the label editor shows and reads: each field as
/// `name: kind`, options in brackets separated by `|`, fields separated by `;`:
/// `quote: choice[direct | indirect | mixed]; wikidata: wikidata`.
pub fn fields_to_line(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| {
            let options = if f.options.is_empty() {
                String::new()
            } else {
                format!("[{}]", f.options.join(" | "))
            };
            format!("{}: {}{options}", f.name, f.kind.name())
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The fields a line written as [`fields_to_line`] writes them names, checked
/// ([`check_fields`]); a blank line is no fields. A name, option or kind cannot hold
/// `;`, `:`, `[`, `]` or `|`.
pub fn fields_from_line(line: &str) -> Result<Vec<Field>, FieldError> {
    let mut fields = Vec::new();
    for part in line.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, rest) = part
            .split_once(':')
            .ok_or_else(|| FieldError::Unreadable(part.to_owned()))?;
        let rest = rest.trim();
        let (kind, options) = match rest.split_once('[') {
            Some((kind, options)) => {
                let options = options
                    .strip_suffix(']')
                    .ok_or_else(|| FieldError::Unreadable(part.to_owned()))?;
                (
                    kind.trim(),
                    options.split('|').map(|o| o.trim().to_owned()).collect(),
                )
            }
            None => (rest, Vec::new()),
        };
        let kind = FieldKind::from_name(kind).ok_or_else(|| FieldError::Unreadable(part.to_owned()))?;
        fields.push(Field {
            name: name.trim().to_owned(),
            kind,
            options,
        });
    }
    check_fields(&fields)?;
    Ok(fields)
}

/// Checks `attributes` against the fields of `label`: every value names a field and
/// fits it.
pub fn check_attributes(label: &str, fields: &[Field], attributes: &Attributes) -> Result<(), FieldError> {
    for (name, value) in attributes {
        let field = fields
            .iter()
            .find(|f| &f.name == name)
            .ok_or_else(|| FieldError::UnknownField {
                label: label.to_owned(),
                field: name.clone(),
            })?;
        field.check(value)?;
    }
    Ok(())
}

/// The values of `attributes` that `fields` take; the others are left out.
pub fn keep_fitting(fields: &[Field], attributes: &Attributes) -> Attributes {
    attributes
        .iter()
        .filter(|(name, value)| fields.iter().any(|f| &f.name == *name && f.check(value).is_ok()))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}

/// `attributes` as `fields` hold them: a value that fits is kept, one another kind of
/// field would hold (`"false"` for a yes/no, `true` for a text, `"12"` for a number)
/// is converted through its plain form ([`Value::from_plain`]); the rest — values of a
/// field not in `fields`, or that no conversion fits — are returned beside, by field.
pub fn fit(fields: &[Field], attributes: &Attributes) -> (Attributes, Vec<(String, Value)>) {
    let mut kept = Attributes::new();
    let mut unfit = Vec::new();
    for (name, value) in attributes {
        let fitted = fields.iter().find(|f| &f.name == name).and_then(|field| {
            if field.check(value).is_ok() {
                Some(value.clone())
            } else {
                Value::from_plain(field, &value.to_plain()).ok()
            }
        });
        match fitted {
            Some(value) => {
                kept.insert(name.clone(), value);
            }
            None => unfit.push((name.clone(), value.clone())),
        }
    }
    (kept, unfit)
}

/// The ratings of ClaimReview as fact-checkers commonly word them, offered for a verdict.
pub const VERDICTS: [&str; 7] = [
    "True",
    "Mostly true",
    "Half true",
    "Mostly false",
    "False",
    "Misleading",
    "Unproven",
];

/// The fields factmark's default labels declare, by label name.
pub fn default_fields(label: &str) -> Vec<Field> {
    match label {
        "Claim" => vec![
            Field::new(
                "check-worthy",
                FieldKind::Choice,
                &["check-worthy", "not check-worthy", "not factual"],
            ),
            Field::new("quote", FieldKind::Choice, &["direct", "indirect", "mixed"]),
            Field::new("verdict", FieldKind::Text, &VERDICTS),
        ],
        "Actor" => vec![Field::new("wikidata", FieldKind::Wikidata, &[])],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_another_kind_are_fitted_to_the_fields_and_the_rest_returned() {
        let fields = default_fields("Claim")
            .into_iter()
            .chain([
                Field::new("exact", FieldKind::YesNo, &[]),
                Field::new("troops", FieldKind::Number, &[]),
            ])
            .collect::<Vec<_>>();
        let read: Attributes = [
            ("verdict", Value::Bool(false)),
            ("exact", Value::Text("yes".into())),
            ("troops", Value::Text("12000".into())),
            ("quote", Value::Text("direct".into())),
            ("check-worthy", Value::Text("maybe 🇧🇾".into())),
            ("place", Value::Text("Brest".into())),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let (kept, unfit) = fit(&fields, &read);
        assert_eq!(kept.get("verdict"), Some(&Value::Text("false".into())));
        assert_eq!(kept.get("exact"), Some(&Value::Bool(true)));
        assert_eq!(kept.get("troops"), Some(&Value::Number(12000.into())));
        assert_eq!(kept.get("quote"), Some(&Value::Text("direct".into())));
        assert!(check_attributes("Claim", &fields, &kept).is_ok());
        let names: Vec<&str> = unfit.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["check-worthy", "place"]);
    }

    fn text(s: &str) -> Value {
        Value::Text(s.to_owned())
    }

    #[test]
    fn each_kind_takes_its_own_values_only() {
        let claim = default_fields("Claim");
        let worthy = &claim[0];
        assert!(worthy.check(&text("not factual")).is_ok());
        assert!(worthy.check(&text("Not factual")).is_err(), "choices are exact");
        assert!(
            claim[2].check(&text("Четверть правды 🇧🇾")).is_ok(),
            "a verdict may be any text"
        );
        assert!(claim[2].check(&text("  ")).is_err());
        let wikidata = &default_fields("Actor")[0];
        for good in ["Q7747", "Q184", "Q1"] {
            assert!(wikidata.check(&text(good)).is_ok(), "{good}");
        }
        for bad in ["Q", "Q07747", "q7747", "P31", "Q77 47", "Q7747\u{301}", "Q٧٧"] {
            assert!(wikidata.check(&text(bad)).is_err(), "{bad}");
        }
        let yes = Field::new("confirmed", FieldKind::YesNo, &[]);
        assert!(yes.check(&Value::Bool(false)).is_ok());
        assert!(yes.check(&text("false")).is_err());
        let count = Field::new("troops", FieldKind::Number, &[]);
        assert!(count.check(&Value::Number(30_000.into())).is_ok());
        assert!(count.check(&text("30000")).is_err());
    }

    #[test]
    fn plain_strings_read_back_as_the_values_they_were() {
        let count = Field::new("troops", FieldKind::Number, &[]);
        let yes = Field::new("confirmed", FieldKind::YesNo, &[]);
        for (field, value) in [
            (&count, Value::Number(30_000.into())),
            (&count, Value::Number(serde_json::Number::from_f64(2.5).unwrap())),
            (&yes, Value::Bool(true)),
            (&default_fields("Actor")[0], text("Q7747")),
        ] {
            assert_eq!(Value::from_plain(field, &value.to_plain()), Ok(value));
        }
        assert_eq!(Value::from_plain(&yes, "no"), Ok(Value::Bool(false)));
        assert!(Value::from_plain(&count, "many").is_err());
        assert!(Value::from_plain(&count, "NaN").is_err());
    }

    #[test]
    fn a_label_s_fields_are_checked_together() {
        assert_eq!(check_fields(&default_fields("Claim")), Ok(()));
        let twice = vec![
            Field::new("quote", FieldKind::Text, &[]),
            Field::new("quote", FieldKind::YesNo, &[]),
        ];
        assert_eq!(
            check_fields(&twice),
            Err(FieldError::DuplicateName("quote".into()))
        );
        assert_eq!(
            check_fields(&[Field::new("side", FieldKind::Choice, &[])]),
            Err(FieldError::NoOptions("side".into()))
        );
        assert!(check_fields(&[Field::new("side", FieldKind::Choice, &["a", "a"])]).is_err());
        let mut attributes = Attributes::new();
        attributes.insert("quote".into(), text("direct"));
        assert_eq!(
            check_attributes("Claim", &default_fields("Claim"), &attributes),
            Ok(())
        );
        assert!(check_attributes("Actor", &default_fields("Actor"), &attributes).is_err());
        assert!(keep_fitting(&default_fields("Actor"), &attributes).is_empty());
    }

    #[test]
    fn values_are_json_as_files_hold_them() {
        let mut attributes = Attributes::new();
        attributes.insert("quote".into(), text("direct"));
        attributes.insert("confirmed".into(), Value::Bool(true));
        attributes.insert("troops".into(), Value::Number(30_000.into()));
        let json = serde_json::to_string(&attributes).unwrap();
        assert_eq!(json, r#"{"confirmed":true,"quote":"direct","troops":30000}"#);
        assert_eq!(serde_json::from_str::<Attributes>(&json).unwrap(), attributes);
    }

    #[test]
    fn the_editor_line_round_trips_every_kind_and_names_what_it_cannot_read() {
        let fields = default_fields("Claim")
            .into_iter()
            .chain([
                Field::new("wikidata", FieldKind::Wikidata, &[]),
                Field::new("named", FieldKind::YesNo, &[]),
                Field::new("число 🇧🇾", FieldKind::Number, &[]),
            ])
            .collect::<Vec<_>>();
        let line = fields_to_line(&fields);
        assert!(line.starts_with("check-worthy: choice[check-worthy | not check-worthy | not factual]; quote: choice[direct | indirect | mixed]; verdict: text[True |"), "{line}");
        assert_eq!(fields_from_line(&line).unwrap(), fields);
        assert_eq!(fields_from_line("  ").unwrap(), []);
        assert!(matches!(
            fields_from_line("quote"),
            Err(FieldError::Unreadable(_))
        ));
        assert!(matches!(
            fields_from_line("quote: colour"),
            Err(FieldError::Unreadable(_))
        ));
        assert!(matches!(
            fields_from_line("quote: choice[a | b"),
            Err(FieldError::Unreadable(_))
        ));
        assert_eq!(
            fields_from_line("q: choice"),
            Err(FieldError::NoOptions("q".into()))
        );
        assert_eq!(
            fields_from_line("q: text; q: number"),
            Err(FieldError::DuplicateName("q".into()))
        );
    }
}
