//! Syntax highlighting ranges for an editor, read from the lossless tree.
//!
//! [`highlight`] parses the text and returns sorted, non-overlapping byte
//! ranges with a [`TokenKind`]. Text between ranges is plain. The structure
//! (keywords, flags, comments, directives, heredocs, continuations) comes
//! from the tree; strings and variables inside the argument text are found by
//! a small lexical scan of the tree's code tokens (quotes and `$`, honouring
//! the file's escape character), so no input can make it fail.

use crate::ast::{Dockerfile, Instruction, ItemKind, TokenKind as TreeToken};
use crate::TextRange;

/// What a highlighted range is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// An instruction keyword (`RUN`), and `AS` in `FROM … AS name`.
    Keyword,
    /// A builder flag (`--from=build`).
    Flag,
    /// A quoted string, quotes included.
    String,
    /// `$NAME` or `${NAME…}`.
    Variable,
    /// A comment line.
    Comment,
    /// A parser directive (`# syntax=…`).
    Directive,
    /// A heredoc's `<<EOF` marker or its terminator line.
    HeredocMarker,
    /// The body lines of a heredoc.
    HeredocBody,
    /// The escape character ending a continued line.
    Continuation,
}

impl TokenKind {
    /// A short stable name (used as a CSS class by the web app).
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Keyword => "kw",
            TokenKind::Flag => "flag",
            TokenKind::String => "str",
            TokenKind::Variable => "var",
            TokenKind::Comment => "comment",
            TokenKind::Directive => "directive",
            TokenKind::HeredocMarker => "heredoc",
            TokenKind::HeredocBody => "heredoc-body",
            TokenKind::Continuation => "cont",
        }
    }
}

/// Highlight ranges of `src`: sorted by start, non-overlapping, on character
/// boundaries, never empty.
pub fn highlight(src: &str) -> Vec<(TextRange, TokenKind)> {
    let df = crate::parse(src);
    highlight_tree(&df)
}

/// [`highlight`] for an already parsed Dockerfile.
pub fn highlight_tree(df: &Dockerfile) -> Vec<(TextRange, TokenKind)> {
    let mut out = Vec::new();
    for item in &df.items {
        match item.kind {
            ItemKind::Comment => out.push((item.content, TokenKind::Comment)),
            ItemKind::Directive(_) => out.push((item.content, TokenKind::Directive)),
            ItemKind::Instruction(i) => {
                if let Some(ins) = df.instructions.get(i) {
                    instruction(df, ins, &mut out);
                }
            }
            ItemKind::Bom | ItemKind::Blank => {}
        }
    }
    // Keep the promise of sorted, non-overlapping, non-empty ranges on
    // character boundaries whatever the tree holds.
    out.retain(|(r, _)| {
        r.start < r.end && r.end <= df.source.len() && df.source.is_char_boundary(r.start) && df.source.is_char_boundary(r.end)
    });
    crate::sort::sort_by_key(&mut out, |(r, _)| (r.start, r.end));
    let mut end = 0;
    out.retain(|(r, _)| {
        let keep = r.start >= end;
        if keep {
            end = r.end;
        }
        keep
    });
    out
}

/// The tree's own ranges of an instruction (keyword, flags, heredocs; those of
/// an ONBUILD's inner instruction too).
fn structure(ins: &Instruction, out: &mut Vec<(TextRange, TokenKind)>) {
    out.push((ins.keyword_range, TokenKind::Keyword));
    out.extend(ins.flags.iter().map(|f| (f.range, TokenKind::Flag)));
    for h in &ins.heredocs {
        out.push((h.marker_range, TokenKind::HeredocMarker));
        out.push((h.body_range, TokenKind::HeredocBody));
        if let Some(t) = h.terminator_range {
            out.push((t, TokenKind::HeredocMarker));
        }
    }
    if let Some(inner) = &ins.onbuild {
        structure(inner, out);
    }
}

fn instruction(df: &Dockerfile, ins: &Instruction, out: &mut Vec<(TextRange, TokenKind)>) {
    let mut fixed = Vec::new();
    structure(ins, &mut fixed);
    for t in &ins.tokens {
        match t.kind {
            TreeToken::Comment => fixed.push((trim_start(&df.source, t.range), TokenKind::Comment)),
            TreeToken::Continuation => {
                let len = df.escape.len_utf8().min(t.range.len());
                fixed.push((TextRange::new(t.range.start, t.range.start + len), TokenKind::Continuation));
            }
            _ => {}
        }
    }
    fixed.retain(|(r, _)| !r.is_empty());
    crate::sort::sort_by_key(&mut fixed, |(r, _)| (r.start, r.end));
    let from = ins.effective().keyword == crate::Keyword::From;
    // The code outside the tree's ranges: strings and variables.
    for t in ins.tokens.iter().filter(|t| t.kind == TreeToken::Code) {
        let mut at = t.range.start;
        for (r, _) in fixed.iter().filter(|(r, _)| r.end > t.range.start && r.start < t.range.end) {
            if r.start > at {
                lex(df, TextRange::new(at, r.start), from, out);
            }
            at = at.max(r.end);
        }
        if at < t.range.end {
            lex(df, TextRange::new(at, t.range.end), from, out);
        }
    }
    out.extend(fixed);
}

fn trim_start(src: &str, r: TextRange) -> TextRange {
    let text = r.slice(src);
    let skipped = text.len() - text.trim_start().len();
    let trimmed = r.slice(src).trim_end_matches(['\r', '\n']);
    TextRange::new(r.start + skipped, r.start + trimmed.len())
}

/// Strings, variables and (in FROM) the `AS` keyword in a piece of code.
fn lex(df: &Dockerfile, range: TextRange, from: bool, out: &mut Vec<(TextRange, TokenKind)>) {
    let Some(text) = df.source.get(range.start..range.end) else { return };
    let escape = df.escape;
    let base = range.start;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c == escape => {
                chars.next();
            }
            '\'' => {
                let mut end = text.len();
                for (j, d) in chars.by_ref() {
                    if d == '\'' {
                        end = j + 1;
                        break;
                    }
                }
                out.push((TextRange::new(base + i, base + end), TokenKind::String));
            }
            '"' => {
                // A double-quoted string; variables inside it split it.
                let mut piece = i;
                let mut end = text.len();
                while let Some((j, d)) = chars.next() {
                    if d == escape {
                        chars.next();
                    } else if d == '"' {
                        end = j + 1;
                        break;
                    } else if d == '$' {
                        if let Some(vend) = variable(text, j) {
                            if j > piece {
                                out.push((TextRange::new(base + piece, base + j), TokenKind::String));
                            }
                            out.push((TextRange::new(base + j, base + vend), TokenKind::Variable));
                            while chars.peek().is_some_and(|(k, _)| *k < vend) {
                                chars.next();
                            }
                            piece = vend;
                        }
                    }
                }
                if end > piece {
                    out.push((TextRange::new(base + piece, base + end), TokenKind::String));
                }
            }
            '$' => {
                if let Some(vend) = variable(text, i) {
                    out.push((TextRange::new(base + i, base + vend), TokenKind::Variable));
                    while chars.peek().is_some_and(|(k, _)| *k < vend) {
                        chars.next();
                    }
                }
            }
            'a' | 'A' if from => {
                let before = text[..i].chars().next_back();
                let word_end = i + 2;
                let is_as = text.get(i..word_end).is_some_and(|w| w.eq_ignore_ascii_case("as"))
                    && before.is_none_or(char::is_whitespace)
                    && text[word_end.min(text.len())..].chars().next().is_some_and(char::is_whitespace);
                if is_as {
                    out.push((TextRange::new(base + i, base + word_end), TokenKind::Keyword));
                    chars.next();
                }
            }
            _ => {}
        }
    }
}

/// The end of the variable reference starting with `$` at `at`, if one does.
fn variable(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at + 1..)?;
    if let Some(inner) = rest.strip_prefix('{') {
        let close = inner.find('}').map_or(rest.len(), |c| c + 2);
        return Some(at + 1 + close);
    }
    let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
    (len > 0).then_some(at + 1 + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(src: &str) -> Vec<(&str, &'static str)> {
        highlight(src).into_iter().map(|(r, k)| (r.slice(src), k.as_str())).collect()
    }

    fn check_invariants(src: &str) {
        let h = highlight(src);
        let mut end = 0;
        for (r, _) in &h {
            assert!(r.start >= end && r.start < r.end && r.end <= src.len(), "{h:?} in {src:?}");
            assert!(src.is_char_boundary(r.start) && src.is_char_boundary(r.end));
            end = r.end;
        }
    }

    #[test]
    fn keywords_flags_strings_variables_and_comments() {
        let src = "# syntax=docker/dockerfile:1\n# a comment\nFROM node:${TAG} AS build\nCOPY --from=build --chown=1:1 /a \"/b c\"\nRUN echo \"hi $NAME!\" 'x $Y' \\\n  # inside\n  && true\n";
        assert_eq!(
            spans(src),
            [
                ("# syntax=docker/dockerfile:1", "directive"),
                ("# a comment", "comment"),
                ("FROM", "kw"),
                ("${TAG}", "var"),
                ("AS", "kw"),
                ("COPY", "kw"),
                ("--from=build", "flag"),
                ("--chown=1:1", "flag"),
                ("\"/b c\"", "str"),
                ("RUN", "kw"),
                ("\"hi ", "str"),
                ("$NAME", "var"),
                ("!\"", "str"),
                ("'x $Y'", "str"),
                ("\\", "cont"),
                ("# inside", "comment"),
            ]
        );
        check_invariants(src);
    }

    #[test]
    fn heredocs_and_onbuild() {
        let src = "RUN <<EOF\necho $x\nEOF\nONBUILD RUN --mount=type=cache,target=/c make\n";
        assert_eq!(
            spans(src),
            [
                ("RUN", "kw"),
                ("<<EOF", "heredoc"),
                ("echo $x\n", "heredoc-body"),
                ("EOF", "heredoc"),
                ("ONBUILD", "kw"),
                ("RUN", "kw"),
                ("--mount=type=cache,target=/c", "flag"),
            ]
        );
    }

    #[test]
    fn a_backtick_escape_and_unclosed_quotes_and_utf8() {
        let src = "# escape=`\nFROM mcr.microsoft.com/windows AS é\nRUN echo \"🐳 `\"still\" `\n  done \"never closed\nENV A='é\n";
        check_invariants(src);
        let s = spans(src);
        assert!(s.contains(&("\"🐳 `\"still\"", "str")), "{s:?}");
        assert!(s.contains(&("`", "cont")), "{s:?}");
        assert!(s.contains(&("\"never closed", "str")), "{s:?}");
        assert!(s.contains(&("'é", "str")), "{s:?}");
        // "AS" is a keyword only as a whole word in FROM.
        assert_eq!(spans("FROM alpine AS base\nRUN echo as AS\n").iter().filter(|(_, k)| *k == "kw").count(), 3);
    }

    #[test]
    fn never_panics_and_keeps_its_invariants_on_odd_inputs() {
        for src in ["", "\u{feff}FROM a", "RUN $", "RUN ${", "RUN \"$", "RUN \\", "FROM a AS", "COPY <<A <<B\nx\nA\ny\n", "\r\n\r\nRUN\t'a\r\n"] {
            check_invariants(src);
        }
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_text_keeps_the_invariants(src in "(FROM|RUN|COPY|ONBUILD|#|\\$|\\{|\\}|\"|'|`|\\\\|<<|EOF|--x=|é|🐳| |\t|\n|\r\n|a)*") {
            check_invariants(&src);
        }
    }
}
