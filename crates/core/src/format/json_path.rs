//! Where in a JSON document a position is, as a path: `annotations[3].start`.
//!
//! serde_json says where a value it cannot take ends (a line and a column); a reader
//! names the field instead. This walks the text up to that position with a small
//! scanner of its own — keys, indexes and strings, nothing else — rather than reading
//! the file a second time through a path-tracking deserializer, which would build every
//! type's reader twice into the browser's bundle.
//!
//! ```text
//!  {"annotations": [{…}, {…}, {…}, {"start": -4 ← line 1, column 52
//!  path: annotations[3].start
//! ```

/// One open object or array on the way to the position.
enum Frame {
    /// An object, with the key last read in it.
    Object(Option<String>),
    /// An array, with the index of the element being read.
    Array(usize),
}

/// The path to what ends at `line`, `column` of `json`, as serde_json counts them
/// (lines from 1; the column in bytes of the last byte read, from 1). With
/// `container`, the path of the object or array open there instead of its last key (a
/// field missing from an object is the object's problem). Empty at the top level.
pub fn at(json: &str, line: usize, column: usize, container: bool) -> String {
    let end = byte_offset(json, line, column);
    let mut stack: Vec<Frame> = Vec::new();
    let mut chars = json[..end].char_indices().peekable();
    // Whether the string being read is a key (an object is expecting one).
    let mut expect_key = false;
    while let Some((_, c)) = chars.next() {
        match c {
            '{' => {
                stack.push(Frame::Object(None));
                expect_key = true;
            }
            '[' => {
                stack.push(Frame::Array(0));
                expect_key = false;
            }
            '}' | ']' => {
                stack.pop();
                expect_key = false;
            }
            ',' => match stack.last_mut() {
                Some(Frame::Array(index)) => *index += 1,
                Some(Frame::Object(_)) => expect_key = true,
                None => {}
            },
            ':' => expect_key = false,
            '"' => {
                let mut text = String::new();
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some((_, escaped)) = chars.next() {
                                text.push(match escaped {
                                    'n' => '\n',
                                    't' => '\t',
                                    'r' => '\r',
                                    other => other,
                                });
                            }
                        }
                        c => text.push(c),
                    }
                }
                if expect_key && let Some(Frame::Object(key)) = stack.last_mut() {
                    *key = Some(text);
                }
            }
            _ => {}
        }
    }
    if container && matches!(stack.last(), Some(Frame::Object(_))) {
        // The position is past the object's closing brace or at it: the object's own
        // frame was popped if the brace was read, so only an open one is trimmed.
        if let Some(Frame::Object(key)) = stack.last_mut() {
            *key = None;
        }
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// The byte offset of `line`, `column` in `json` (serde_json counts the column in
/// bytes), or the end.
fn byte_offset(json: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match json[start..].find('\n') {
            Some(at) => start += at + 1,
            None => return json.len(),
        }
    }
    let mut end = (start + column).min(json.len());
    while !json.is_char_boundary(end) {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path serde_json's own error position leads to, for a file `json` that does
    /// not fit `T`.
    fn path_of<T: serde::de::DeserializeOwned>(json: &str) -> String {
        let err = serde_json::from_str::<T>(json)
            .err()
            .expect("the file does not fit");
        let missing = err.to_string().starts_with("missing field");
        at(json, err.line(), err.column(), missing)
    }

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct File {
        labels: Vec<String>,
        annotations: Vec<Annotation>,
    }

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Annotation {
        start: usize,
        note: String,
    }

    #[test]
    fn names_the_field_serde_json_stops_at() {
        let good =
            r#"{"labels": ["Claim", "Вой\"ска, {[]}"], "annotations": [{"start": 1, "note": "a, b"}, "#;
        assert_eq!(
            path_of::<File>(&format!(r#"{good}{{"start": -4, "note": ""}}]}}"#)),
            "annotations[1].start"
        );
        assert_eq!(
            path_of::<File>(&format!("{good}{{\"note\": \"\",\n  \"confidence\": 0.9}}]}}")),
            "annotations[1].confidence"
        );
        assert_eq!(
            path_of::<File>(&format!(r#"{good}{{"note": "🇧🇾"}}]}}"#)),
            "annotations[1]",
            "a missing field is its object's"
        );
        assert_eq!(
            path_of::<File>(r#"{"labels": [1], "annotations": []}"#),
            "labels[0]"
        );
        assert_eq!(
            path_of::<File>(r#"{"labels": "Claim", "annotations": []}"#),
            "labels"
        );
    }
}
