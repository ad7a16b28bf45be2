//! The one place where DOM positions become code point offsets.
//!
//! The document text is rendered as a sequence of *segments* — one element per block
//! of up to [`LINES_PER_SEGMENT`] whole lines, each holding exactly one text node and a
//! `data-start` attribute with the code point offset at which it begins. Nothing is
//! ever inserted into the text: concatenating the segments gives the document text
//! exactly.
//!
//! ```text
//!  <article data-doc-text>
//!    <div class="lines" data-start="0">Минск, 24 февраля.\r\n…</div>   ← one text node,
//!    <div class="lines" data-start="2048">Лукашенко 👨‍👩‍👧 …</div>          UTF-16 offsets
//!  </article>
//! ```
//!
//! The DOM reports a selection boundary as (node, offset): for a text node the offset
//! counts UTF-16 code units; for an element it counts children. [`point_to_offset`]
//! turns either into a code point offset of the document.

use factmark_core::Span;
use factmark_core::offsets::{self, OffsetError};
use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Range, Selection, StaticRange, StaticRangeInit};

/// The attribute that marks the element holding the document text.
pub const ROOT_ATTR: &str = "data-doc-text";
/// The attribute on each segment giving its start in code points.
pub const START_ATTR: &str = "data-start";

/// A piece of the text rendered as one element, starting at code point `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment<'a> {
    /// The code point offset of the segment's first character.
    pub start: usize,
    /// The segment's text, a slice of the document text.
    pub text: &'a str,
}

/// Whole lines per segment. A segment is what the browser skips or renders as one
/// (`content-visibility: auto`): a few hundred of them for a long document rather than
/// thousands of lines, and one DOM node each to create when a text is shown.
pub const LINES_PER_SEGMENT: usize = 32;

/// Cuts `text` into lines, each ending after its line break (`\n`, which also ends
/// `\r\n`).
pub fn lines(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push(Segment { start, text: line });
        start += offsets::cp_len(line);
    }
    out
}

/// The most bytes of text in one segment. A paragraph longer than this (a text
/// without line breaks, say) is cut over several, after white space where it has some,
/// so that the browser can skip what is far from the viewport even in one long
/// paragraph; each cut shows as a line end, and no character is added or lost.
pub const SEGMENT_BYTES: usize = 16 * 1024;

/// Cuts `text` into segments of up to [`LINES_PER_SEGMENT`] whole lines and about
/// [`SEGMENT_BYTES`] bytes: a line (a paragraph) spans two elements only when it is
/// longer than that.
pub fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    // The open segment: its first byte, its byte length and its lines.
    let (mut from, mut bytes, mut count) = (0, 0, 0);
    fn flush<'a>(text: &'a str, from: usize, bytes: usize, start: &mut usize, out: &mut Vec<Segment<'a>>) {
        if bytes > 0 {
            let piece = &text[from..from + bytes];
            out.push(Segment {
                start: *start,
                text: piece,
            });
            *start += offsets::cp_len(piece);
        }
    }
    for line in text.split_inclusive('\n') {
        let at = line.as_ptr() as usize - text.as_ptr() as usize;
        if count == LINES_PER_SEGMENT || (bytes > 0 && bytes + line.len() > SEGMENT_BYTES) {
            flush(text, from, bytes, &mut start, &mut out);
            (from, bytes, count) = (at, 0, 0);
        }
        if line.len() > SEGMENT_BYTES {
            for piece in factmark_core::words::pieces_of_at_most(line, SEGMENT_BYTES) {
                let piece_at = piece.as_ptr() as usize - text.as_ptr() as usize;
                flush(text, piece_at, piece.len(), &mut start, &mut out);
            }
            (from, bytes, count) = (at + line.len(), 0, 0);
            continue;
        }
        bytes += line.len();
        count += 1;
    }
    flush(text, from, bytes, &mut start, &mut out);
    out
}

/// Why a DOM position has no offset in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PointError {
    /// The node is not inside the document text.
    Outside,
    /// The offset does not fit the node (or splits a surrogate pair).
    Offset(OffsetError),
}

/// The code point offset of the DOM position (`node`, `offset`) inside `root`.
pub fn point_to_offset(root: &Element, node: &Node, offset: u32) -> Result<usize, PointError> {
    if !root.contains(Some(node)) {
        return Err(PointError::Outside);
    }
    let offset = offset as usize;
    if node.node_type() == Node::TEXT_NODE {
        let segment = enclosing_segment(root, node).ok_or(PointError::Outside)?;
        let data = node.text_content().unwrap_or_default();
        let within = offsets::cp_of_utf16(&data, offset).map_err(PointError::Offset)?;
        // Text nodes before this one in the same segment (none when rendered by us).
        let mut before = 0;
        let mut sibling = node.previous_sibling();
        while let Some(prev) = sibling {
            before += offsets::cp_len(&prev.text_content().unwrap_or_default());
            sibling = prev.previous_sibling();
        }
        return Ok(segment_start(&segment)? + before + within);
    }
    // An element: the position is before its child number `offset`.
    let children = node.child_nodes();
    match children.get(offset as u32) {
        Some(child) => first_offset_in(root, &child),
        None => end_offset_of(root, node),
    }
}

/// The part of the selection inside the document text, however it was made — a drag,
/// the keyboard, the browser's find, select-all — in either direction: an end outside
/// the text is taken as the text's start or end. `None` when the selection is collapsed
/// or holds nothing of the text.
pub fn selection_to_span(root: &Element, selection: &Selection) -> Option<Span> {
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    if !range.intersects_node(root).unwrap_or(false) {
        return None;
    }
    // A range's start comes before its end, so a start outside the text is before it
    // and an end outside the text after it.
    let start = range.start_container().ok()?;
    let start = if root.contains(Some(&start)) {
        point_to_offset(root, &start, range.start_offset().ok()?).ok()?
    } else {
        0
    };
    let end = range.end_container().ok()?;
    let end = if root.contains(Some(&end)) {
        point_to_offset(root, &end, range.end_offset().ok()?).ok()?
    } else {
        end_offset_of(root, root).ok()?
    };
    Span::new(start, end).ok()
}

/// The DOM position (text node, UTF-16 offset) of code point `offset`: the inverse of
/// [`point_to_offset`]. An offset at a segment's end is placed at the start of the
/// next segment, except at the very end of the text.
pub fn offset_to_point(root: &Element, offset: usize) -> Option<(Node, u32)> {
    let segments = segment_elements(root)?;
    let count = segments.length();
    if count == 0 {
        return None;
    }
    // The last segment starting at or before `offset` (segments are in text order).
    let (mut low, mut high) = (0, count);
    while high - low > 1 {
        let mid = (low + high) / 2;
        if segment_start(segments.item(mid)?.dyn_ref::<Element>()?).ok()? <= offset {
            low = mid;
        } else {
            high = mid;
        }
    }
    let segment = segments.item(low)?;
    let start = segment_start(segment.dyn_ref::<Element>()?).ok()?;
    let text_node = segment.first_child()?;
    let data = text_node.text_content().unwrap_or_default();
    let utf16 = offsets::utf16_of_cp(&data, offset.checked_sub(start)?).ok()?;
    Some((text_node, utf16 as u32))
}

/// Where each code point of the rendered text is in the DOM, computed once per text
/// from the text itself: a code point offset becomes a (text node, UTF-16 offset)
/// position by a binary search in memory, without asking the DOM. Painting thousands
/// of annotations needs that.
pub struct TextMap {
    /// Each segment's first code point, in order.
    starts: Vec<usize>,
    /// Each segment's text node.
    nodes: Vec<Node>,
    /// For segments outside the Basic Multilingual Plane only: the UTF-16 offset of
    /// each code point (and of the end). `None` where UTF-16 offsets equal code points.
    utf16: Vec<Option<Vec<u32>>>,
    /// The text's length in code points.
    len: usize,
}

impl TextMap {
    /// The map of `text` as rendered inside `root`; `None` when the DOM does not hold
    /// exactly its segments (not rendered yet).
    pub fn new(root: &Element, text: &str) -> Option<TextMap> {
        let segments = segments(text);
        let children = segment_elements(root)?;
        if children.length() as usize != segments.len() {
            return None;
        }
        let mut map = TextMap {
            starts: Vec::with_capacity(segments.len()),
            nodes: Vec::with_capacity(segments.len()),
            utf16: Vec::with_capacity(segments.len()),
            len: offsets::cp_len(text),
        };
        for (i, segment) in segments.iter().enumerate() {
            let node = children.item(i as u32)?.first_child()?;
            map.starts.push(segment.start);
            map.nodes.push(node);
            let wide = segment.text.chars().any(|c| c.len_utf16() > 1);
            map.utf16.push(wide.then(|| {
                let mut at = 0u32;
                let mut table: Vec<u32> = segment
                    .text
                    .chars()
                    .map(|c| {
                        let here = at;
                        at += c.len_utf16() as u32;
                        here
                    })
                    .collect();
                table.push(at);
                table
            }));
        }
        Some(map)
    }

    /// The text's length in code points.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The end of the segment that starts at code point `start`.
    pub fn segment_end(&self, start: usize) -> usize {
        let index = self.starts.partition_point(|&s| s <= start);
        self.starts.get(index).copied().unwrap_or(self.len)
    }

    /// About the code point shown at height `y` of the viewport: found among the
    /// segments by their boxes (a binary search), then estimated within its segment
    /// by the share of the segment's height above `y` (no hit testing, so nothing laid
    /// over the text gets in the way). The first code point of the text for a `y`
    /// above it, the end for one below.
    pub fn about_at_height(&self, y: f64) -> Option<usize> {
        let rect = |i: usize| {
            self.nodes[i]
                .parent_element()
                .map(|block| block.get_bounding_client_rect())
        };
        // The first segment whose box ends below `y`.
        let (mut low, mut high) = (0, self.starts.len());
        while low < high {
            let middle = (low + high) / 2;
            if rect(middle)?.bottom() <= y {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        let i = low;
        let Some(&start) = self.starts.get(i) else {
            return Some(self.len);
        };
        let box_ = rect(i)?;
        let end = self.starts.get(i + 1).copied().unwrap_or(self.len);
        let share = ((y - box_.top()) / box_.height().max(1.0)).clamp(0.0, 1.0);
        Some(start + (share * (end - start) as f64) as usize)
    }

    /// The DOM position of code point `offset` (as [`offset_to_point`]).
    pub fn point(&self, offset: usize) -> Option<(Node, u32)> {
        if offset > self.len || self.starts.is_empty() {
            return None;
        }
        let segment = self
            .starts
            .partition_point(|&start| start <= offset)
            .checked_sub(1)?;
        let within = offset - self.starts[segment];
        let utf16 = match &self.utf16[segment] {
            Some(table) => *table.get(within)?,
            None => within as u32,
        };
        Some((self.nodes[segment].clone(), utf16))
    }

    /// A static range covering `span`: what highlights are painted with. The text's DOM
    /// never changes, so a range that follows changes is not needed, and a live range
    /// costs the browser at every change to the page's DOM until it is collected.
    pub fn static_range(&self, span: Span) -> Option<StaticRange> {
        let (start_node, start) = self.point(span.start())?;
        let (end_node, end) = self.point(span.end())?;
        StaticRange::new(&StaticRangeInit::new(&end_node, end, &start_node, start)).ok()
    }

    /// Moves `range` to cover `span`. Measuring many spans with one range is cheaper
    /// than a range each: the browser updates every live range at each change to the
    /// page's DOM, until the collector has freed them.
    pub fn cover(&self, range: &Range, span: Span) -> Option<()> {
        let (start_node, start) = self.point(span.start())?;
        let (end_node, end) = self.point(span.end())?;
        // The start first: a start after the old end collapses the range there, and the
        // end then follows.
        range.set_start(&start_node, start).ok()?;
        range.set_end(&end_node, end).ok()
    }
}

/// The segments inside `root`, in text order (they are grouped in blocks).
fn segment_elements(root: &Element) -> Option<web_sys::NodeList> {
    root.query_selector_all(&format!("[{START_ATTR}]")).ok()
}

/// A DOM range covering `span` of the text inside `root`.
pub fn range_for(root: &Element, span: Span) -> Option<Range> {
    let (start_node, start) = offset_to_point(root, span.start())?;
    let (end_node, end) = offset_to_point(root, span.end())?;
    let range = gloo::utils::document().create_range().ok()?;
    range.set_start(&start_node, start).ok()?;
    range.set_end(&end_node, end).ok()?;
    Some(range)
}

fn enclosing_segment(root: &Element, node: &Node) -> Option<Element> {
    let mut current = node.parent_element();
    while let Some(element) = current {
        if element.has_attribute(START_ATTR) {
            return Some(element);
        }
        if element == *root {
            return None;
        }
        current = element.parent_element();
    }
    None
}

fn segment_start(segment: &Element) -> Result<usize, PointError> {
    segment
        .get_attribute(START_ATTR)
        .and_then(|value| value.parse().ok())
        .ok_or(PointError::Outside)
}

/// The offset at which the content of `node` begins.
fn first_offset_in(root: &Element, node: &Node) -> Result<usize, PointError> {
    if let Some(element) = node.dyn_ref::<Element>()
        && element.has_attribute(START_ATTR)
    {
        return segment_start(element);
    }
    match node.first_child() {
        Some(child) => first_offset_in(root, &child),
        None => end_offset_of(root, node),
    }
}

/// The offset just after the content of `node`.
fn end_offset_of(root: &Element, node: &Node) -> Result<usize, PointError> {
    if node.node_type() == Node::TEXT_NODE {
        let data = node.text_content().unwrap_or_default();
        return point_to_offset(root, node, offsets::utf16_len(&data) as u32);
    }
    if let Some(element) = node.dyn_ref::<Element>()
        && element.has_attribute(START_ATTR)
    {
        let text = element.text_content().unwrap_or_default();
        return Ok(segment_start(element)? + offsets::cp_len(&text));
    }
    if node == root.as_ref() as &Node {
        let text = root.text_content().unwrap_or_default();
        return Ok(offsets::cp_len(&text));
    }
    // An element between the root and the segments: its end is the end of its last child.
    match node.last_child() {
        Some(child) => end_offset_of(root, &child),
        None => Err(PointError::Outside),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_rebuild_the_text_and_know_their_starts() {
        let text = "Минск\r\n\r\nЛукашенко 🇧🇾\nend";
        let parts = lines(text);
        let texts: Vec<&str> = parts.iter().map(|s| s.text).collect();
        assert_eq!(texts, ["Минск\r\n", "\r\n", "Лукашенко 🇧🇾\n", "end"]);
        assert_eq!(texts.concat(), text);
        let starts: Vec<usize> = parts.iter().map(|s| s.start).collect();
        assert_eq!(starts, [0, 7, 9, 22]);
    }

    #[test]
    fn segments_hold_whole_lines_and_rebuild_the_text() {
        let text: String = (0..70).map(|i| format!("{i} 🇧🇾 строка\r\n")).collect::<String>() + "end";
        let parts = segments(&text);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts.iter().map(|s| s.text).collect::<String>(), text);
        let all_lines = lines(&text);
        assert_eq!(parts[1].start, all_lines[LINES_PER_SEGMENT].start);
        assert_eq!(parts[2].start, all_lines[2 * LINES_PER_SEGMENT].start);
        assert!(parts[2].text.starts_with("64 ") && parts[2].text.ends_with("\nend"));
        for part in &parts {
            assert_eq!(
                Some(part.text),
                text.get(byte_of(&text, part.start)..)
                    .map(|rest| &rest[..part.text.len()])
            );
        }
    }

    fn byte_of(text: &str, cp: usize) -> usize {
        text.char_indices().nth(cp).map_or(text.len(), |(b, _)| b)
    }

    /// Issue 14, item 11: one paragraph of megabytes is cut over several segments (so
    /// the browser can skip most of it), after white space, and joins up exactly.
    #[test]
    fn item_11_one_long_paragraph_is_cut_over_segments_after_white_space() {
        let text = format!("Начало 🇧🇾 {}", "troops moved north ".repeat(5_000)) + "\r\nnext line";
        let parts = segments(&text);
        assert!(
            parts.len() >= text.len() / SEGMENT_BYTES,
            "{} segments",
            parts.len()
        );
        assert_eq!(parts.iter().map(|s| s.text).collect::<String>(), text);
        for pair in parts.windows(2) {
            assert!(pair[0].text.len() <= SEGMENT_BYTES);
            assert!(
                pair[0].text.ends_with(char::is_whitespace),
                "cut after white space"
            );
            assert_eq!(pair[1].start, pair[0].start + offsets::cp_len(pair[0].text));
        }
        assert!(parts.last().unwrap().text.ends_with("next line"));
    }

    #[test]
    fn an_empty_text_has_no_segments() {
        assert!(segments("").is_empty());
        assert!(lines("").is_empty());
    }
}
