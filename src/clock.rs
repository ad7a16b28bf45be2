//! The impure inputs edits need — the time and fresh ids — read in one place, so the
//! reducer stays pure and receives them in its messages.

use factmark_core::{AnnotationId, RelationId, Timestamp};

/// The current time.
pub fn now() -> Timestamp {
    Timestamp::from_millis(js_sys::Date::now() as i64)
}

/// A new annotation id, unique across tabs and sessions in practice: the time in
/// milliseconds and 40 random bits, in base 36.
pub fn new_annotation_id() -> AnnotationId {
    AnnotationId(fresh_id("a"))
}

/// A new relation id, made as annotation ids are.
pub fn new_relation_id() -> RelationId {
    RelationId(fresh_id("r"))
}

fn fresh_id(prefix: &str) -> String {
    let time = js_sys::Date::now() as u64;
    let random = (js_sys::Math::random() * (1u64 << 40) as f64) as u64;
    format!("{prefix}-{}-{}", base36(time), base36(random))
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII digits")
}
