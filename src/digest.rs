//! A text's SHA-256 (its identity: see `factmark_core::format::plain`) worked out by
//! the browser's SubtleCrypto, in native code off the main thread.
//!
//! The module's own SHA-256 gives the same digest, but on a page that has just
//! loaded, WebAssembly runs in its quick baseline compilation: the first long text
//! hashed there held the main thread for 13–22 ms of a 300 KB article, and that
//! text is the one somebody is waiting to see. SubtleCrypto exists only in secure
//! contexts (https, or a server on this machine); elsewhere [`sha256_hex`] answers
//! `None` and the core hashes the text itself.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The SHA-256 of `bytes` in lowercase hex, or `None` where the browser offers no
/// SubtleCrypto. The bytes are copied when the digest starts, so the caller may
/// change or drop them while it runs.
pub async fn sha256_hex(bytes: &[u8]) -> Option<String> {
    let subtle = gloo::utils::window().crypto().ok()?.subtle();
    // In an insecure context `crypto.subtle` is undefined.
    if subtle.is_undefined() {
        return None;
    }
    let digest = subtle.digest_with_str_and_u8_array("SHA-256", bytes).ok()?;
    let digest = JsFuture::from(digest).await.ok()?;
    let digest = js_sys::Uint8Array::new(digest.unchecked_ref()).to_vec();
    Some(digest.iter().map(|byte| format!("{byte:02x}")).collect())
}
