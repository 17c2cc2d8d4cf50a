//! Byte ranges and line indexes. Every position in the core is a byte offset
//! into the text that was analysed; line/column conversion happens only at the
//! edges (CLI output, the web boundary).

/// A half-open byte range `start..end` into a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    /// A range; `end` is clamped so that `start <= end` always holds.
    pub fn new(start: usize, end: usize) -> Self {
        TextRange { start, end: end.max(start) }
    }
    pub fn empty(at: usize) -> Self {
        TextRange { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    pub fn contains_range(&self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// The smallest range covering both.
    pub fn cover(&self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }
    /// The text this range covers, or "" when it does not fit `text`
    /// (never panics, even for a range into another text).
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
    pub fn shift(&self, by: usize) -> TextRange {
        TextRange::new(self.start + by, self.end + by)
    }
}

impl From<std::ops::Range<usize>> for TextRange {
    fn from(r: std::ops::Range<usize>) -> Self {
        TextRange::new(r.start, r.end)
    }
}

/// Maps byte offsets to 0-based (line, byte column) pairs and back.
/// A line ends after `\n`; a `\r` before it belongs to the line.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        LineIndex { line_starts, len: text.len() }
    }
    /// Number of lines (a trailing newline starts one more, empty, line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
    /// 0-based line of a byte offset (offsets past the end map to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
    /// 0-based (line, byte column).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        (line, offset.min(self.len) - self.line_starts[line])
    }
    /// Byte offset where a 0-based line starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).copied()
    }
}

/// Whether `c` falls in one of `ranges`: sorted, non-overlapping, inclusive
/// `(low, high)` code point ranges (Unicode tables, character classes).
pub(crate) fn char_in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets() {
        let idx = LineIndex::new("ab\r\ncd\n\nx");
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(0), (0, 0));
        assert_eq!(idx.line_col(3), (0, 3));
        assert_eq!(idx.line_col(4), (1, 0));
        assert_eq!(idx.line_col(7), (2, 0));
        assert_eq!(idx.line_col(8), (3, 0));
        assert_eq!(idx.line_col(999), (3, 1));
    }

    #[test]
    fn range_slice_never_panics() {
        let r = TextRange::new(2, 10);
        assert_eq!(r.slice("abc"), "");
        assert_eq!(TextRange::new(1, 3).slice("abcd"), "bc");
        assert_eq!(TextRange::new(5, 1).len(), 0);
    }
}
