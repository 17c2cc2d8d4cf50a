//! The Dockerfile parser: BuildKit's line algorithm (moby/buildkit,
//! frontend/dockerfile/parser), made lossless and error-tolerant.
//!
//! It walks physical lines once, iteratively (no recursion per line):
//! parser directives at the top, comments and blank lines, instructions with
//! their continuation lines (comment and empty lines inside a continuation are
//! skipped, as BuildKit does), then the bodies of any heredocs the
//! instruction opened. Every problem becomes a [`Diagnostic`]; parsing always
//! goes on to the end of the text.

mod heredoc;
mod json;
pub(crate) mod split;

use crate::ast::*;
use crate::{Diagnostic, LineIndex, TextRange};
use split::{LArgs, LInstruction, LWord};

/// BuildKit's scanner rejects lines longer than this (`bufio.MaxScanTokenSize - 1`).
pub const MAX_LINE_LEN: usize = 65_535;

#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    /// End of the content, before trailing `\r` and `\n` bytes.
    content_end: usize,
    /// End including the line terminator.
    end: usize,
}

fn split_lines(src: &str, from: usize) -> Vec<Line> {
    let b = src.as_bytes();
    let mut lines = Vec::new();
    let mut start = from;
    while start < b.len() {
        let end = match memchr_nl(&b[start..]) {
            Some(i) => start + i + 1,
            None => b.len(),
        };
        let mut content_end = end;
        while content_end > start && matches!(b[content_end - 1], b'\n' | b'\r') {
            content_end -= 1;
        }
        lines.push(Line { start, content_end, end });
        start = end;
    }
    lines
}

fn memchr_nl(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

/// Parses a Dockerfile. Never fails and never panics: problems are reported
/// in [`Dockerfile::diagnostics`].
pub fn parse(source: &str) -> Dockerfile {
    Parser::new(source).run()
}

/// Decodes raw bytes as UTF-8. Invalid sequences are replaced (U+FFFD) and
/// reported by a diagnostic whose range is in the decoded text.
pub fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Option<Diagnostic>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), None),
        Err(e) => {
            let text = String::from_utf8_lossy(bytes);
            let at = e.valid_up_to();
            let d = Diagnostic::error(
                "parse/invalid-utf8",
                TextRange::new(at, (at + 3).min(text.len())),
                format!("the file is not valid UTF-8 (first bad byte at offset {at}); invalid bytes are shown as \u{FFFD}"),
            );
            (text, Some(d))
        }
    }
}

/// Parses raw bytes: invalid UTF-8 is replaced (U+FFFD) and reported.
pub fn parse_bytes(bytes: &[u8]) -> Dockerfile {
    let (text, diag) = decode(bytes);
    let mut df = parse(&text);
    if let Some(d) = diag {
        df.diagnostics.insert(0, d);
    }
    df
}

struct Parser<'a> {
    src: &'a str,
    escape: char,
    directives_done: bool,
    directives: Vec<Directive>,
    items: Vec<Item>,
    instructions: Vec<Instruction>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        Parser {
            src,
            escape: '\\',
            directives_done: false,
            directives: Vec::new(),
            items: Vec::new(),
            instructions: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn run(mut self) -> Dockerfile {
        let src = self.src;
        let mut from = 0;
        if src.starts_with('\u{feff}') {
            from = 3;
            self.items.push(Item { kind: ItemKind::Bom, range: TextRange::new(0, 3), content: TextRange::new(0, 3) });
        }
        let lines = split_lines(src, from);
        for l in &lines {
            if l.content_end - l.start > MAX_LINE_LEN {
                self.diagnostics.push(Diagnostic::error(
                    "parse/line-too-long",
                    TextRange::new(l.start, l.content_end),
                    format!(
                        "line of {} bytes: BuildKit rejects lines longer than {MAX_LINE_LEN} bytes",
                        l.content_end - l.start
                    ),
                ));
            }
        }
        if src[from..].contains('\0') {
            let at = src.find('\0').unwrap_or(0);
            self.diagnostics.push(Diagnostic::error(
                "parse/nul-byte",
                TextRange::new(at, at + 1),
                "the file contains NUL bytes: it looks like a binary file, not a Dockerfile",
            ));
        }
        let mut i = 0;
        while i < lines.len() {
            let l = lines[i];
            let content = &src[l.start..l.content_end];
            let trimmed = content.trim_start();
            let tstart = l.content_end - trimmed.len();
            let content_range = TextRange::new(tstart, l.content_end);
            let item_range = TextRange::new(l.start, l.end);
            if !self.directives_done {
                if let Some(d) = self.directive(tstart, l.content_end) {
                    self.items.push(Item { kind: ItemKind::Directive(d), range: item_range, content: content_range });
                    i += 1;
                    continue;
                }
            }
            if trimmed.starts_with('#') {
                self.items.push(Item { kind: ItemKind::Comment, range: item_range, content: content_range });
                i += 1;
                continue;
            }
            if trimmed.is_empty() {
                self.items.push(Item { kind: ItemKind::Blank, range: item_range, content: content_range });
                i += 1;
                continue;
            }
            i = self.instruction(&lines, i);
        }
        if self.instructions.is_empty() {
            let end = src.len();
            self.diagnostics.push(Diagnostic::error(
                "parse/no-instructions",
                TextRange::new(end, end),
                "file with no instructions: a Dockerfile needs at least a FROM",
            ));
        }
        crate::sort::sort_by_key(&mut self.diagnostics, |d| d.range.start);
        Dockerfile {
            source: src.to_string(),
            escape: self.escape,
            directives: self.directives,
            items: self.items,
            instructions: self.instructions,
            diagnostics: self.diagnostics,
            line_index: LineIndex::new(src),
        }
    }

    /// Recognises a parser directive (`# name=value`) on a left-trimmed line.
    /// Any other line ends the directive section.
    fn directive(&mut self, start: usize, end: usize) -> Option<usize> {
        let s = &self.src[start..end];
        let b = s.as_bytes();
        let is_re_space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0c | b'\r');
        let parsed = (|| {
            if b.first() != Some(&b'#') {
                return None;
            }
            let mut i = 1;
            while i < b.len() && is_re_space(b[i]) {
                i += 1;
            }
            let ns = i;
            if !b.get(i)?.is_ascii_alphabetic() {
                return None;
            }
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let ne = i;
            while i < b.len() && is_re_space(b[i]) {
                i += 1;
            }
            if b.get(i) != Some(&b'=') {
                return None;
            }
            i += 1;
            while i < b.len() && is_re_space(b[i]) {
                i += 1;
            }
            let mut ve = b.len();
            while ve > i && is_re_space(b[ve - 1]) {
                ve -= 1;
            }
            if ve <= i {
                return None;
            }
            Some((ns, ne, i, ve))
        })();
        let Some((ns, ne, vs, ve)) = parsed else {
            self.directives_done = true;
            return None;
        };
        let name = s[ns..ne].to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            self.directives_done = true;
            return None;
        }
        let value = s[vs..ve].to_string();
        let range = TextRange::new(start, end);
        if self.directives.iter().any(|d| d.name == name) {
            self.diagnostics.push(Diagnostic::error(
                "parse/duplicate-directive",
                range,
                format!("only one {name} parser directive can be used"),
            ));
        }
        if name == "escape" {
            match value.as_str() {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                _ => self.diagnostics.push(Diagnostic::error(
                    "parse/invalid-escape",
                    TextRange::new(start + vs, start + ve),
                    format!("invalid escape token '{value}' does not match ` or \\"),
                )),
            }
        }
        self.directives.push(Directive {
            name,
            value,
            range,
            name_range: TextRange::new(start + ns, start + ne),
            value_range: TextRange::new(start + vs, start + ve),
        });
        Some(self.directives.len() - 1)
    }

    /// BuildKit's continuation rule on a line's content `[start, end)`:
    /// `([^E])E[ \t]*$|^E[ \t]*$`. Returns where the kept code ends (the
    /// position of the escape token) when the line continues.
    fn continuation(&self, start: usize, end: usize) -> Option<usize> {
        let s = &self.src[start..end];
        let t = s.trim_end_matches([' ', '\t']);
        let e = self.escape;
        let body = t.strip_suffix(e)?;
        if body.ends_with(e) {
            return None;
        }
        Some(start + body.len())
    }

    /// Parses the instruction starting on line `i`; returns the next line.
    fn instruction(&mut self, lines: &[Line], mut i: usize) -> usize {
        let src = self.src;
        let first = lines[i];
        let start_line = i + 1;
        let content = &src[first.start..first.content_end];
        let tstart = first.content_end - content.trim_start().len();
        let mut tokens = Vec::new();
        let mut logical = LogicalLine::new(tstart);
        let mut empty_lines = Vec::new();
        let push = |tokens: &mut Vec<Token>, kind, s: usize, e: usize| {
            if e > s {
                tokens.push(Token { kind, range: TextRange::new(s, e) });
            }
        };
        push(&mut tokens, TokenKind::Whitespace, first.start, tstart);
        let cont = self.continuation(tstart, first.content_end);
        let code_end = cont.unwrap_or(first.content_end);
        push(&mut tokens, TokenKind::Code, tstart, code_end);
        push(&mut tokens, TokenKind::Continuation, code_end, first.content_end);
        push(&mut tokens, TokenKind::Newline, first.content_end, first.end);
        logical.push(src, TextRange::new(tstart, code_end));
        let mut last_end = first.content_end;
        let mut last_line = i;
        let mut continues = cont.is_some();
        i += 1;
        while continues && i < lines.len() {
            let l = lines[i];
            let c = &src[l.start..l.content_end];
            let ct = c.trim_start();
            if ct.starts_with('#') {
                push(&mut tokens, TokenKind::Comment, l.start, l.content_end);
            } else if ct.is_empty() {
                push(&mut tokens, TokenKind::Blank, l.start, l.content_end);
                empty_lines.push(TextRange::new(l.start, l.content_end));
            } else {
                let cont = self.continuation(l.start, l.content_end);
                let code_end = cont.unwrap_or(l.content_end);
                push(&mut tokens, TokenKind::Code, l.start, code_end);
                push(&mut tokens, TokenKind::Continuation, code_end, l.content_end);
                logical.push(src, TextRange::new(l.start, code_end));
                continues = cont.is_some();
                last_end = l.content_end;
                last_line = i;
            }
            push(&mut tokens, TokenKind::Newline, l.content_end, l.end);
            i += 1;
        }
        // Trailing comment/blank lines swallowed by a continuation at the end
        // of the file belong to the instruction's item, not to its range.

        let text = logical.text.as_str();
        let parsed = split::parse_instruction(text, 0, text.len(), self.escape, 0);
        let mut inst = self.convert(&parsed, &logical);
        let keyword_start = inst.keyword_range.start;

        // Heredocs: only for RUN/COPY/ADD (possibly under ONBUILD) in shell form.
        let target = inst.effective();
        if target.keyword.can_have_heredoc() && !target.is_json() {
            let markers = heredoc::markers(text, 0, text.len());
            for m in markers {
                let m = match m {
                    Ok(m) => m,
                    Err((r, msg)) => {
                        self.diagnostics.push(Diagnostic::error("parse/invalid-heredoc", logical.range_to_source(r), msg));
                        continue;
                    }
                };
                let body_start = lines.get(i).map_or(src.len(), |l| l.start);
                let mut content = String::new();
                let mut terminator = None;
                while i < lines.len() {
                    let l = lines[i];
                    let c = &src[l.start..l.content_end];
                    let cand = if m.chomp { c.trim_start_matches('\t') } else { c };
                    if cand == m.name {
                        push(&mut tokens, TokenKind::HeredocTerminator, l.start, l.content_end);
                        push(&mut tokens, TokenKind::Newline, l.content_end, l.end);
                        terminator = Some(TextRange::new(l.start, l.content_end));
                        last_end = l.content_end;
                        last_line = i;
                        i += 1;
                        break;
                    }
                    content.push_str(&src[l.start..l.end]);
                    push(&mut tokens, TokenKind::HeredocLine, l.start, l.content_end);
                    push(&mut tokens, TokenKind::Newline, l.content_end, l.end);
                    last_end = l.content_end;
                    last_line = i;
                    i += 1;
                }
                let body_end = terminator.map_or_else(|| lines.get(i - 1).map_or(src.len(), |l| l.end), |t| t.start);
                let marker_range = logical.range_to_source(m.range);
                if terminator.is_none() {
                    self.diagnostics.push(Diagnostic::error(
                        "parse/unterminated-heredoc",
                        marker_range,
                        format!("unterminated heredoc: no line `{}` closes it before the end of the file", m.name),
                    ));
                }
                let hd = Heredoc {
                    name: m.name,
                    fd: m.fd,
                    expand: m.expand,
                    chomp: m.chomp,
                    marker_range,
                    body_range: TextRange::new(body_start.min(body_end), body_end),
                    terminator_range: terminator,
                    content,
                };
                match &mut inst.onbuild {
                    Some(inner) => inner.heredocs.push(hd),
                    None => inst.heredocs.push(hd),
                }
            }
        }

        inst.range = TextRange::new(keyword_start, last_end.max(keyword_start));
        inst.start_line = start_line;
        inst.end_line = last_line + 1;
        if let Some(inner) = &mut inst.onbuild {
            inner.range = TextRange::new(inner.keyword_range.start, last_end.max(inner.keyword_range.start));
            inner.start_line = start_line;
            inner.end_line = last_line + 1;
        }
        inst.tokens = tokens;
        inst.empty_continuation_lines = empty_lines;
        if let Some(inner) = &mut inst.onbuild {
            inner.logical = logical.clone();
        }
        inst.logical = logical;
        let item_end = lines.get(i - 1).map_or(src.len(), |l| l.end);
        let index = self.instructions.len();
        self.items.push(Item {
            kind: ItemKind::Instruction(index),
            range: TextRange::new(first.start, item_end),
            content: inst.range,
        });
        self.instructions.push(inst);
        i
    }

    /// Converts a logical-line parse into an [`Instruction`] with source ranges,
    /// and reports its errors.
    fn convert(&mut self, p: &LInstruction, logical: &LogicalLine) -> Instruction {
        let map = |r: TextRange| logical.range_to_source(r);
        let word = |w: &LWord| Word { value: w.value.clone(), range: map(w.range), logical: w.range };
        fn args(a: &LArgs, word: &dyn Fn(&LWord) -> Word, map: &dyn Fn(TextRange) -> TextRange) -> Args {
            match a {
                LArgs::None => Args::None,
                LArgs::Exec(v) => Args::Exec(v.iter().map(word).collect()),
                LArgs::Shell(w) => Args::Shell(word(w)),
                LArgs::Text(w) => Args::Text(word(w)),
                LArgs::List(v) => Args::List(v.iter().map(word).collect()),
                LArgs::KeyValues(v) => Args::KeyValues(
                    v.iter()
                        .map(|kv| KeyValue {
                            key: word(&kv.key),
                            value: word(&kv.value),
                            legacy: kv.legacy,
                            range: map(kv.range),
                        })
                        .collect(),
                ),
                LArgs::Healthcheck { kind, cmd } => {
                    Args::Healthcheck { kind: word(kind), cmd: Box::new(args(cmd, word, map)) }
                }
                LArgs::OnBuild(_) => Args::OnBuild,
            }
        }
        for (r, code, msg) in &p.errors {
            self.diagnostics.push(Diagnostic::error(code, map(*r), msg.clone()));
        }
        let keyword_range = map(p.keyword_range);
        if p.keyword == Keyword::Unknown {
            let suggestion = suggest_keyword(&p.keyword_text)
                .map(|k| format!(" (did you mean {}?)", k.as_str()))
                .unwrap_or_default();
            let message = if p.keyword_text.is_empty() {
                "a line continuation with no instruction after it".to_string()
            } else {
                format!("unknown instruction: {}{}", p.keyword_text, suggestion)
            };
            let range = if keyword_range.is_empty() { map(TextRange::new(0, logical.text.len())) } else { keyword_range };
            self.diagnostics.push(Diagnostic::error("parse/unknown-instruction", range, message));
        }
        let onbuild = match &p.args {
            LArgs::OnBuild(inner) => Some(Box::new(self.convert(inner, logical))),
            _ => None,
        };
        Instruction {
            keyword: p.keyword,
            keyword_text: p.keyword_text.clone(),
            keyword_range,
            range: keyword_range,
            start_line: 0,
            end_line: 0,
            flags: p
                .flags
                .iter()
                .map(|f| Flag {
                    name: f.name.clone(),
                    value: f.value.clone(),
                    range: map(f.range),
                    name_range: map(f.name_range),
                    value_range: f.value_range.map(map),
                })
                .collect(),
            args: args(&p.args, &word, &map),
            args_range: map(p.args_range),
            heredocs: Vec::new(),
            onbuild,
            logical: LogicalLine::default(),
            tokens: Vec::new(),
            empty_continuation_lines: Vec::new(),
        }
    }
}

/// The known keyword closest to a misspelt one (edit distance at most 2).
pub fn suggest_keyword(word: &str) -> Option<Keyword> {
    if word.is_empty() || word.len() > 20 {
        return None;
    }
    let w = word.to_ascii_uppercase();
    let name = suggest(&w, Keyword::ALL.iter().map(|k| k.as_str()))?;
    // A suggestion must keep some of the word: `R` is not a misspelt `RUN`.
    (edit_distance(&w, name) < w.len()).then(|| Keyword::from_name(name))
}

/// BuildKit's "did you mean" (`util/suggest`): the first option at edit
/// distance below 3 with the smallest distance; none when an option equals
/// the value.
pub(crate) fn suggest<'a>(value: &str, options: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best = None;
    let mut min = 3;
    for opt in options {
        if opt == value {
            return None;
        }
        let d = edit_distance(value, opt);
        if d < min {
            min = d;
            best = Some(opt);
        }
    }
    best
}

/// Levenshtein distance over characters (unit costs).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
