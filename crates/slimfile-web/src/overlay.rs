//! The editor's highlighted overlay as data: the text cut into lines, each
//! line into segments with a highlight class and, where a finding covers it,
//! an underline. Pure (tested natively and in wasm); the Editor component only
//! turns it into spans.
//!
//! The overlay sits behind the textarea and must show exactly the same
//! characters, so the segments of a line concatenate to that line's text
//! (without its `\r\n` / `\n`).

use slimfile::highlight::TokenKind;
use slimfile::{Severity, TextRange};

/// An underline: a finding's byte range, its severity, and the finding's
/// index (for the hover text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub range: TextRange,
    pub severity: Severity,
    pub finding: usize,
}

/// A run of a line's text with one look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    /// The highlight class (see `TokenKind::as_str`), if any.
    pub class: Option<&'static str>,
    /// The most severe finding covering it: severity and finding index.
    pub mark: Option<(Severity, usize)>,
}

/// One line of the overlay.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    pub segments: Vec<Segment>,
    /// The most severe finding that touches this line (for the gutter).
    pub mark: Option<(Severity, usize)>,
}

/// Widens an empty range to one character, so that it can be seen: the
/// character after it, else the one before it on its line.
fn visible(text: &str, r: TextRange) -> TextRange {
    let start = r.start.min(text.len());
    let end = r.end.min(text.len()).max(start);
    if end > start {
        return TextRange::new(start, end);
    }
    let next = text[start..].chars().next().filter(|c| *c != '\n' && *c != '\r');
    if let Some(c) = next {
        return TextRange::new(start, start + c.len_utf8());
    }
    let prev = text[..start].chars().next_back().filter(|c| *c != '\n' && *c != '\r');
    match prev {
        Some(c) => TextRange::new(start - c.len_utf8(), start),
        None => TextRange::new(start, start),
    }
}

fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Builds the overlay lines of `text` from highlight ranges (sorted,
/// non-overlapping) and finding marks (any order, may overlap).
pub fn lines(text: &str, highlights: &[(TextRange, TokenKind)], marks: &[Mark]) -> Vec<Line> {
    lines_in(text, highlights, marks, 0, usize::MAX)
}

/// How many lines [`lines`] gives for `text`.
pub fn line_count(text: &str) -> usize {
    text.bytes().filter(|b| *b == b'\n').count() + 1
}

/// [`lines`] for at most `count` lines from line `first` (0-based) only:
/// the editor renders the lines in view, and a 10,000-line file must not
/// cost 10,000 lines of segments at every keystroke.
pub fn lines_in(text: &str, highlights: &[(TextRange, TokenKind)], marks: &[Mark], first: usize, count: usize) -> Vec<Line> {
    let mut line_start = 0;
    for _ in 0..first {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return Vec::new(),
        }
    }
    if count == 0 {
        return Vec::new();
    }
    let marks: Vec<Mark> = marks
        .iter()
        .map(|m| {
            let r = visible(text, m.range);
            Mark { range: TextRange::new(floor(text, r.start), floor(text, r.end)), ..*m }
        })
        .collect();
    let mut marks = marks;
    slimfile::sort::sort_by_key(&mut marks, |m| (m.range.start, m.range.end));
    let mut next_mark = 0;
    let mut active: Vec<&Mark> = Vec::new();
    let mut out = Vec::new();
    let mut h = highlights.partition_point(|(r, _)| r.end <= line_start);
    loop {
        let nl = text[line_start..].find('\n').map(|i| line_start + i);
        let content_end = match nl {
            Some(i) if i > line_start && text.as_bytes()[i - 1] == b'\r' => i - 1,
            Some(i) => i,
            None => text.len(),
        };
        let line_end = nl.map_or(text.len(), |i| i + 1);
        // Cut points: highlight and mark boundaries inside the line.
        while h < highlights.len() && highlights[h].0.end <= line_start {
            h += 1;
        }
        let mut cuts = vec![line_start, content_end];
        let line_highlights: Vec<&(TextRange, TokenKind)> =
            highlights[h..].iter().take_while(|(r, _)| r.start < content_end).filter(|(r, _)| r.end > line_start).collect();
        for (r, _) in &line_highlights {
            cuts.push(r.start.clamp(line_start, content_end));
            cuts.push(r.end.clamp(line_start, content_end));
        }
        // Marks are sorted by start: take those starting before the line's
        // end, drop those that ended before it.
        while next_mark < marks.len() && (marks[next_mark].range.start < line_end || marks[next_mark].range.start == line_start) {
            active.push(&marks[next_mark]);
            next_mark += 1;
        }
        active.retain(|m| m.range.end > line_start || m.range.start == line_start);
        let line_marks: Vec<&Mark> = active
            .iter()
            .copied()
            .filter(|m| (m.range.start < line_end && m.range.end > line_start) || (m.range.is_empty() && m.range.start == line_start))
            .collect();
        for m in &line_marks {
            cuts.push(m.range.start.clamp(line_start, content_end));
            cuts.push(m.range.end.clamp(line_start, content_end));
        }
        cuts.retain(|c| text.is_char_boundary(*c));
        slimfile::sort::sort(&mut cuts);
        cuts.dedup();
        let most_severe = |ms: &mut dyn Iterator<Item = &&Mark>| ms.min_by_key(|m| (m.severity, m.finding)).map(|m| (m.severity, m.finding));
        let mut segments = Vec::new();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a >= b {
                continue;
            }
            let class = line_highlights.iter().find(|(r, _)| r.start <= a && r.end >= b).map(|(_, k)| k.as_str());
            let mark = most_severe(&mut line_marks.iter().filter(|m| m.range.start <= a && m.range.end >= b));
            segments.push(Segment { text: text[a..b].to_string(), class, mark });
        }
        let mark = most_severe(&mut line_marks.iter());
        out.push(Line { segments, mark });
        match nl {
            Some(i) if out.len() < count => line_start = i + 1,
            _ => break,
        }
    }
    out
}

/// Moves marks made on `old` onto `new` while an edit waits for its analysis:
/// the edit is taken as the span between the texts' common prefix and common
/// suffix; marks before it stay, marks after it move by the length change,
/// marks touching it are dropped. So underlines do not flicker or drift while
/// someone types.
pub fn shift_marks(old: &str, new: &str, marks: &[Mark]) -> Vec<Mark> {
    let shift = Shift::new(old, new);
    marks.iter().filter_map(|m| Some(Mark { range: shift.range(m.range, new)?, ..*m })).collect()
}

/// [`shift_marks`] for highlight ranges: the highlighting of the last
/// analysed text (made by the analysis worker for a big file) on the text
/// being typed; the edited span stays plain until the next analysis.
pub fn shift_highlights(old: &str, new: &str, highlights: &[(TextRange, TokenKind)]) -> Vec<(TextRange, TokenKind)> {
    if old == new {
        return highlights.to_vec();
    }
    let shift = Shift::new(old, new);
    highlights.iter().filter_map(|(r, k)| Some((shift.range(*r, new)?, *k))).collect()
}

/// One edit between two texts: their common prefix and suffix.
struct Shift {
    prefix: usize,
    old_edit_end: usize,
    delta: isize,
}

impl Shift {
    fn new(old: &str, new: &str) -> Shift {
        let prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
        let max_suffix = old.len().min(new.len()) - prefix;
        let suffix = old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
        Shift { prefix, old_edit_end: old.len() - suffix, delta: new.len() as isize - old.len() as isize }
    }

    /// Where `r` (in the old text) is in the new one; `None` if the edit touches it.
    fn range(&self, r: TextRange, new: &str) -> Option<TextRange> {
        let moved = if r.end <= self.prefix && r.end < self.old_edit_end.max(self.prefix + 1) {
            r
        } else if r.start >= self.old_edit_end && r.start > self.prefix.saturating_sub(1) {
            let start = (r.start as isize + self.delta).max(0) as usize;
            let end = (r.end as isize + self.delta).max(0) as usize;
            TextRange::new(start, end)
        } else {
            return None;
        };
        (moved.end <= new.len() && new.is_char_boundary(moved.start) && new.is_char_boundary(moved.end)).then_some(moved)
    }
}
