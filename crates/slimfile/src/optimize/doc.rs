//! A Dockerfile as movable pieces: each instruction together with the
//! comment and blank lines just above it, so that a rewrite that moves,
//! replaces or removes instructions keeps every other byte (and moves a
//! comment with its instruction).

use crate::ast::{Dockerfile, ItemKind};

#[derive(Clone, Debug)]
pub(crate) struct Piece {
    /// The comment and blank lines before the instruction (or the whole
    /// prelude/trailer text for `inst == None`).
    pub lead: String,
    /// The instruction's own lines (continuations and heredoc bodies
    /// included), or empty.
    pub text: String,
    /// The instruction index in the original file; `None` for the prelude,
    /// the trailer, and inserted pieces.
    pub inst: Option<usize>,
}

/// The pieces of a file, in order; printing them gives the file back.
#[derive(Clone, Debug)]
pub(crate) struct Doc {
    pub pieces: Vec<Piece>,
}

impl Doc {
    pub fn new(df: &Dockerfile) -> Doc {
        let mut pieces = Vec::new();
        let mut lead = String::new();
        let mut seen_instruction = false;
        for item in &df.items {
            let text = df.text(item.range);
            match item.kind {
                ItemKind::Instruction(i) => {
                    if !seen_instruction {
                        // Directives, BOM, and everything before the first
                        // instruction stay as the prelude, except the
                        // comments directly above it.
                        let (pre, own) = split_prelude(&lead);
                        pieces.push(Piece {
                            lead: pre,
                            text: String::new(),
                            inst: None,
                        });
                        lead = own;
                        seen_instruction = true;
                    }
                    pieces.push(Piece {
                        lead: std::mem::take(&mut lead),
                        text: text.to_string(),
                        inst: Some(i),
                    });
                }
                _ => lead.push_str(text),
            }
        }
        pieces.push(Piece {
            lead,
            text: String::new(),
            inst: None,
        });
        Doc { pieces }
    }

    /// The file text; a newline is added where a piece without one is
    /// followed by more text.
    pub fn print(&self) -> String {
        let mut out = String::new();
        // Only an instruction's text can lack its newline (the last line of
        // a file); a BOM in the prelude is not a line.
        let mut open_line = false;
        for p in &self.pieces {
            for (part, is_text) in [(&p.lead, false), (&p.text, true)] {
                if part.is_empty() {
                    continue;
                }
                if open_line {
                    out.push('\n');
                }
                out.push_str(part);
                open_line = is_text && !part.ends_with('\n');
            }
        }
        out
    }

    /// Position of the piece of instruction `idx`.
    pub fn pos(&self, idx: usize) -> Option<usize> {
        self.pieces.iter().position(|p| p.inst == Some(idx))
    }

    /// Inserts a new instruction line (`text` without newline) before the
    /// piece at `pos`.
    pub fn insert(&mut self, pos: usize, text: &str) {
        self.pieces.insert(
            pos,
            Piece {
                lead: String::new(),
                text: format!("{text}\n"),
                inst: None,
            },
        );
    }

    /// Inserts a new instruction after the instruction `idx`'s piece.
    pub fn insert_after(&mut self, idx: usize, text: &str) -> bool {
        match self.pos(idx) {
            Some(p) => {
                self.insert(p + 1, text);
                true
            }
            None => false,
        }
    }

    /// Removes instruction `idx` with its comment lines; returns the piece.
    pub fn remove(&mut self, idx: usize) -> Option<Piece> {
        let p = self.pos(idx)?;
        Some(self.pieces.remove(p))
    }

    /// Replaces the text of instruction `idx` (comment lines above stay).
    pub fn replace(&mut self, idx: usize, text: &str) -> bool {
        match self.pos(idx) {
            Some(p) => {
                let nl = if self.pieces[p].text.ends_with('\n') { "\n" } else { "" };
                self.pieces[p].text = format!("{text}{nl}");
                true
            }
            None => false,
        }
    }

    /// Appends new text at the end (before the trailer's own text).
    pub fn append(&mut self, text: &str) {
        let at = self.pieces.len().saturating_sub(1);
        self.pieces.insert(
            at,
            Piece {
                lead: String::new(),
                text: text.to_string(),
                inst: None,
            },
        );
    }
}

/// Splits the text before the first instruction into what stays at the top
/// (directives, BOM, comments separated by a blank line) and the comment
/// lines directly above the instruction.
fn split_prelude(lead: &str) -> (String, String) {
    let lines: Vec<&str> = lead.split_inclusive('\n').collect();
    let mut k = lines.len();
    while k > 0 && lines[k - 1].trim_start().starts_with('#') {
        k -= 1;
    }
    // Keep parser directives (`# syntax=`, `# escape=`, `# check=`) at the
    // top: they are only directives before any other line.
    if k == 0 {
        let first_non_directive = lines
            .iter()
            .position(|l| !is_directive_line(l))
            .unwrap_or(lines.len());
        k = first_non_directive;
    }
    (lines[..k].concat(), lines[k..].concat())
}

fn is_directive_line(l: &str) -> bool {
    let t = l.trim_start_matches('\u{feff}').trim();
    let Some(rest) = t.strip_prefix('#') else { return false };
    let rest = rest.trim_start();
    let Some((name, _)) = rest.split_once('=') else { return false };
    let name = name.trim().to_ascii_lowercase();
    matches!(name.as_str(), "syntax" | "escape" | "check")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_back_every_file() {
        for src in [
            "",
            "FROM a",
            "# syntax=docker/dockerfile:1\n# hello\nFROM a\n\n# c\nRUN x \\\n  y\n# end\n",
            "\u{feff}FROM a\nRUN <<EOF\nx\nEOF\n",
            "# escape=`\nFROM a\nRUN x `\n  y",
        ] {
            let df = crate::parse(src);
            assert_eq!(Doc::new(&df).print(), src, "{src:?}");
        }
    }

    #[test]
    fn comments_move_with_their_instruction() {
        let df = crate::parse("# syntax=x\n# top\nFROM a\n# about b\nRUN b\nRUN c\n");
        let mut d = Doc::new(&df);
        let b = d.remove(1).unwrap();
        let pos = d.pos(2).unwrap();
        d.pieces.insert(pos + 1, b);
        assert_eq!(d.print(), "# syntax=x\n# top\nFROM a\nRUN c\n# about b\nRUN b\n");
        d.replace(0, "FROM z");
        d.insert_after(0, "WORKDIR /w");
        assert!(d.print().starts_with("# syntax=x\n# top\nFROM z\nWORKDIR /w\n"));
    }
}
