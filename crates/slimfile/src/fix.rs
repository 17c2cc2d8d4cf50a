//! Fixes: text edits on the original source with an applicability, as in
//! Ruff. A fix's edits never overlap; applying them is a pure text operation.

use crate::TextRange;

/// How safe it is to apply a fix without review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Applicability {
    /// The image behaves the same.
    Safe,
    /// Behaviour may change (a new base image, removed packages, ...).
    Unsafe,
    /// Shown as a suggestion and a diff, never applied on its own.
    DisplayOnly,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// Replace `range` of the source with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: TextRange,
    pub replacement: String,
}

impl Edit {
    pub fn replace(range: TextRange, replacement: impl Into<String>) -> Edit {
        Edit { range, replacement: replacement.into() }
    }
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit { range: TextRange::empty(at), replacement: text.into() }
    }
    pub fn delete(range: TextRange) -> Edit {
        Edit { range, replacement: String::new() }
    }
}

/// A fix: what it does, its edits, and how safe it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { title: title.into(), edits, applicability: Applicability::Safe }
    }
    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { title: title.into(), edits, applicability: Applicability::Unsafe }
    }
    pub fn display_only(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { title: title.into(), edits, applicability: Applicability::DisplayOnly }
    }

    /// Applies the edits to `source`. Returns `None` when edits overlap or
    /// fall outside the text or off character boundaries (never panics).
    pub fn apply(&self, source: &str) -> Option<String> {
        apply_edits(source, &self.edits)
    }
}

/// Applies non-overlapping edits (in any order) to a text.
pub fn apply_edits(source: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    crate::sort::sort_by_key(&mut sorted, |e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for e in sorted {
        if e.range.start < at || e.range.end > source.len() {
            return None;
        }
        out.push_str(source.get(at..e.range.start)?);
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(source.get(at..)?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_sorted_edits_and_rejects_overlaps() {
        let edits = vec![Edit::replace(TextRange::new(4, 5), "B"), Edit::insert(0, ">"), Edit::delete(TextRange::new(1, 2))];
        assert_eq!(apply_edits("abcdef", &edits).as_deref(), Some(">acdBf"));
        let overlap = vec![Edit::delete(TextRange::new(0, 3)), Edit::delete(TextRange::new(2, 4))];
        assert_eq!(apply_edits("abcdef", &overlap), None);
        assert_eq!(apply_edits("é", &[Edit::delete(TextRange::new(0, 1))]), None);
    }
}
