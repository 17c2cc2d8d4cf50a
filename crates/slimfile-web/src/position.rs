//! The web boundary's position conversions.
//!
//! The core reports byte offsets into the UTF-8 source. The browser counts
//! differently: a `<textarea>`'s selection is in UTF-16 code units, and people
//! read 1-based lines and columns. These conversions happen here and nowhere
//! else.
//!
//! Offsets that are out of bounds are clamped to the end of the text, and an
//! offset inside a multi-byte character is moved back to that character's
//! start, so no input can make a conversion panic.

use slimfile::LineIndex;

/// A 1-based line and column for display. The column counts characters
/// (Unicode scalar values), so `é` and `🐳` each advance it by one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// A half-open range in UTF-16 code units, as `setSelectionRange` takes it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Utf16Range {
    pub start: u32,
    pub end: u32,
}

/// Converts byte offsets of one text to display positions and UTF-16
/// offsets. Building it is one pass over the text; each conversion then only
/// scans the start of the offset's own line.
#[derive(Clone, Debug)]
pub struct PositionMap<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    /// UTF-16 offset of the start of each line.
    line_utf16_starts: Vec<usize>,
}

impl<'a> PositionMap<'a> {
    /// `lines` must be the [`LineIndex`] of `text` (as in
    /// [`slimfile::Dockerfile`]).
    pub fn new(text: &'a str, lines: &'a LineIndex) -> Self {
        let mut line_utf16_starts = Vec::with_capacity(lines.line_count());
        let mut utf16 = 0;
        let mut prev = 0;
        for line in 0..lines.line_count() {
            let start = lines.line_start(line).unwrap_or(text.len()).min(text.len());
            utf16 += utf16_len(text.get(prev..start).unwrap_or(""));
            line_utf16_starts.push(utf16);
            prev = start;
        }
        PositionMap { text, lines, line_utf16_starts }
    }

    /// The offset clamped to the text and moved back to a character start.
    fn floor(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// 0-based line and the byte offset where it starts.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.lines.line_of(offset);
        let start = self.lines.line_start(line).unwrap_or(0).min(offset);
        (line, start)
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.floor(offset);
        let (line, start) = self.line_of(offset);
        let column = self.text[start..offset].chars().count() + 1;
        LineCol { line: line + 1, column }
    }

    /// UTF-16 offset of a byte offset.
    pub fn utf16(&self, offset: usize) -> u32 {
        let offset = self.floor(offset);
        let (line, start) = self.line_of(offset);
        let base = self.line_utf16_starts.get(line).copied().unwrap_or(0);
        clamp_u32(base + utf16_len(&self.text[start..offset]))
    }

    /// UTF-16 range of a byte range.
    pub fn utf16_range(&self, range: slimfile::TextRange) -> Utf16Range {
        let start = self.utf16(range.start);
        Utf16Range { start, end: self.utf16(range.end).max(start) }
    }
}

/// Length of a string in UTF-16 code units.
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// UTF-16 offset of a byte offset in `text`: the one-off form of
/// [`PositionMap::utf16`].
pub fn byte_to_utf16(text: &str, offset: usize) -> u32 {
    let lines = LineIndex::new(text);
    PositionMap::new(text, &lines).utf16(offset)
}

/// 1-based line and character column of a byte offset in `text`: the one-off
/// form of [`PositionMap::line_col`].
pub fn byte_to_line_col(text: &str, offset: usize) -> LineCol {
    let lines = LineIndex::new(text);
    PositionMap::new(text, &lines).line_col(offset)
}
