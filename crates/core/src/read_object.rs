//! [`read_object!`]: a small hand-rolled reader of JSON objects, for the browser's bundle.

/// Implements `Deserialize` for a struct read from a JSON object by hand: each field
/// once under its key (`or` a default when it may be missing), no other keys — what
/// `#[derive(Deserialize)]` with `deny_unknown_fields` does, with its error messages, but
/// without the reader of the struct written as an array that the derive adds, and in
/// far less code: the file's reader is most of what the browser downloads of this format.
macro_rules! read_object {
    ($name:ident { $($field:ident : $ty:ty = $key:literal $(or $default:expr)?),* $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                const FIELDS: &[&str] = &[$($key),*];
                struct Visitor;
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }

                    fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<$name, M::Error> {
                        $(let mut $field: Option<$ty> = None;)*
                        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                            match key.as_ref() {
                                $($key => {
                                    if $field.is_some() {
                                        return Err(serde::de::Error::duplicate_field($key));
                                    }
                                    $field = Some(map.next_value()?);
                                })*
                                other => return Err(serde::de::Error::unknown_field(other, FIELDS)),
                            }
                        }
                        Ok($name {
                            $($field: match $field {
                                Some(value) => value,
                                None => read_object!(@missing $key $(, $default)?),
                            },)*
                        })
                    }
                }
                deserializer.deserialize_struct(stringify!($name), FIELDS, Visitor)
            }
        }
    };
    (@missing $key:literal, $default:expr) => { $default };
    (@missing $key:literal) => { return Err(serde::de::Error::missing_field($key)) };
}

/// Implements `Deserialize` for a unit enum read from one of its names (a JSON string),
/// as a derive with `rename_all` does, with its error message, in less code.
macro_rules! read_name {
    ($name:ident { $($variant:ident = $key:literal),* $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                const NAMES: &[&str] = &[$($key),*];
                let name = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                match name.as_ref() {
                    $($key => Ok($name::$variant),)*
                    other => Err(serde::de::Error::unknown_variant(other, NAMES)),
                }
            }
        }
    };
}

/// A field of a [`read_object!`] struct that may be missing (`None`) or given, read
/// without the code `Option` adds to read a JSON `null` (which it refuses instead).
pub(crate) struct Given<T>(pub Option<T>);

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Given<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Given<T>, D::Error> {
        T::deserialize(deserializer).map(|value| Given(Some(value)))
    }
}
