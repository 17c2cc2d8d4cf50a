//! The fix preview's line diff: the core's `slimfile::diff` hunks (three
//! lines of context) mapped to what the dialog renders.

/// What a diff line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Context,
    Removed,
    Added,
}

/// One line of a hunk, with its 1-based numbers in the old and new text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffLine {
    pub kind: LineKind,
    pub text: String,
    pub old: Option<usize>,
    pub new: Option<usize>,
}

/// A unified-diff hunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hunk {
    /// 1-based first line and line count in the old and the new text.
    pub old_start: usize,
    pub old_len: usize,
    pub new_start: usize,
    pub new_len: usize,
    pub lines: Vec<DiffLine>,
}

impl Hunk {
    /// `@@ -1,3 +1,4 @@`.
    pub fn header(&self) -> String {
        format!("@@ -{},{} +{},{} @@", self.old_start, self.old_len, self.new_start, self.new_len)
    }
}

const CONTEXT: usize = 3;

/// The hunks turning `before` into `after` (empty when they are equal): the
/// core's [`slimfile::diff::hunks`], mapped for display.
pub fn diff(before: &str, after: &str) -> Vec<Hunk> {
    use slimfile::diff::LineTag;
    slimfile::diff::hunks(before, after, CONTEXT)
        .into_iter()
        .map(|h| Hunk {
            old_start: h.old_start,
            old_len: h.old_len,
            new_start: h.new_start,
            new_len: h.new_len,
            lines: h
                .lines
                .into_iter()
                .map(|l| DiffLine {
                    kind: match l.tag {
                        LineTag::Equal => LineKind::Context,
                        LineTag::Delete => LineKind::Removed,
                        LineTag::Insert => LineKind::Added,
                    },
                    text: l.text,
                    old: l.old_line,
                    new: l.new_line,
                })
                .collect(),
        })
        .collect()
}

/// The diff as unified-diff text (`--- a/name`, `+++ b/name`, hunks).
pub fn unified(before: &str, after: &str, name: &str) -> String {
    let hunks = diff(before, after);
    if hunks.is_empty() {
        return String::new();
    }
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    for h in &hunks {
        out.push_str(&h.header());
        out.push('\n');
        for l in &h.lines {
            out.push(match l.kind {
                LineKind::Context => ' ',
                LineKind::Removed => '-',
                LineKind::Added => '+',
            });
            out.push_str(&l.text);
            out.push('\n');
        }
    }
    out
}
