//! The lossless syntax tree of a Dockerfile.
//!
//! Two layers:
//! * **Items and tokens** tile the whole input: every byte belongs to exactly
//!   one [`Item`] (a blank line, a comment, a parser directive, a BOM or an
//!   instruction with its continuation lines and heredoc bodies), and every
//!   instruction item is tiled by [`Token`]s (code, whitespace, line
//!   continuations, comment lines inside continuations, heredoc lines,
//!   newlines). Printing the tokens gives back the input byte for byte.
//! * **Instructions** carry BuildKit's semantic view: keyword, flags,
//!   arguments (JSON/exec or shell form, key/values, word lists), heredocs,
//!   each with byte ranges into the source.
//!
//! BuildKit joins continuation lines into one *logical line* before splitting
//! it into keyword, flags and arguments. [`LogicalLine`] keeps that joined text
//! together with a map back to source offsets, so that a rule that works on
//! the joined text (a shell command spanning ten lines) can still point at the
//! exact bytes in the file.

use crate::{Diagnostic, LineIndex, TextRange};

/// A parsed Dockerfile. Produced by [`crate::parse`]; never fails.
#[derive(Clone, Debug)]
pub struct Dockerfile {
    /// The text that was parsed.
    pub source: String,
    /// The escape token in force (`\` or, with `# escape=`` ` ``, a backtick).
    pub escape: char,
    /// Parser directives at the top of the file (`syntax`, `escape`, `check`).
    pub directives: Vec<Directive>,
    /// Top-level items in source order; their ranges tile `source`.
    pub items: Vec<Item>,
    /// The instructions in source order.
    pub instructions: Vec<Instruction>,
    /// Parse problems. The tree is complete even when this is not empty.
    pub diagnostics: Vec<Diagnostic>,
    /// Byte offset to line/column map of `source`.
    pub line_index: LineIndex,
}

impl Dockerfile {
    /// The text of a range of the source (empty when out of bounds).
    pub fn text(&self, range: TextRange) -> &str {
        range.slice(&self.source)
    }

    /// Reassembles the source from the tree (items and tokens). Equal to
    /// `source` byte for byte: this is what the round-trip tests check.
    pub fn print(&self) -> String {
        let mut out = String::with_capacity(self.source.len());
        for item in &self.items {
            match item.kind {
                ItemKind::Instruction(i) => {
                    for t in &self.instructions[i].tokens {
                        out.push_str(self.text(t.range));
                    }
                }
                _ => out.push_str(self.text(item.range)),
            }
        }
        out
    }

    /// 1-based line of a byte offset, as BuildKit counts lines.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_index.line_of(offset) + 1
    }

    /// The value of a parser directive (`syntax`, `escape`, `check`), if set.
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives.iter().find(|d| d.name.eq_ignore_ascii_case(name))
    }

    /// The comment lines (`# ...`) of the file, top-level and inside
    /// continuations, as ranges of the whole comment text.
    pub fn comments(&self) -> Vec<TextRange> {
        let mut out = Vec::new();
        for item in &self.items {
            match item.kind {
                ItemKind::Comment | ItemKind::Directive(_) => out.push(item.content),
                ItemKind::Instruction(i) => out.extend(
                    self.instructions[i]
                        .tokens
                        .iter()
                        .filter(|t| t.kind == TokenKind::Comment)
                        .map(|t| t.range),
                ),
                _ => {}
            }
        }
        out
    }
}

/// A top-level piece of the file, always whole lines (with their newlines).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    /// The whole lines, including line terminators.
    pub range: TextRange,
    /// The meaningful part: a comment without its leading whitespace and
    /// newline, the instruction from its keyword to its last byte.
    pub content: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A UTF-8 byte-order mark at the start of the file.
    Bom,
    /// An empty or whitespace-only line.
    Blank,
    /// A comment line.
    Comment,
    /// A parser directive line (index into [`Dockerfile::directives`]).
    Directive(usize),
    /// An instruction (index into [`Dockerfile::instructions`]).
    Instruction(usize),
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// Lower-case name.
    pub name: String,
    pub value: String,
    /// The whole directive comment.
    pub range: TextRange,
    pub name_range: TextRange,
    pub value_range: TextRange,
}

/// An instruction keyword. Matching is case-insensitive, as in BuildKit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Anything else (BuildKit's parser accepts it; the build rejects it).
    Unknown,
}

impl Keyword {
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    /// Case-insensitive lookup.
    pub fn from_name(name: &str) -> Keyword {
        Keyword::ALL
            .iter()
            .copied()
            .find(|k| k.as_str().eq_ignore_ascii_case(name))
            .unwrap_or(Keyword::Unknown)
    }

    /// Upper-case name (`UNKNOWN` for unknown keywords: use
    /// [`Instruction::keyword_text`] for what was written).
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "UNKNOWN",
        }
    }

    /// RUN, COPY and ADD may carry heredocs.
    pub fn can_have_heredoc(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }
}

/// One instruction, with everything it spans.
#[derive(Clone, Debug)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as written (any case).
    pub keyword_text: String,
    pub keyword_range: TextRange,
    /// From the keyword to the last byte of the instruction (its last
    /// continuation line or heredoc terminator), without the final newline.
    pub range: TextRange,
    /// 1-based first and last line, as BuildKit reports them (the last line
    /// includes heredoc bodies and terminators).
    pub start_line: usize,
    pub end_line: usize,
    /// Builder flags (`--from=build`, `--mount=type=cache,target=/root`).
    pub flags: Vec<Flag>,
    pub args: Args,
    /// Source range of the arguments after the flags (empty when none).
    pub args_range: TextRange,
    pub heredocs: Vec<Heredoc>,
    /// For `ONBUILD <instruction>`, the wrapped instruction (it shares this
    /// instruction's tokens and logical line).
    pub onbuild: Option<Box<Instruction>>,
    /// The joined logical line (continuations removed), with its source map.
    pub logical: LogicalLine,
    /// Tokens tiling the instruction's item (empty for an ONBUILD's inner
    /// instruction).
    pub tokens: Vec<Token>,
    /// Whitespace-only lines inside the continuation (BuildKit warns).
    pub empty_continuation_lines: Vec<TextRange>,
}

impl Instruction {
    /// The instruction that takes effect: the wrapped one for ONBUILD.
    pub fn effective(&self) -> &Instruction {
        match &self.onbuild {
            Some(inner) => inner,
            None => self,
        }
    }

    /// The first flag with this name (without `--`).
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// Whether the arguments are in JSON (exec) form.
    pub fn is_json(&self) -> bool {
        matches!(self.args, Args::Exec(_))
            || matches!(&self.args, Args::Healthcheck { cmd, .. } if matches!(**cmd, Args::Exec(_)))
    }

    /// The shell-form command text of RUN/CMD/ENTRYPOINT (or a
    /// HEALTHCHECK CMD), as a word whose `logical` range indexes
    /// [`Instruction::logical`].
    pub fn shell_command(&self) -> Option<&Word> {
        match &self.args {
            Args::Shell(w) => Some(w),
            Args::Healthcheck { cmd, .. } => match &**cmd {
                Args::Shell(w) => Some(w),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A builder flag such as `--from=build` or `--link`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// The name without the leading `--`.
    pub name: String,
    /// The value after `=` with quotes removed, if any.
    pub value: Option<String>,
    /// The whole flag, from `--` to its end.
    pub range: TextRange,
    /// `--name`.
    pub name_range: TextRange,
    /// The value after `=` as written.
    pub value_range: Option<TextRange>,
}

impl Flag {
    /// BuildKit's textual form (`--name=value`, quotes removed).
    pub fn text(&self) -> String {
        match &self.value {
            Some(v) => format!("--{}={}", self.name, v),
            None => format!("--{}", self.name),
        }
    }
}

/// A piece of argument text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The text as BuildKit keeps it at parse time: for JSON, the decoded
    /// string; otherwise the raw text (quotes and escapes are only resolved
    /// when variables are expanded).
    pub value: String,
    /// Where it is in the source (may span continuation lines).
    pub range: TextRange,
    /// Where it is in the instruction's [`LogicalLine`].
    pub logical: TextRange,
}

/// The argument forms of BuildKit's line parsers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Args {
    /// No arguments.
    None,
    /// JSON array (exec form): RUN, CMD, ENTRYPOINT, SHELL, ADD, COPY, VOLUME.
    Exec(Vec<Word>),
    /// Shell form of RUN, CMD, ENTRYPOINT, SHELL: one string.
    Shell(Word),
    /// One string: MAINTAINER, STOPSIGNAL, USER, WORKDIR.
    Text(Word),
    /// Whitespace-separated words: FROM, EXPOSE, ADD/COPY/VOLUME (non-JSON),
    /// ARG (quote-aware words).
    List(Vec<Word>),
    /// ENV and LABEL pairs.
    KeyValues(Vec<KeyValue>),
    /// HEALTHCHECK: the type (`CMD`, `NONE`) and the command.
    Healthcheck { kind: Word, cmd: Box<Args> },
    /// ONBUILD: see [`Instruction::onbuild`].
    OnBuild,
}

/// `key=value` (or legacy `key value`) in ENV and LABEL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    pub key: Word,
    /// Raw value (quotes kept; see [`Word::value`]).
    pub value: Word,
    /// The legacy `ENV key value` form (no `=`).
    pub legacy: bool,
    pub range: TextRange,
}

/// A heredoc attached to RUN, COPY or ADD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter with quotes removed.
    pub name: String,
    /// File descriptor written before `<<` (e.g. `3<<EOF`), 0 when absent.
    pub fd: u32,
    /// False when the delimiter was quoted (no variable expansion).
    pub expand: bool,
    /// `<<-`: leading tabs are stripped.
    pub chomp: bool,
    /// The `<<EOF` word on the instruction line.
    pub marker_range: TextRange,
    /// The body lines (with their newlines), possibly empty.
    pub body_range: TextRange,
    /// The terminator line's content, if the heredoc was terminated.
    pub terminator_range: Option<TextRange>,
    /// The body as BuildKit stores it (lines with their newlines).
    pub content: String,
}

/// The logical line of an instruction: its continuation lines joined as
/// BuildKit joins them, with a map back to source offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogicalLine {
    pub text: String,
    segments: Vec<Segment>,
    /// Where an empty logical line maps to.
    base: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    logical: usize,
    source: usize,
    len: usize,
}

impl LogicalLine {
    pub(crate) fn new(base: usize) -> Self {
        LogicalLine { base, ..LogicalLine::default() }
    }

    pub(crate) fn push(&mut self, source_text: &str, range: TextRange) {
        let piece = range.slice(source_text);
        if piece.is_empty() {
            return;
        }
        self.segments.push(Segment { logical: self.text.len(), source: range.start, len: piece.len() });
        self.text.push_str(piece);
    }

    /// Source offset of a logical offset (the end maps past the last byte).
    pub fn to_source(&self, offset: usize) -> usize {
        if self.segments.is_empty() {
            return self.base;
        }
        let i = match self.segments.binary_search_by(|s| s.logical.cmp(&offset)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let s = self.segments[i];
        s.source + (offset - s.logical).min(s.len)
    }

    /// Source range of a logical range. A non-empty range ends right after
    /// the source byte of its last logical byte.
    pub fn range_to_source(&self, range: TextRange) -> TextRange {
        if range.is_empty() {
            let at = self.to_source(range.start);
            return TextRange::empty(at);
        }
        let start = self.to_source(range.start);
        let end = self.to_source(range.end - 1) + 1;
        TextRange::new(start, end)
    }

    /// The source ranges that make up a logical range, one per segment
    /// touched (for edits that must not touch continuation characters).
    pub fn source_pieces(&self, range: TextRange) -> Vec<TextRange> {
        let mut out = Vec::new();
        for s in &self.segments {
            let lo = range.start.max(s.logical);
            let hi = range.end.min(s.logical + s.len);
            if lo < hi {
                out.push(TextRange::new(s.source + lo - s.logical, s.source + hi - s.logical));
            }
        }
        out
    }
}

/// A lexical piece of an instruction item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Leading whitespace of the first line.
    Whitespace,
    /// Text that is part of the logical line.
    Code,
    /// The escape character ending a line, with trailing blanks.
    Continuation,
    /// A comment line inside a continuation (with its indentation).
    Comment,
    /// A whitespace-only line inside a continuation.
    Blank,
    /// A line of a heredoc body.
    HeredocLine,
    /// A heredoc's terminator line.
    HeredocTerminator,
    /// A line terminator (`\n`, `\r\n`).
    Newline,
}
