//! [`Timestamp`]: when an annotation was made or last changed.
//!
//! The core never reads a clock (it must behave the same natively, in wasm and in
//! tests); callers pass the current time in. Files carry timestamps as RFC 3339 UTC
//! strings with millisecond precision, e.g. `2026-11-24T09:30:00.125Z`.

use thiserror::Error;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Milliseconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(i64);

/// A timestamp that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("`{text}` is not an RFC 3339 date and time such as 2026-11-24T09:30:00Z")]
pub struct TimestampError {
    text: String,
}

impl Timestamp {
    /// The timestamp `millis` milliseconds after the Unix epoch.
    pub fn from_millis(millis: i64) -> Timestamp {
        Timestamp(millis)
    }

    /// Milliseconds since the Unix epoch.
    pub fn millis(self) -> i64 {
        self.0
    }

    /// Reads an RFC 3339 date and time in any offset; sub-millisecond digits are dropped.
    pub fn parse_rfc3339(text: &str) -> Result<Timestamp, TimestampError> {
        let err = || TimestampError {
            text: text.to_owned(),
        };
        let parsed = OffsetDateTime::parse(text, &Rfc3339).map_err(|_| err())?;
        let millis = parsed.unix_timestamp_nanos().div_euclid(1_000_000);
        i64::try_from(millis).map(Timestamp).map_err(|_| err())
    }

    /// The RFC 3339 form in UTC, with milliseconds.
    pub fn to_rfc3339(self) -> String {
        // Every i64 millisecond count beyond year 9999 is clamped there: RFC 3339 has
        // four-digit years, and no annotation is made that late.
        const MAX: i64 = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
        const MIN: i64 = -62_135_596_800_000; // 0001-01-01T00:00:00Z
        let millis = self.0.clamp(MIN, MAX);
        let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
            .expect("clamped into the representable range");
        let (date, time) = (at.date(), at.time());
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            date.year(),
            u8::from(date.month()),
            date.day(),
            time.hour(),
            time.minute(),
            time.second(),
            time.millisecond()
        )
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Timestamp::parse_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn writes_utc_with_milliseconds() {
        assert_eq!(Timestamp::from_millis(0).to_rfc3339(), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            Timestamp::from_millis(1_795_512_600_125).to_rfc3339(),
            "2026-11-24T09:30:00.125Z"
        );
    }

    #[test]
    fn reads_any_offset() {
        let utc = Timestamp::parse_rfc3339("2026-11-24T09:30:00Z").unwrap();
        let minsk = Timestamp::parse_rfc3339("2026-11-24T12:30:00+03:00").unwrap();
        assert_eq!(utc, minsk);
        assert!(Timestamp::parse_rfc3339("24.11.2026").is_err());
    }

    proptest! {
        #[test]
        fn round_trips(millis in -62_135_596_800_000i64..253_402_300_799_999) {
            let at = Timestamp::from_millis(millis);
            prop_assert_eq!(Timestamp::parse_rfc3339(&at.to_rfc3339()), Ok(at));
        }
    }
}
