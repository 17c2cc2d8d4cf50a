//! Line diffs: Myers' O(ND) algorithm in its linear-space form (middle
//! snakes, with an explicit work stack instead of recursion), and unified
//! diff output. Used to show what a fix or an optimization changes.
//!
//! Memory is linear in the number of lines; time is O((N+M)·D), where D is
//! the number of changed lines (the common prefix and suffix are stripped
//! first, so a small fix in a large file is cheap).

use std::collections::HashMap;

/// What a diff line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineTag {
    /// In both texts (context).
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// One line of a hunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HunkLine {
    pub tag: LineTag,
    /// The line without its line terminator.
    pub text: String,
    /// 1-based line number in the old text (`None` for insertions).
    pub old_line: Option<usize>,
    /// 1-based line number in the new text (`None` for deletions).
    pub new_line: Option<usize>,
    /// The line is the last of its text and has no trailing newline.
    pub no_newline: bool,
}

/// A group of changes with their context lines, as in a unified diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hunk {
    /// 1-based first old line (0 when the hunk covers no old line: the
    /// unified-diff convention).
    pub old_start: usize,
    pub old_len: usize,
    pub new_start: usize,
    pub new_len: usize,
    pub lines: Vec<HunkLine>,
}

/// Lines with their terminators (`"a\n"`, last one maybe without).
fn lines(s: &str) -> Vec<&str> {
    s.split_inclusive('\n').collect()
}

/// The matched line pairs `(old index, new index)` of a longest common
/// subsequence found by Myers' algorithm, in increasing order.
pub fn line_matches(old: &str, new: &str) -> Vec<(usize, usize)> {
    let (a, b) = (lines(old), lines(new));
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut ai = Vec::with_capacity(a.len());
    for l in &a {
        let n = ids.len() as u32;
        ai.push(*ids.entry(l).or_insert(n));
    }
    let mut bi = Vec::with_capacity(b.len());
    for l in &b {
        let n = ids.len() as u32;
        bi.push(*ids.entry(l).or_insert(n));
    }
    matches(&ai, &bi)
}

/// Myers' linear-space LCS on two id sequences, driven by a work stack.
fn matches(a: &[u32], b: &[u32]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let max = (a.len() + b.len()).div_ceil(2) + 1;
    let mut vf = vec![0isize; 2 * max + 3];
    let mut vb = vec![0isize; 2 * max + 3];
    let mut stack = vec![(0usize, a.len(), 0usize, b.len())];
    while let Some((mut a0, mut a1, mut b0, mut b1)) = stack.pop() {
        while a0 < a1 && b0 < b1 && a[a0] == b[b0] {
            out.push((a0, b0));
            a0 += 1;
            b0 += 1;
        }
        while a0 < a1 && b0 < b1 && a[a1 - 1] == b[b1 - 1] {
            a1 -= 1;
            b1 -= 1;
            out.push((a1, b1));
        }
        if a0 == a1 || b0 == b1 {
            continue;
        }
        let (x0, y0, x1, y1) = middle_snake(&a[a0..a1], &b[b0..b1], &mut vf, &mut vb);
        for i in 0..x1 - x0 {
            out.push((a0 + x0 + i, b0 + y0 + i));
        }
        stack.push((a0 + x1, a1, b0 + y1, b1));
        stack.push((a0, a0 + x0, b0, b0 + y0));
    }
    crate::sort::sort(&mut out);
    out
}

/// The middle snake of an optimal edit path between `a` and `b` (both
/// non-empty, first and last elements differing): `(x0, y0, x1, y1)`, the
/// snake running from `(x0, y0)` to `(x1, y1)`. Both halves it leaves are
/// strictly smaller than the whole.
fn middle_snake(a: &[u32], b: &[u32], vf: &mut [isize], vb: &mut [isize]) -> (usize, usize, usize, usize) {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let delta = n - m;
    let odd = delta & 1 != 0;
    let max = (n + m + 1) / 2;
    let off = max + 1;
    let at = |k: isize| (k + off) as usize;
    vf[at(1)] = 0;
    vb[at(1)] = 0;
    for d in 0..=max {
        let mut k = -d;
        while k <= d {
            let mut x = if k == -d || (k != d && vf[at(k - 1)] < vf[at(k + 1)]) { vf[at(k + 1)] } else { vf[at(k - 1)] + 1 };
            let mut y = x - k;
            let (sx, sy) = (x, y);
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            vf[at(k)] = x;
            let kr = delta - k;
            if odd && kr > -d && kr < d && x + vb[at(kr)] >= n {
                return (sx as usize, sy as usize, x as usize, y as usize);
            }
            k += 2;
        }
        let mut kr = -d;
        while kr <= d {
            let mut x = if kr == -d || (kr != d && vb[at(kr - 1)] < vb[at(kr + 1)]) { vb[at(kr + 1)] } else { vb[at(kr - 1)] + 1 };
            let mut y = x - kr;
            let (sx, sy) = (x, y);
            while x < n && y < m && a[(n - 1 - x) as usize] == b[(m - 1 - y) as usize] {
                x += 1;
                y += 1;
            }
            vb[at(kr)] = x;
            let k = delta - kr;
            if !odd && k >= -d && k <= d && x + vf[at(k)] >= n {
                return ((n - x) as usize, (m - y) as usize, (n - sx) as usize, (m - sy) as usize);
            }
            kr += 2;
        }
    }
    // Unreachable for non-empty inputs (an edit path of length n + m always
    // exists); stay total anyway: no snake, split after the first line.
    (1.min(a.len()), 0, 1.min(a.len()), 0)
}

/// The diff of two texts as a flat list of lines (every line of both).
fn all_lines(old: &str, new: &str) -> Vec<HunkLine> {
    let (a, b) = (lines(old), lines(new));
    let m = line_matches(old, new);
    let mut out = Vec::with_capacity(a.len().max(b.len()) + 8);
    let (mut i, mut j) = (0, 0);
    let line = |tag, s: &str, o: Option<usize>, n: Option<usize>| HunkLine {
        tag,
        text: s.strip_suffix('\n').unwrap_or(s).to_string(),
        old_line: o,
        new_line: n,
        no_newline: !s.ends_with('\n'),
    };
    for (mi, mj) in m.into_iter().chain(std::iter::once((a.len(), b.len()))) {
        while i < mi {
            out.push(line(LineTag::Delete, a[i], Some(i + 1), None));
            i += 1;
        }
        while j < mj {
            out.push(line(LineTag::Insert, b[j], None, Some(j + 1)));
            j += 1;
        }
        if mi < a.len() && mj < b.len() {
            out.push(line(LineTag::Equal, a[i], Some(i + 1), Some(j + 1)));
            i += 1;
            j += 1;
        }
    }
    out
}

/// The changes between two texts grouped into hunks with `context` lines of
/// context around each change (3 in `diff -u`). Empty when equal.
pub fn hunks(old: &str, new: &str, context: usize) -> Vec<Hunk> {
    if old == new {
        return Vec::new();
    }
    let all = all_lines(old, new);
    let changed: Vec<usize> = (0..all.len()).filter(|&i| all[i].tag != LineTag::Equal).collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(context);
        let mut end = changed[k] + 1;
        while k + 1 < changed.len() && changed[k + 1] <= end + 2 * context {
            k += 1;
            end = changed[k] + 1;
        }
        k += 1;
        let end = (end + context).min(all.len());
        let lines: Vec<HunkLine> = all[start..end].to_vec();
        let old_len = lines.iter().filter(|l| l.tag != LineTag::Insert).count();
        let new_len = lines.iter().filter(|l| l.tag != LineTag::Delete).count();
        // The line numbers before the hunk's first line of each side.
        let old_before = all[..start].iter().filter(|l| l.tag != LineTag::Insert).count();
        let new_before = all[..start].iter().filter(|l| l.tag != LineTag::Delete).count();
        out.push(Hunk {
            old_start: if old_len == 0 { old_before } else { old_before + 1 },
            old_len,
            new_start: if new_len == 0 { new_before } else { new_before + 1 },
            new_len,
            lines,
        });
    }
    out
}

/// A unified diff (`diff -u` format, 3 lines of context) from `old_name` to
/// `new_name`; the empty string when the texts are equal.
///
/// ```
/// let d = slimfile::diff::unified_diff("a\nb\nc\n", "a\nB\nc\n", "a/Dockerfile", "b/Dockerfile");
/// assert_eq!(d, "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
/// ```
pub fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    let hs = hunks(old, new, 3);
    if hs.is_empty() {
        return String::new();
    }
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    let range = |start: usize, len: usize| if len == 1 { format!("{start}") } else { format!("{start},{len}") };
    for h in &hs {
        out.push_str(&format!("@@ -{} +{} @@\n", range(h.old_start, h.old_len), range(h.new_start, h.new_len)));
        for l in &h.lines {
            out.push(match l.tag {
                LineTag::Equal => ' ',
                LineTag::Delete => '-',
                LineTag::Insert => '+',
            });
            out.push_str(&l.text);
            out.push('\n');
            if l.no_newline {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies hunks to `old` (a tiny `patch`), to check them against `new`.
    fn patch(old: &str, hunks: &[Hunk]) -> String {
        let a = lines(old);
        let mut out = String::new();
        let mut i = 0;
        for h in hunks {
            let first = if h.old_len == 0 { h.old_start } else { h.old_start - 1 };
            while i < first {
                out.push_str(a[i]);
                i += 1;
            }
            for l in &h.lines {
                match l.tag {
                    LineTag::Equal | LineTag::Delete => {
                        if l.tag == LineTag::Equal {
                            out.push_str(a[i]);
                        }
                        i += 1;
                    }
                    LineTag::Insert => {
                        out.push_str(&l.text);
                        if !l.no_newline {
                            out.push('\n');
                        }
                    }
                }
            }
        }
        while i < a.len() {
            out.push_str(a[i]);
            i += 1;
        }
        out
    }

    fn lcs_len(a: &[&str], b: &[&str]) -> usize {
        let mut dp = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                dp[i][j] = if a[i] == b[j] { dp[i + 1][j + 1] + 1 } else { dp[i + 1][j].max(dp[i][j + 1]) };
            }
        }
        dp[0][0]
    }

    #[test]
    fn unified_format() {
        assert_eq!(unified_diff("x\n", "x\n", "a", "b"), "");
        assert_eq!(unified_diff("", "a\n", "a", "b"), "--- a\n+++ b\n@@ -0,0 +1 @@\n+a\n");
        assert_eq!(unified_diff("a\n", "", "a", "b"), "--- a\n+++ b\n@@ -1 +0,0 @@\n-a\n");
        assert_eq!(
            unified_diff("a\nb", "a\nb\n", "a", "b"),
            "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"
        );
        let old: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let new: String = (1..=20).map(|i| match i { 2 => "two\n".to_string(), 18 => "eighteen\n".to_string(), i => format!("{i}\n") }).collect();
        let d = unified_diff(&old, &new, "a", "b");
        assert!(d.contains("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n"), "{d}");
        assert!(d.contains("@@ -15,6 +15,6 @@\n"), "{d}");
    }

    #[test]
    fn minimal_and_patchable_on_small_cases() {
        let alphabet = ["a\n", "b\n", "c\n", "d"];
        // Every pair of short sequences over a small alphabet (exhaustive).
        let mut seqs: Vec<String> = vec![String::new()];
        for len in 1..=4 {
            let mut next = Vec::new();
            for s in seqs.iter().filter(|s| lines(s).len() == len - 1 && !s.ends_with('d')) {
                for l in alphabet {
                    next.push(format!("{s}{l}"));
                }
            }
            seqs.extend(next);
        }
        for old in &seqs {
            for new in &seqs {
                let m = line_matches(old, new);
                assert_eq!(m.len(), lcs_len(&lines(old), &lines(new)), "{old:?} {new:?}");
                for ctx in [0, 1, 3] {
                    assert_eq!(&patch(old, &hunks(old, new, ctx)), new, "{old:?} -> {new:?} ctx {ctx}");
                }
            }
        }
    }

    #[test]
    fn large_inputs_stay_cheap() {
        let old: String = (0..50_000).map(|i| format!("RUN echo {i}\n")).collect();
        let new: String = (0..50_000).map(|i| if i % 1000 == 7 { "RUN x\n".to_string() } else { format!("RUN echo {i}\n") }).collect();
        let h = hunks(&old, &new, 3);
        assert_eq!(h.len(), 50);
        assert_eq!(patch(&old, &h), new);
        // Completely different texts: D = N + M, still linear memory.
        let other: String = (0..5_000).map(|i| format!("COPY {i}\n")).collect();
        let small: String = (0..5_000).map(|i| format!("RUN {i}\n")).collect();
        assert_eq!(patch(&small, &hunks(&small, &other, 3)), other);
    }
}
