//! Offering a file for download, made in the browser.

use wasm_bindgen::JsCast;

/// Makes the browser download `contents` as `file_name`.
pub fn download(file_name: &str, mime: &str, contents: &str) -> Result<(), String> {
    download_bytes(file_name, mime, contents.as_bytes())
}

/// Makes the browser download the bytes `contents` as `file_name`.
pub fn download_bytes(file_name: &str, mime: &str, contents: &[u8]) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|_| {
        format!("could not offer {file_name} for download: the browser would not make the file")
    })?;
    download_blob(file_name, &blob)
}

/// Makes the browser download `blob` as `file_name` (a file made a piece at a time,
/// never one string: see `storage::blob_of`).
pub fn download_blob(file_name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let fail = |what: &str| format!("could not offer {file_name} for download: {what}");
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|_| fail("no object URL"))?;
    let document = gloo::utils::document();
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("no link element"))?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    web_sys::Url::revoke_object_url(&url).ok();
    Ok(())
}

/// The most characters of a title a file name keeps.
const STEM_CHARS: usize = 60;

/// A file name made of `title`: letters, digits and dashes only, never empty; a long
/// title is cut after its last whole word that fits in 60 characters.
pub fn file_stem(title: &str) -> String {
    let mut stem = String::new();
    let mut chars = 0;
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word: String = word.chars().flat_map(char::to_lowercase).collect();
        let n = word.chars().count() + usize::from(!stem.is_empty());
        if chars + n > STEM_CHARS {
            if stem.is_empty() {
                // One word longer than a name: its first letters.
                stem = word.chars().take(STEM_CHARS).collect();
            }
            break;
        }
        if !stem.is_empty() {
            stem.push('-');
        }
        stem.push_str(&word);
        chars += n;
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "document".to_owned()
    } else {
        stem.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_tame() {
        assert_eq!(
            file_stem("Is Putin Slowly Preparing…?"),
            "is-putin-slowly-preparing"
        );
        assert_eq!(file_stem("Войска у границы"), "войска-у-границы");
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem("🇧🇾"), "document");
    }

    /// Issue 14, item 9: a long title is cut at a word boundary.
    #[test]
    fn item_9_download_names_are_cut_at_a_word_boundary() {
        assert_eq!(
            file_stem("Ukraine suspects Russia is about to send more troops from Belarus"),
            "ukraine-suspects-russia-is-about-to-send-more-troops-from"
        );
        assert_eq!(file_stem(&"Ы".repeat(80)), "Ы".repeat(60).to_lowercase());
    }
}
