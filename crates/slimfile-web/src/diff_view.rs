//! A small line diff for the fix preview: unified hunks with three lines of
//! context.
//!
//! Interim: the core is getting `slimfile::diff`; when that is merged the
//! lead switches [`diff`] to it and deletes the algorithm here (the hunk types
//! the dialog renders can stay).

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
/// Above this many changed-region cells the middle is shown as all removed
/// then all added, instead of running the quadratic LCS.
const MAX_CELLS: usize = 4_000_000;

/// The lines of `a` and `b` as one sequence of context/removed/added lines.
fn edit_script<'t>(a: &[&'t str], b: &[&'t str]) -> Vec<(LineKind, &'t str)> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut out: Vec<(LineKind, &str)> = a[..prefix].iter().map(|l| (LineKind::Context, *l)).collect();
    if am.len().saturating_mul(bm.len()) <= MAX_CELLS {
        // lcs[i][j]: LCS length of am[i..] and bm[j..].
        let w = bm.len() + 1;
        let mut lcs = vec![0u32; (am.len() + 1) * w];
        for i in (0..am.len()).rev() {
            for j in (0..bm.len()).rev() {
                lcs[i * w + j] = if am[i] == bm[j] { lcs[(i + 1) * w + j + 1] + 1 } else { lcs[(i + 1) * w + j].max(lcs[i * w + j + 1]) };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < am.len() || j < bm.len() {
            if i < am.len() && j < bm.len() && am[i] == bm[j] {
                out.push((LineKind::Context, am[i]));
                i += 1;
                j += 1;
            } else if i < am.len() && (j == bm.len() || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
                // Removals first, as `diff -u` shows them.
                out.push((LineKind::Removed, am[i]));
                i += 1;
            } else {
                out.push((LineKind::Added, bm[j]));
                j += 1;
            }
        }
    } else {
        out.extend(am.iter().map(|l| (LineKind::Removed, *l)));
        out.extend(bm.iter().map(|l| (LineKind::Added, *l)));
    }
    out.extend(a[a.len() - suffix..].iter().map(|l| (LineKind::Context, *l)));
    out
}

/// The hunks turning `before` into `after` (empty when they are equal).
pub fn diff(before: &str, after: &str) -> Vec<Hunk> {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let script = edit_script(&a, &b);
    // Number every line.
    let (mut old, mut new) = (0, 0);
    let numbered: Vec<DiffLine> = script
        .into_iter()
        .map(|(kind, text)| {
            let (o, n) = match kind {
                LineKind::Context => {
                    old += 1;
                    new += 1;
                    (Some(old), Some(new))
                }
                LineKind::Removed => {
                    old += 1;
                    (Some(old), None)
                }
                LineKind::Added => {
                    new += 1;
                    (None, Some(new))
                }
            };
            DiffLine { kind, text: text.to_string(), old: o, new: n }
        })
        .collect();
    // Group changes whose contexts touch into hunks.
    let changed: Vec<usize> = numbered.iter().enumerate().filter(|(_, l)| l.kind != LineKind::Context).map(|(i, _)| i).collect();
    let mut hunks = Vec::new();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(CONTEXT);
        let mut end = changed[k];
        while k < changed.len() && changed[k] <= end + 2 * CONTEXT + 1 {
            end = changed[k];
            k += 1;
        }
        let end = (end + CONTEXT + 1).min(numbered.len());
        let lines = numbered[start..end].to_vec();
        // Numbers of the line before the hunk, for empty sides (`-0,0`).
        let old_before = numbered[..start].iter().rev().find_map(|l| l.old).unwrap_or(0);
        let new_before = numbered[..start].iter().rev().find_map(|l| l.new).unwrap_or(0);
        let old_len = lines.iter().filter(|l| l.old.is_some()).count();
        let new_len = lines.iter().filter(|l| l.new.is_some()).count();
        hunks.push(Hunk {
            old_start: if old_len == 0 { old_before } else { old_before + 1 },
            old_len,
            new_start: if new_len == 0 { new_before } else { new_before + 1 },
            new_len,
            lines,
        });
    }
    hunks
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
