//! The parser behind [`super::parse`]: one forward pass over the bytes with an
//! explicit stack of frames (no recursion). List frames (the script, `( )`,
//! `{ }`, substitutions, `if`/loops/`case`) hold the state of the command
//! being built; word frames (`"..."`, `${...}`, `$((...))`) sit on top of the
//! list frame whose word they are part of.
//!
//! Every step either consumes at least one byte or pops a frame, and every
//! frame is pushed after consuming its opener, so the pass is linear.

use super::{
    Assignment, Block, BlockKind, Command, Compound, CompoundKind, Connector, ConnectorKind,
    Element, Heredoc, Nesting, Pipeline, Redirect, RedirectOp, Script, ShellDiagnostic,
    ShellDiagnosticKind as DK, Word,
};
use crate::TextRange;

/// Words nested this many substitutions deep abbreviate long expansions in
/// their values, which keeps value building linear for pathological input.
const MAX_LITERAL_DEPTH: u32 = 32;
/// Expansions longer than this are abbreviated past `MAX_LITERAL_DEPTH`.
const ABBREVIATE_OVER: usize = 64;

pub(super) fn parse(src: &str) -> Script {
    let mut p = Parser::new(src);
    p.run();
    for c in &mut p.script.commands {
        c.resolve_program();
    }
    p.script
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum Kind {
    #[default]
    Top,
    Subshell,
    Brace,
    CmdSubst,
    Backtick,
    ProcSubst,
    If,
    Loop,
    For,
    Case,
    Dq,
    Param,
    Arith,
}

impl Kind {
    fn is_word(self) -> bool {
        matches!(self, Kind::Dq | Kind::Param | Kind::Arith)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum Stage {
    #[default]
    List,
    IfCond,
    IfThen,
    IfElse,
    LoopCond,
    LoopBody,
    ForName,
    ForAfterName,
    ForWords,
    ForExpectDo,
    ForBody,
    CaseSubject,
    CaseExpectIn,
    CasePattern,
    CaseArm,
}

impl Stage {
    /// Stages where the frame reads a command list.
    fn is_list(self) -> bool {
        matches!(
            self,
            Stage::List
                | Stage::IfCond
                | Stage::IfThen
                | Stage::IfElse
                | Stage::LoopCond
                | Stage::LoopBody
                | Stage::ForBody
                | Stage::CaseArm
        )
    }
}

/// Progress of a function definition waiting for its body.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum FnState {
    #[default]
    None,
    /// After `function`: the next word is the name.
    Name(usize),
    /// After `function NAME`: optional `()`, then the body.
    AfterName(usize),
    /// After `NAME()`: the body.
    Body(usize),
}

impl FnState {
    fn compound(self) -> Option<usize> {
        match self {
            FnState::None => None,
            FnState::Name(k) | FnState::AfterName(k) | FnState::Body(k) => Some(k),
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum RedirOwner {
    Command(usize),
    Compound(usize),
}

#[derive(Clone, Copy, Debug)]
struct RedirRef {
    owner: RedirOwner,
    index: usize,
}

struct PendingHeredoc {
    at: RedirRef,
    delimiter: Vec<u8>,
    strip_tabs: bool,
}

/// A word being built.
struct WordB {
    start: usize,
    value: Vec<u8>,
    quoted: bool,
    has_expansion: bool,
    /// Open expansions: while > 0 nothing is appended to `value`; the
    /// outermost expansion's source text is appended when it closes.
    exp_depth: u32,
    exp_start: usize,
    /// Everything so far was unquoted literal text copied from the source.
    plain: bool,
    /// Length of the plain prefix, frozen when `plain` turns false.
    plain_len: usize,
}

impl WordB {
    fn new(start: usize) -> Self {
        WordB {
            start,
            value: Vec::new(),
            quoted: false,
            has_expansion: false,
            exp_depth: 0,
            exp_start: start,
            plain: true,
            plain_len: 0,
        }
    }
    fn unplain(&mut self) {
        if self.plain {
            self.plain = false;
            self.plain_len = self.value.len();
        }
    }
    fn push(&mut self, b: u8) {
        if self.exp_depth == 0 {
            self.value.push(b);
        }
    }
    fn extend(&mut self, s: &[u8]) {
        if self.exp_depth == 0 {
            self.value.extend_from_slice(s);
        }
    }
    fn plain_prefix_len(&self) -> usize {
        if self.plain {
            self.value.len()
        } else {
            self.plain_len
        }
    }
    /// The word so far is `NAME=` (bash array assignment follows on `(`).
    fn is_assignment_prefix(&self) -> bool {
        self.plain
            && self.value.last() == Some(&b'=')
            && assignment_split(&self.value[..self.value.len()])
                .is_some_and(|(_, eq)| eq + 1 == self.value.len())
    }
    /// The word so far is a file descriptor number glued to `<`/`>` at `at`.
    fn io_number(&self, at: usize) -> Option<u32> {
        if self.plain
            && !self.value.is_empty()
            && self.value.len() <= 9
            && self.start + self.value.len() == at
            && self.value.iter().all(u8::is_ascii_digit)
        {
            std::str::from_utf8(&self.value).ok()?.parse().ok()
        } else {
            None
        }
    }
}

/// Splits `NAME=` / `NAME+=`: returns (name length, index of `=`).
fn assignment_split(prefix: &[u8]) -> Option<(usize, usize)> {
    let eq = prefix.iter().position(|&c| c == b'=')?;
    let name_end = if eq > 0 && prefix[eq - 1] == b'+' {
        eq - 1
    } else {
        eq
    };
    let name = &prefix[..name_end];
    let first = *name.first()?;
    if !(first == b'_' || first.is_ascii_alphabetic())
        || !name.iter().all(|&c| c == b'_' || c.is_ascii_alphanumeric())
    {
        return None;
    }
    Some((name_end, eq))
}

fn bytes_to_string(v: Vec<u8>) -> String {
    match String::from_utf8(v) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

#[derive(Default)]
struct Cmd {
    /// Start of the element being built (first word or redirect).
    start: Option<usize>,
    /// Its slot in `script.commands`, reserved on demand.
    slot: Option<usize>,
    /// Inside `[[ ... ]]`.
    dbracket: bool,
}

#[derive(Default)]
struct Frame {
    kind: Kind,
    /// Offset of the opening token (for diagnostics).
    open: usize,
    // --- list frames ---
    stage: Stage,
    block: usize,
    owns_block: bool,
    /// Block of the enclosing list (for new blocks of this compound).
    parent_block: usize,
    compound: Option<usize>,
    pipeline: Option<usize>,
    pending: Option<Connector>,
    negate: Option<usize>,
    cmd: Cmd,
    elem_end: usize,
    word: Option<WordB>,
    redirect: Option<RedirRef>,
    after_compound: Option<usize>,
    func: FnState,
    arm_has_pattern: bool,
    subst_depth: u32,
    /// Nearest frame (at or below) that a `)` closes.
    paren_below: Option<usize>,
    /// Nearest backquote frame (at or below) that a backquote closes.
    tick_below: Option<usize>,
    // --- word frames and substitutions: the list frame owning the word ---
    owner: usize,
    /// Param frames: inside double quotes.
    in_dq: bool,
    /// Arith frames: parenthesis depth.
    depth: u32,
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    frames: Vec<Frame>,
    script: Script,
    heredocs: Vec<PendingHeredoc>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        let script = Script {
            blocks: vec![Block {
                kind: BlockKind::Script,
                range: TextRange::new(0, src.len()),
                parent: None,
                compound: None,
                command: None,
                nesting: Nesting::default(),
                pipelines: Vec::new(),
            }],
            ..Script::default()
        };
        let top = Frame {
            kind: Kind::Top,
            owns_block: true,
            ..Frame::default()
        };
        Parser {
            b: src.as_bytes(),
            i: 0,
            frames: vec![top],
            script,
            heredocs: Vec::new(),
        }
    }

    // ----------------------------------------------------------------- utils

    fn top(&self) -> usize {
        self.frames.len() - 1
    }

    fn peek(&self, k: usize) -> Option<u8> {
        self.b.get(self.i + k).copied()
    }

    fn diag(&mut self, start: usize, end: usize, kind: DK, message: impl Into<String>) {
        self.script.diagnostics.push(ShellDiagnostic {
            range: TextRange::new(start, end),
            kind,
            message: message.into(),
        });
    }

    fn find_byte(&self, from: usize, byte: u8) -> Option<usize> {
        self.b
            .get(from..)?
            .iter()
            .position(|&c| c == byte)
            .map(|p| from + p)
    }

    fn word_mut(&mut self, owner: usize) -> Option<&mut WordB> {
        self.frames.get_mut(owner).and_then(|f| f.word.as_mut())
    }

    fn append(&mut self, owner: usize, s: &[u8]) {
        if let Some(w) = self.word_mut(owner) {
            w.extend(s);
        }
    }

    fn new_block(
        &mut self,
        kind: BlockKind,
        start: usize,
        parent: usize,
        compound: Option<usize>,
        command: Option<usize>,
    ) -> usize {
        let mut n = self.script.blocks[parent].nesting;
        n.depth += 1;
        match kind {
            BlockKind::Subshell => n.subshell = true,
            BlockKind::BraceGroup => n.brace_group = true,
            BlockKind::CommandSubstitution
            | BlockKind::Backticks
            | BlockKind::ProcessSubstitution => n.substitution = true,
            BlockKind::ElifCondition | BlockKind::Then | BlockKind::Else | BlockKind::CaseArm => {
                n.conditional = true
            }
            BlockKind::LoopCondition | BlockKind::LoopBody => n.looped = true,
            BlockKind::FunctionBody => {
                n.function = true;
                n.conditional = true;
            }
            BlockKind::Script | BlockKind::IfCondition => {}
        }
        let id = self.script.blocks.len();
        self.script.blocks.push(Block {
            kind,
            range: TextRange::new(start, start),
            parent: Some(parent),
            compound,
            command,
            nesting: n,
            pipelines: Vec::new(),
        });
        if let Some(k) = compound {
            self.script.compounds[k].blocks.push(id);
        }
        id
    }

    // ------------------------------------------------------------ main loop

    fn run(&mut self) {
        while self.i < self.b.len() {
            let f = self.top();
            match self.frames[f].kind {
                Kind::Dq => self.step_dq(f),
                Kind::Param => self.step_param(f),
                Kind::Arith => self.step_arith(f),
                _ => self.step_list(f),
            }
        }
        self.finish_eof();
    }

    fn step_list(&mut self, f: usize) {
        let c = self.b[self.i];
        let dbr = self.frames[f].cmd.dbracket;
        match c {
            b' ' | b'\t' => {
                self.end_word();
                self.i += 1;
            }
            b'\r' if self.peek(1) == Some(b'\n') => {
                self.end_word();
                self.i += 1;
            }
            b'\n' => {
                self.end_word();
                self.newline();
            }
            b'\\' if self.peek(1) == Some(b'\n') => {
                if let Some(w) = self.frames[f].word.as_mut() {
                    w.unplain();
                }
                self.i += 2;
            }
            b'#' if self.frames[f].word.is_none() => {
                // A comment ends at the newline; inside backquotes, whose end
                // sh finds before parsing, also at the closing backquote.
                let nl = self.find_byte(self.i, b'\n').unwrap_or(self.b.len());
                let tick = match self.frames[f].tick_below {
                    Some(_) => self.find_byte(self.i, b'`').unwrap_or(nl),
                    None => nl,
                };
                self.i = nl.min(tick);
            }
            b'`' if self.frames[f].tick_below.is_some() => {
                self.end_word();
                self.close_backtick();
            }
            b'<' | b'>' if !dbr && self.peek(1) == Some(b'(') => self.word_char(f),
            b';' => self.operator(),
            b'&' | b'|' | b'(' | b')' | b'<' | b'>' if !dbr => self.operator(),
            _ => self.word_char(f),
        }
    }

    fn finish_eof(&mut self) {
        self.i = self.b.len();
        loop {
            let f = self.top();
            if self.frames[f].kind.is_word() {
                self.force_close(f);
                continue;
            }
            self.end_word();
            let f = self.top();
            if self.frames[f].kind == Kind::Top {
                self.finish_list(f);
                break;
            }
            self.force_close(f);
        }
        // Heredocs still pending had no newline after them: their body is
        // not in this text (a Dockerfile heredoc), which is not an error.
        self.heredocs.clear();
    }

    /// Closes the top frame because its end is missing.
    fn force_close(&mut self, f: usize) {
        let fr = &self.frames[f];
        let (open, kind) = (fr.open, fr.kind);
        let end = self.i;
        let (dk, msg) = match kind {
            Kind::Top => return,
            Kind::Dq => (DK::UnterminatedQuote, "unterminated double quote"),
            Kind::Param => (DK::UnterminatedExpansion, "unterminated `${`: missing `}`"),
            Kind::Arith => (
                DK::UnterminatedExpansion,
                "unterminated `$((`: missing `))`",
            ),
            Kind::CmdSubst => (
                DK::UnterminatedSubstitution,
                "unterminated `$(`: missing `)`",
            ),
            Kind::Backtick => (DK::UnterminatedSubstitution, "unterminated backquote"),
            Kind::ProcSubst => (
                DK::UnterminatedSubstitution,
                "unterminated process substitution: missing `)`",
            ),
            Kind::Subshell => (DK::UnbalancedParenthesis, "unbalanced `(`: missing `)`"),
            Kind::Brace => (DK::UnterminatedCompound, "unterminated `{`: missing `}`"),
            Kind::If => (DK::UnterminatedCompound, "unterminated `if`: missing `fi`"),
            Kind::Loop | Kind::For => (
                DK::UnterminatedCompound,
                "unterminated loop: missing `done`",
            ),
            Kind::Case => (
                DK::UnterminatedCompound,
                "unterminated `case`: missing `esac`",
            ),
        };
        self.diag(open, end, dk, msg);
        match kind {
            Kind::Dq => {
                self.frames.pop();
            }
            Kind::Param | Kind::Arith => {
                let owner = self.frames[f].owner;
                self.frames.pop();
                self.exp_close(owner, end);
            }
            Kind::CmdSubst | Kind::Backtick | Kind::ProcSubst => self.close_subst(f, end, end),
            _ => self.close_compound(f, end, end),
        }
    }

    // ---------------------------------------------------------------- words

    fn start_word(&mut self, f: usize) {
        let i = self.i;
        let fr = &mut self.frames[f];
        if fr.stage.is_list()
            && fr.redirect.is_none()
            && fr.cmd.start.is_none()
            && fr.after_compound.is_none()
            && !matches!(fr.func, FnState::Name(_))
        {
            fr.cmd.start = Some(i);
        }
        fr.word = Some(WordB::new(i));
    }

    /// A byte in unquoted word context of list frame `f` (the top frame).
    fn word_char(&mut self, f: usize) {
        if self.frames[f].word.is_none() {
            self.start_word(f);
        }
        let c = self.b[self.i];
        match c {
            b'\\' => {
                let next = self.peek(1);
                if let Some(w) = self.frames[f].word.as_mut() {
                    w.quoted = true;
                    w.unplain();
                    match next {
                        Some(n) => w.push(n),
                        None => w.push(b'\\'),
                    }
                }
                self.i += if next.is_some() { 2 } else { 1 };
            }
            b'\'' => self.single_quote(f),
            b'"' => {
                if let Some(w) = self.frames[f].word.as_mut() {
                    w.quoted = true;
                    w.unplain();
                }
                self.push_word_frame(Kind::Dq, f, false);
                self.i += 1;
            }
            b'`' => self.open_backtick(f),
            b'$' => self.dollar(f, true),
            b'<' | b'>' if !self.frames[f].cmd.dbracket && self.peek(1) == Some(b'(') => {
                let at = self.i;
                self.exp_open(f, at);
                self.push_subst(Kind::ProcSubst, f, at, at + 2);
                self.i += 2;
            }
            _ => {
                let dbr = self.frames[f].cmd.dbracket;
                let mut j = self.i + 1;
                while j < self.b.len() && is_ordinary(self.b[j], dbr) {
                    j += 1;
                }
                let run = &self.b[self.i..j];
                if let Some(w) = self.frames[f].word.as_mut() {
                    if c == b'~' && w.value.is_empty() && w.plain {
                        w.has_expansion = true;
                        w.unplain();
                    }
                    w.extend(run);
                }
                self.i = j;
            }
        }
    }

    fn single_quote(&mut self, owner: usize) {
        let start = self.i;
        let (content_end, next) = match self.find_byte(start + 1, b'\'') {
            Some(q) => (q, q + 1),
            None => {
                let len = self.b.len();
                self.diag(
                    start,
                    len,
                    DK::UnterminatedQuote,
                    "unterminated single quote",
                );
                (len, len)
            }
        };
        let content = &self.b[start + 1..content_end];
        if let Some(w) = self.frames[owner].word.as_mut() {
            w.quoted = true;
            w.unplain();
            w.extend(content);
        }
        self.i = next;
    }

    /// `$'...'` with C escapes.
    fn ansi_c_quote(&mut self, owner: usize) {
        let start = self.i;
        let b = self.b;
        let mut j = start + 2;
        let mut out = Vec::new();
        let mut closed = false;
        while j < b.len() {
            match b[j] {
                b'\'' => {
                    closed = true;
                    j += 1;
                    break;
                }
                b'\\' if j + 1 < b.len() => {
                    j += 1;
                    let e = b[j];
                    j += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'a' => out.push(7),
                        b'b' => out.push(8),
                        b'e' | b'E' => out.push(27),
                        b'f' => out.push(12),
                        b'v' => out.push(11),
                        b'\\' | b'\'' | b'"' | b'?' => out.push(e),
                        b'c' if j < b.len() => {
                            out.push(b[j] & 0x1f);
                            j += 1;
                        }
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            let mut n = 1;
                            while n < 3 && j < b.len() && (b'0'..=b'7').contains(&b[j]) {
                                v = v * 8 + u32::from(b[j] - b'0');
                                j += 1;
                                n += 1;
                            }
                            out.push((v & 0xff) as u8);
                        }
                        b'x' | b'u' | b'U' => {
                            let max = match e {
                                b'x' => 2,
                                b'u' => 4,
                                _ => 8,
                            };
                            let mut v: u32 = 0;
                            let mut n = 0;
                            while n < max && j < b.len() && b[j].is_ascii_hexdigit() {
                                v = v * 16 + (b[j] as char).to_digit(16).unwrap_or(0);
                                j += 1;
                                n += 1;
                            }
                            if n == 0 {
                                out.push(b'\\');
                                out.push(e);
                            } else if e == b'x' {
                                out.push(v as u8);
                            } else if let Some(ch) = char::from_u32(v) {
                                let mut buf = [0u8; 4];
                                out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                            }
                        }
                        other => {
                            out.push(b'\\');
                            out.push(other);
                        }
                    }
                }
                c => {
                    out.push(c);
                    j += 1;
                }
            }
        }
        if !closed {
            j = b.len();
            self.diag(start, j, DK::UnterminatedQuote, "unterminated `$'` quote");
        }
        if let Some(w) = self.frames[owner].word.as_mut() {
            w.quoted = true;
            w.unplain();
            w.extend(&out);
        }
        self.i = j;
    }

    /// `$` at `self.i`, inside a word of list frame `owner`.
    fn dollar(&mut self, owner: usize, unquoted: bool) {
        let at = self.i;
        match self.peek(1) {
            Some(b'(') if self.peek(2) == Some(b'(') => {
                self.exp_open(owner, at);
                self.push_word_frame(Kind::Arith, owner, false);
                self.frames.last_mut().expect("just pushed").open = at;
                self.i += 3;
            }
            Some(b'(') => {
                self.exp_open(owner, at);
                self.push_subst(Kind::CmdSubst, owner, at, at + 2);
                self.i += 2;
            }
            Some(b'{') => {
                self.exp_open(owner, at);
                let in_dq = self
                    .frames
                    .last()
                    .is_some_and(|t| t.kind == Kind::Dq || t.in_dq);
                self.push_word_frame(Kind::Param, owner, in_dq);
                self.frames.last_mut().expect("just pushed").open = at;
                self.i += 2;
            }
            Some(b'\'') if unquoted => self.ansi_c_quote(owner),
            Some(b'"') if unquoted => {
                if let Some(w) = self.frames[owner].word.as_mut() {
                    w.quoted = true;
                    w.unplain();
                }
                self.push_word_frame(Kind::Dq, owner, false);
                self.frames.last_mut().expect("just pushed").open = at;
                self.i += 2;
            }
            Some(c) if c == b'_' || c.is_ascii_alphabetic() => {
                let mut j = at + 2;
                while j < self.b.len() && (self.b[j] == b'_' || self.b[j].is_ascii_alphanumeric()) {
                    j += 1;
                }
                self.exp_open(owner, at);
                self.exp_close(owner, j);
                self.i = j;
            }
            Some(c) if c.is_ascii_digit() || b"@*#?-$!".contains(&c) => {
                self.exp_open(owner, at);
                self.exp_close(owner, at + 2);
                self.i = at + 2;
            }
            _ => {
                self.append(owner, b"$");
                self.i += 1;
            }
        }
    }

    fn exp_open(&mut self, owner: usize, at: usize) {
        if let Some(w) = self.word_mut(owner) {
            if w.exp_depth == 0 {
                w.exp_start = at;
            }
            w.exp_depth += 1;
            w.has_expansion = true;
            w.unplain();
        }
    }

    fn exp_close(&mut self, owner: usize, end: usize) {
        let Some(fr) = self.frames.get_mut(owner) else {
            return;
        };
        let depth = fr.subst_depth;
        let Some(w) = fr.word.as_mut() else { return };
        if w.exp_depth == 0 {
            return;
        }
        w.exp_depth -= 1;
        if w.exp_depth > 0 {
            return;
        }
        let raw = self.b.get(w.exp_start..end).unwrap_or(&[]);
        if depth >= MAX_LITERAL_DEPTH && raw.len() > ABBREVIATE_OVER {
            let n = match raw {
                [b'$', b'(', b'(', ..] => 3,
                [b'$', b'(' | b'{', ..] | [b'<' | b'>', b'(', ..] => 2,
                _ => 1,
            };
            w.value.extend_from_slice(&raw[..n]);
            w.value.extend_from_slice(b"...");
        } else {
            w.value.extend_from_slice(raw);
        }
    }

    fn push_word_frame(&mut self, kind: Kind, owner: usize, in_dq: bool) {
        let open = self.i;
        self.frames.push(Frame {
            kind,
            open,
            owner,
            in_dq,
            ..Frame::default()
        });
    }

    /// The word in list frame `f` is complete: file it.
    fn end_word(&mut self) {
        let f = self.top();
        let Some(w) = self.frames[f].word.take() else {
            return;
        };
        let mut end = self.i.max(w.start);
        while end >= w.start + 2 && &self.b[end - 2..end] == b"\\\n" {
            end -= 2;
        }
        let plain = w.plain;
        let plain_len = w.plain_prefix_len();
        let word = Word {
            range: TextRange::new(w.start, end),
            value: bytes_to_string(w.value),
            quoted: w.quoted,
            has_expansion: w.has_expansion,
        };
        if let Some(r) = self.frames[f].redirect.take() {
            self.set_redirect_target(f, r, word);
            return;
        }
        let is = |s: &str| plain && word.value == s;
        let (is_in, is_do, is_esac) = (is("in"), is("do"), is("esac"));
        let range = word.range;
        match self.frames[f].stage {
            Stage::ForName => {
                self.push_compound_word(f, word);
                self.frames[f].stage = Stage::ForAfterName;
            }
            Stage::ForAfterName if is_in => self.frames[f].stage = Stage::ForWords,
            Stage::ForAfterName | Stage::ForExpectDo if is_do => {
                let fr = &mut self.frames[f];
                fr.stage = Stage::ForBody;
                let (parent, k) = (fr.parent_block, fr.compound);
                let b = self.new_block(BlockKind::LoopBody, range.end, parent, k, None);
                self.enter_block(f, b);
            }
            Stage::ForAfterName => self.diag(
                range.start,
                range.end,
                DK::UnexpectedToken,
                "expected `in` or `do` in `for`",
            ),
            Stage::ForExpectDo => self.diag(
                range.start,
                range.end,
                DK::UnexpectedToken,
                "expected `do` in `for`",
            ),
            Stage::ForWords => self.push_compound_word(f, word),
            Stage::CaseSubject => {
                self.push_compound_word(f, word);
                self.frames[f].stage = Stage::CaseExpectIn;
            }
            Stage::CaseExpectIn => {
                if !is_in {
                    self.diag(
                        range.start,
                        range.end,
                        DK::UnexpectedToken,
                        "expected `in` in `case`",
                    );
                }
                self.frames[f].stage = Stage::CasePattern;
                self.frames[f].arm_has_pattern = false;
            }
            Stage::CasePattern => {
                if !self.frames[f].arm_has_pattern && is_esac {
                    self.close_compound(f, range.start, range.end);
                } else {
                    self.frames[f].arm_has_pattern = true;
                    self.push_compound_word(f, word);
                }
            }
            _ => self.command_word(f, word, plain, plain_len),
        }
    }

    fn push_compound_word(&mut self, f: usize, word: Word) {
        if let Some(k) = self.frames[f].compound {
            self.script.compounds[k].words.push(word);
        }
    }

    fn enter_block(&mut self, f: usize, block: usize) {
        let fr = &mut self.frames[f];
        fr.block = block;
        fr.owns_block = true;
        fr.pending = None;
        fr.negate = None;
    }

    /// A word in a command list.
    fn command_word(&mut self, f: usize, word: Word, plain: bool, plain_len: usize) {
        if let FnState::Name(k) = self.frames[f].func {
            self.script.compounds[k].words.push(word);
            self.frames[f].func = FnState::AfterName(k);
            return;
        }
        if self.frames[f].cmd.slot.is_none() && plain && self.keyword(f, &word) {
            return;
        }
        let start = word.range.start;
        self.ensure_slot(f, start);
        let Some(slot) = self.frames[f].cmd.slot else {
            return;
        };
        let end = word.range.end;
        let cmd = &mut self.script.commands[slot];
        if cmd.words.is_empty() {
            if let Some(a) = as_assignment(&word, plain_len) {
                cmd.assignments.push(a);
                self.frames[f].elem_end = end;
                return;
            }
            if plain && word.value == "[[" {
                self.frames[f].cmd.dbracket = true;
            }
        } else if self.frames[f].cmd.dbracket && plain && word.value == "]]" {
            self.frames[f].cmd.dbracket = false;
        }
        cmd.words.push(word);
        self.frames[f].elem_end = end;
    }

    /// Handles a reserved word in command position; false if `word` is not one.
    fn keyword(&mut self, f: usize, word: &Word) -> bool {
        let (s, e) = (word.range.start, word.range.end);
        let kind = self.frames[f].kind;
        let stage = self.frames[f].stage;
        let kw = word.value.as_str();
        // The word set the element's start; a keyword is not an element.
        let saved_start = self.frames[f].cmd.start.take();
        match kw {
            "if" => self.start_compound(f, CompoundKind::If, s, e),
            "while" => self.start_compound(f, CompoundKind::While, s, e),
            "until" => self.start_compound(f, CompoundKind::Until, s, e),
            "for" => self.start_compound(f, CompoundKind::For, s, e),
            "case" => self.start_compound(f, CompoundKind::Case, s, e),
            "{" => self.start_compound(f, CompoundKind::BraceGroup, s, e),
            "function" => self.start_function(f, s, e),
            "!" if self.frames[f].pipeline.is_none() && self.frames[f].after_compound.is_none() => {
                self.frames[f].negate = Some(s);
            }
            "then" if kind == Kind::If && stage == Stage::IfCond => {
                self.switch_block(f, BlockKind::Then, s, e);
                self.frames[f].stage = Stage::IfThen;
            }
            "elif" if kind == Kind::If && stage == Stage::IfThen => {
                self.switch_block(f, BlockKind::ElifCondition, s, e);
                self.frames[f].stage = Stage::IfCond;
            }
            "else" if kind == Kind::If && stage == Stage::IfThen => {
                self.switch_block(f, BlockKind::Else, s, e);
                self.frames[f].stage = Stage::IfElse;
            }
            "fi" if kind == Kind::If => {
                if stage == Stage::IfCond {
                    self.diag(s, e, DK::UnexpectedToken, "`fi` before `then`");
                }
                self.close_compound(f, s, e);
            }
            "do" if kind == Kind::Loop && stage == Stage::LoopCond => {
                self.switch_block(f, BlockKind::LoopBody, s, e);
                self.frames[f].stage = Stage::LoopBody;
            }
            "done" if matches!(stage, Stage::LoopBody | Stage::ForBody) => {
                self.close_compound(f, s, e)
            }
            "esac" if stage == Stage::CaseArm => self.close_compound(f, s, e),
            "}" if kind == Kind::Brace => self.close_compound(f, s, e),
            "then" | "elif" | "else" | "fi" | "do" | "done" | "esac" | "}" => {
                self.finish_list(f);
                self.diag(s, e, DK::UnexpectedToken, format!("unexpected `{kw}`"));
            }
            _ => {
                self.frames[f].cmd.start = saved_start;
                return false;
            }
        }
        true
    }

    fn set_redirect_target(&mut self, f: usize, r: RedirRef, word: Word) {
        let end = word.range.end;
        let heredoc = {
            let Some(red) = self.redirect_mut(r) else {
                return;
            };
            red.range.end = end;
            let strip_tabs = red.op == RedirectOp::HereDocStripTabs;
            let heredoc = matches!(red.op, RedirectOp::HereDoc | RedirectOp::HereDocStripTabs);
            if heredoc {
                red.heredoc = Some(Heredoc {
                    delimiter: word.value.clone(),
                    quoted: word.quoted,
                    strip_tabs,
                    body: None,
                    terminated: false,
                });
            }
            red.target = Some(word);
            heredoc.then_some(strip_tabs)
        };
        if let Some(strip_tabs) = heredoc {
            let delimiter = self
                .redirect_mut(r)
                .and_then(|red| red.heredoc.as_ref())
                .map(|h| h.delimiter.as_bytes().to_vec())
                .unwrap_or_default();
            self.heredocs.push(PendingHeredoc {
                at: r,
                delimiter,
                strip_tabs,
            });
        }
        if let RedirOwner::Compound(k) = r.owner {
            let c = &mut self.script.compounds[k];
            c.range.end = c.range.end.max(end);
        }
        self.frames[f].elem_end = end;
    }

    fn redirect_mut(&mut self, r: RedirRef) -> Option<&mut Redirect> {
        match r.owner {
            RedirOwner::Command(i) => self.script.commands.get_mut(i)?.redirects.get_mut(r.index),
            RedirOwner::Compound(k) => self.script.compounds.get_mut(k)?.redirects.get_mut(r.index),
        }
    }

    // ------------------------------------------------------------ elements

    /// An element of the current pipeline has begun (or is in progress).
    fn started(&self, f: usize) -> bool {
        let fr = &self.frames[f];
        fr.cmd.start.is_some() || fr.after_compound.is_some() || fr.func != FnState::None
    }

    /// Adds an element to the frame's current pipeline (creating it).
    fn begin_element(&mut self, f: usize, start: usize) -> (usize, usize, Connector) {
        let fr = &mut self.frames[f];
        let (p, connector) = match fr.pipeline {
            Some(p) => (p, fr.pending.take().unwrap_or(Connector::START)),
            None => {
                let connector = fr.pending.take().unwrap_or(Connector::START);
                let negate = fr.negate.take();
                let p = self.script.pipelines.len();
                self.script.pipelines.push(Pipeline {
                    range: TextRange::new(negate.unwrap_or(start).min(start), start),
                    block: fr.block,
                    connector,
                    negated: negate.is_some(),
                    background: false,
                    elements: Vec::new(),
                    pipes: Vec::new(),
                });
                self.script.blocks[fr.block].pipelines.push(p);
                fr.pipeline = Some(p);
                (p, connector)
            }
        };
        (p, self.script.pipelines[p].elements.len(), connector)
    }

    /// Something other than an operator follows a compound command or a
    /// function header: report it and start over with a new pipeline.
    fn check_juxtaposition(&mut self, f: usize, at: usize) {
        if self.abandon_function(f, at) {
            self.end_pipeline(f);
            return;
        }
        if self.frames[f].after_compound.is_some() {
            self.diag(
                at,
                at + 1,
                DK::UnexpectedToken,
                "unexpected word after a compound command",
            );
            self.end_pipeline(f);
        }
    }

    /// A function header not followed by its body: report it and treat the
    /// definition as complete. True if there was one.
    fn abandon_function(&mut self, f: usize, at: usize) -> bool {
        let Some(k) = self.frames[f].func.compound() else {
            return false;
        };
        let at = at.min(self.b.len());
        let msg = "function definition without a `{ ... }` or `( ... )` body";
        self.diag(at, at, DK::MissingCommand, msg);
        self.frames[f].func = FnState::None;
        self.frames[f].after_compound = Some(k);
        true
    }

    /// Reserves the slot of the simple command being built in frame `f`.
    fn ensure_slot(&mut self, f: usize, start_hint: usize) {
        if self.frames[f].cmd.slot.is_some() {
            return;
        }
        self.check_juxtaposition(f, start_hint);
        let start = *self.frames[f].cmd.start.get_or_insert(start_hint);
        let (p, position, connector) = self.begin_element(f, start);
        let block = self.frames[f].block;
        let idx = self.script.commands.len();
        self.script.commands.push(Command {
            range: TextRange::new(start, start),
            assignments: Vec::new(),
            words: Vec::new(),
            redirects: Vec::new(),
            connector,
            block,
            pipeline: p,
            position,
            nesting: self.script.blocks[block].nesting,
            program: None,
        });
        self.script.pipelines[p]
            .elements
            .push(Element::Command(idx));
        self.frames[f].cmd.slot = Some(idx);
        self.frames[f].elem_end = start;
    }

    /// Ends the element being built (the pipeline stays open for `|`).
    fn end_element(&mut self, f: usize) {
        if let Some(r) = self.frames[f].redirect.take() {
            if let Some(red) = self.redirect_mut(r) {
                let (s, e) = (red.op_range.start, red.op_range.end);
                let msg = format!("missing target after `{}`", red.op.as_str());
                self.diag(s, e, DK::MissingRedirectTarget, msg);
            }
        }
        let started = self.started(f);
        let fr = &mut self.frames[f];
        let end = fr.elem_end;
        if let Some(slot) = fr.cmd.slot {
            let c = &mut self.script.commands[slot];
            c.range.end = end.max(c.range.start);
        }
        if let Some(k) = fr.after_compound.take() {
            let c = &mut self.script.compounds[k];
            c.range.end = c.range.end.max(end);
        }
        if started {
            if let Some(p) = fr.pipeline {
                let pl = &mut self.script.pipelines[p];
                pl.range.end = end.max(pl.range.start);
            }
        }
        fr.cmd = Cmd::default();
    }

    fn end_pipeline(&mut self, f: usize) {
        self.end_element(f);
        self.frames[f].pipeline = None;
    }

    /// Reports a `&&`, `||` or `|` with nothing after it. True if one was.
    fn dangling_check(&mut self, f: usize) -> bool {
        if self.started(f) {
            return false;
        }
        let Some(c) = self.frames[f].pending else {
            return false;
        };
        let (op, range) = match (c.kind, c.range) {
            (ConnectorKind::And, Some(r)) => ("&&", r),
            (ConnectorKind::Or, Some(r)) => ("||", r),
            (ConnectorKind::Pipe, Some(r)) => ("|", r),
            _ => return false,
        };
        self.frames[f].pending = None;
        self.diag(
            range.start,
            range.end,
            DK::MissingCommand,
            format!("missing command after `{op}`"),
        );
        true
    }

    /// The end of a command list (closing keyword, `)`, end of text).
    fn finish_list(&mut self, f: usize) {
        self.abandon_function(f, self.i);
        self.dangling_check(f);
        self.end_pipeline(f);
        let fr = &mut self.frames[f];
        fr.pending = None;
        fr.negate = None;
        if fr.owns_block {
            let at = self.i.min(self.b.len());
            let b = &mut self.script.blocks[fr.block];
            b.range.end = b.range.end.max(at);
        }
    }

    /// Ends the frame's current block at `kw_start` and opens a new one.
    fn switch_block(&mut self, f: usize, kind: BlockKind, kw_start: usize, kw_end: usize) {
        let saved = self.i;
        self.i = kw_start;
        self.finish_list(f);
        self.i = saved;
        let (parent, k) = (self.frames[f].parent_block, self.frames[f].compound);
        let b = self.new_block(kind, kw_end, parent, k, None);
        self.enter_block(f, b);
    }

    fn start_compound(&mut self, f: usize, kind: CompoundKind, start: usize, end: usize) {
        // A pending function definition takes `{ }` / `( )` as its body.
        if let FnState::AfterName(k) | FnState::Body(k) = self.frames[f].func {
            if matches!(kind, CompoundKind::BraceGroup | CompoundKind::Subshell) {
                self.frames[f].func = FnState::None;
                let frame_kind = if kind == CompoundKind::Subshell {
                    Kind::Subshell
                } else {
                    Kind::Brace
                };
                self.push_compound_frame(
                    f,
                    frame_kind,
                    k,
                    start,
                    Some(BlockKind::FunctionBody),
                    end,
                );
                return;
            }
        }
        self.check_juxtaposition(f, start);
        let (p, position, connector) = self.begin_element(f, start);
        let k = self.new_compound(f, kind, start, end, p, position, connector);
        let (frame_kind, block_kind) = match kind {
            CompoundKind::Subshell => (Kind::Subshell, Some(BlockKind::Subshell)),
            CompoundKind::BraceGroup => (Kind::Brace, Some(BlockKind::BraceGroup)),
            CompoundKind::If => (Kind::If, Some(BlockKind::IfCondition)),
            CompoundKind::While | CompoundKind::Until => {
                (Kind::Loop, Some(BlockKind::LoopCondition))
            }
            CompoundKind::For => (Kind::For, None),
            CompoundKind::Case => (Kind::Case, None),
            CompoundKind::Function => (Kind::Brace, Some(BlockKind::FunctionBody)),
        };
        self.push_compound_frame(f, frame_kind, k, start, block_kind, end);
    }

    #[allow(clippy::too_many_arguments)]
    fn new_compound(
        &mut self,
        f: usize,
        kind: CompoundKind,
        start: usize,
        end: usize,
        p: usize,
        position: usize,
        connector: Connector,
    ) -> usize {
        let k = self.script.compounds.len();
        self.script.compounds.push(Compound {
            kind,
            range: TextRange::new(start, end),
            block: self.frames[f].block,
            pipeline: p,
            position,
            connector,
            blocks: Vec::new(),
            words: Vec::new(),
            redirects: Vec::new(),
        });
        self.script.pipelines[p].elements.push(Element::Compound(k));
        k
    }

    fn push_compound_frame(
        &mut self,
        f: usize,
        kind: Kind,
        k: usize,
        open: usize,
        block_kind: Option<BlockKind>,
        body_start: usize,
    ) {
        let parent_block = self.frames[f].block;
        let n = self.frames.len();
        let (paren_below, tick_below, subst_depth) = {
            let p = &self.frames[f];
            let paren = if kind == Kind::Subshell {
                Some(n)
            } else {
                p.paren_below
            };
            (paren, p.tick_below, p.subst_depth)
        };
        let stage = match kind {
            Kind::If => Stage::IfCond,
            Kind::Loop => Stage::LoopCond,
            Kind::For => Stage::ForName,
            Kind::Case => Stage::CaseSubject,
            _ => Stage::List,
        };
        let (block, owns_block) = match block_kind {
            Some(bk) => (
                self.new_block(bk, body_start, parent_block, Some(k), None),
                true,
            ),
            None => (parent_block, false),
        };
        self.frames.push(Frame {
            kind,
            open,
            stage,
            block,
            owns_block,
            parent_block,
            compound: Some(k),
            subst_depth,
            paren_below,
            tick_below,
            owner: f,
            elem_end: body_start,
            ..Frame::default()
        });
    }

    fn start_function(&mut self, f: usize, start: usize, end: usize) {
        self.check_juxtaposition(f, start);
        let (p, position, connector) = self.begin_element(f, start);
        let k = self.new_compound(
            f,
            CompoundKind::Function,
            start,
            end,
            p,
            position,
            connector,
        );
        self.frames[f].func = FnState::Name(k);
    }

    /// `name()`: turns the one-word command being built into a function
    /// definition. Returns false when the command is not just a name.
    fn try_function_parens(&mut self, f: usize) -> bool {
        let Some(slot) = self.frames[f].cmd.slot else {
            return false;
        };
        let c = &self.script.commands[slot];
        if slot + 1 != self.script.commands.len()
            || c.words.len() != 1
            || !c.assignments.is_empty()
            || !c.redirects.is_empty()
            || c.words[0].quoted
            || c.words[0].has_expansion
        {
            return false;
        }
        let Some(close) = self.after_blanks(self.i + 1).filter(|&j| self.b[j] == b')') else {
            return false;
        };
        let Some(cmd) = self.script.commands.pop() else {
            return false;
        };
        let name = cmd.words.into_iter().next();
        let k = self.script.compounds.len();
        self.script.compounds.push(Compound {
            kind: CompoundKind::Function,
            range: TextRange::new(cmd.range.start, close + 1),
            block: cmd.block,
            pipeline: cmd.pipeline,
            position: cmd.position,
            connector: cmd.connector,
            blocks: Vec::new(),
            words: name.into_iter().collect(),
            redirects: Vec::new(),
        });
        if let Some(e) = self.script.pipelines[cmd.pipeline]
            .elements
            .get_mut(cmd.position)
        {
            *e = Element::Compound(k);
        }
        let fr = &mut self.frames[f];
        fr.cmd = Cmd::default();
        fr.func = FnState::Body(k);
        fr.elem_end = close + 1;
        self.i = close + 1;
        true
    }

    fn after_blanks(&self, mut j: usize) -> Option<usize> {
        while j < self.b.len() && matches!(self.b[j], b' ' | b'\t') {
            j += 1;
        }
        (j < self.b.len()).then_some(j)
    }

    /// Closes compound frame `f`; its closing token spans `close_start..close_end`.
    fn close_compound(&mut self, f: usize, close_start: usize, close_end: usize) {
        let saved = self.i;
        self.i = close_start;
        self.finish_list(f);
        self.i = saved;
        let Some(k) = self.frames[f].compound else {
            return;
        };
        self.frames.truncate(f);
        let c = &mut self.script.compounds[k];
        c.range.end = c.range.end.max(close_end);
        let p = self.top();
        let fr = &mut self.frames[p];
        fr.after_compound = Some(k);
        fr.elem_end = close_end;
    }

    /// Closes substitution frame `f`; its closing token spans `close_start..close_end`.
    fn close_subst(&mut self, f: usize, close_start: usize, close_end: usize) {
        let saved = self.i;
        self.i = close_start;
        self.finish_list(f);
        self.i = saved;
        let owner = self.frames[f].owner;
        self.frames.truncate(f);
        self.exp_close(owner, close_end);
    }

    fn push_subst(&mut self, kind: Kind, owner: usize, open: usize, content_start: usize) {
        // The command containing the substitution comes first in the list.
        let of = &self.frames[owner];
        if of.stage.is_list() && of.redirect.is_none() && !matches!(of.func, FnState::Name(_)) {
            let start = of.word.as_ref().map_or(open, |w| w.start);
            self.ensure_slot(owner, start);
        }
        let of = &self.frames[owner];
        let (parent, command, depth, tick) = (
            of.block,
            of.cmd.slot.filter(|_| of.stage.is_list()),
            of.subst_depth,
            of.tick_below,
        );
        let bk = match kind {
            Kind::Backtick => BlockKind::Backticks,
            Kind::ProcSubst => BlockKind::ProcessSubstitution,
            _ => BlockKind::CommandSubstitution,
        };
        let block = self.new_block(bk, content_start, parent, None, command);
        let n = self.frames.len();
        self.frames.push(Frame {
            kind,
            open,
            stage: Stage::List,
            block,
            owns_block: true,
            parent_block: parent,
            subst_depth: depth + 1,
            paren_below: if kind == Kind::Backtick {
                None
            } else {
                Some(n)
            },
            tick_below: if kind == Kind::Backtick {
                Some(n)
            } else {
                tick
            },
            owner,
            elem_end: content_start,
            ..Frame::default()
        });
    }

    fn open_backtick(&mut self, owner: usize) {
        let at = self.i;
        self.exp_open(owner, at);
        self.push_subst(Kind::Backtick, owner, at, at + 1);
        self.i += 1;
    }

    /// A backquote that ends the innermost backquote substitution; frames
    /// opened inside it and still open are closed with diagnostics.
    fn close_backtick(&mut self) {
        loop {
            let f = self.top();
            if self.frames[f].kind.is_word() {
                self.force_close(f);
                continue;
            }
            self.end_word();
            let f = self.top();
            match self.frames[f].tick_below {
                Some(t) if t == f => {
                    let at = self.i;
                    self.i += 1;
                    self.close_subst(f, at, at + 1);
                    return;
                }
                Some(_) if self.frames[f].kind != Kind::Top => self.force_close(f),
                _ => {
                    let at = self.i;
                    self.diag(at, at + 1, DK::UnexpectedToken, "unexpected backquote");
                    self.i += 1;
                    return;
                }
            }
        }
    }

    // ----------------------------------------------------------- operators

    fn operator(&mut self) {
        let f = self.top();
        let c = self.b[self.i];
        let mut fd = None;
        let mut start = self.i;
        if let Some(w) = &self.frames[f].word {
            if c == b'(' && w.is_assignment_prefix() {
                self.array_literal(f);
                return;
            }
            if c == b'<' || c == b'>' {
                if let Some(n) = w.io_number(self.i) {
                    fd = Some(n);
                    start = w.start;
                    self.frames[f].word = None;
                }
            }
        }
        self.end_word();
        let (n1, n2) = (self.peek(1), self.peek(2));
        use ConnectorKind as C;
        use RedirectOp as R;
        match c {
            b'&' => match n1 {
                Some(b'&') => self.separator(C::And, 2),
                Some(b'>') if n2 == Some(b'>') => {
                    self.redirect(R::AppendOutputAndError, start, fd, 3)
                }
                Some(b'>') => self.redirect(R::OutputAndError, start, fd, 2),
                _ => self.separator(C::Background, 1),
            },
            b'|' => match n1 {
                Some(b'|') => self.separator(C::Or, 2),
                Some(b'&') => self.separator(C::Pipe, 2),
                _ => self.separator(C::Pipe, 1),
            },
            b';' => match n1 {
                Some(b';') => self.case_separator(if n2 == Some(b'&') { 3 } else { 2 }),
                Some(b'&') => self.case_separator(2),
                _ => self.separator(C::Semicolon, 1),
            },
            b'(' => self.open_paren(),
            b')' => self.close_paren(),
            b'<' => match (n1, n2) {
                (Some(b'<'), Some(b'<')) => self.redirect(R::HereString, start, fd, 3),
                (Some(b'<'), Some(b'-')) => self.redirect(R::HereDocStripTabs, start, fd, 3),
                (Some(b'<'), _) => self.redirect(R::HereDoc, start, fd, 2),
                (Some(b'&'), _) => self.redirect(R::DupInput, start, fd, 2),
                (Some(b'>'), _) => self.redirect(R::ReadWrite, start, fd, 2),
                _ => self.redirect(R::Input, start, fd, 1),
            },
            _ => match n1 {
                Some(b'>') => self.redirect(R::Append, start, fd, 2),
                Some(b'&') => self.redirect(R::DupOutput, start, fd, 2),
                Some(b'|') => self.redirect(R::Clobber, start, fd, 2),
                _ => self.redirect(R::Output, start, fd, 1),
            },
        }
    }

    /// `NAME=(...)`: a bash array, kept as one word.
    fn array_literal(&mut self, f: usize) {
        let b = self.b;
        let start = self.i;
        let mut j = start + 1;
        let mut depth = 1u32;
        while j < b.len() && depth > 0 {
            match b[j] {
                b'\\' => j += 2,
                b'\'' => j = self.find_byte(j + 1, b'\'').map_or(b.len(), |q| q + 1),
                b'"' => {
                    j += 1;
                    while j < b.len() && b[j] != b'"' {
                        j += if b[j] == b'\\' { 2 } else { 1 };
                    }
                    j += 1;
                }
                b'(' => {
                    depth += 1;
                    j += 1;
                }
                b')' => {
                    depth -= 1;
                    j += 1;
                }
                _ => j += 1,
            }
        }
        let j = j.min(b.len());
        if depth > 0 {
            self.diag(
                start,
                j,
                DK::UnbalancedParenthesis,
                "unbalanced `(` in array assignment",
            );
        }
        if let Some(w) = self.frames[f].word.as_mut() {
            w.unplain();
            w.extend(&b[start..j]);
        }
        self.i = j;
    }

    fn separator(&mut self, kind: ConnectorKind, len: usize) {
        let f = self.top();
        let range = TextRange::new(self.i, self.i + len);
        self.i += len;
        let connector = Connector {
            kind,
            range: Some(range),
        };
        let stage = self.frames[f].stage;
        if !stage.is_list() {
            self.header_separator(f, kind, range);
            return;
        }
        let op = match (kind, len) {
            (ConnectorKind::And, _) => "&&",
            (ConnectorKind::Or, _) => "||",
            (ConnectorKind::Pipe, 2) => "|&",
            (ConnectorKind::Pipe, _) => "|",
            (ConnectorKind::Background, _) => "&",
            _ => ";",
        };
        self.abandon_function(f, range.start);
        let started = self.started(f);
        match kind {
            ConnectorKind::Pipe => {
                if !started {
                    if !self.dangling_check(f) {
                        let msg = format!("missing command before `{op}`");
                        self.diag(range.start, range.end, DK::MissingCommand, msg);
                    }
                    return;
                }
                self.end_element(f);
                if let Some(p) = self.frames[f].pipeline {
                    self.script.pipelines[p].pipes.push(range);
                }
                self.frames[f].pending = Some(connector);
            }
            _ => {
                if !started && !self.dangling_check(f) {
                    let msg = match kind {
                        ConnectorKind::And | ConnectorKind::Or => {
                            format!("missing command before `{op}`")
                        }
                        _ => format!("empty command before `{op}`"),
                    };
                    self.diag(range.start, range.end, DK::MissingCommand, msg);
                }
                let p = self.frames[f].pipeline;
                self.end_pipeline(f);
                if kind == ConnectorKind::Background {
                    if let Some(p) = p.filter(|_| started) {
                        self.script.pipelines[p].background = true;
                    }
                }
                self.frames[f].pending = Some(connector);
            }
        }
    }

    /// Operators inside `for`/`case` headers.
    fn header_separator(&mut self, f: usize, kind: ConnectorKind, range: TextRange) {
        let fr = &mut self.frames[f];
        match (fr.stage, kind) {
            (
                Stage::ForAfterName | Stage::ForWords | Stage::ForExpectDo,
                ConnectorKind::Semicolon,
            ) => fr.stage = Stage::ForExpectDo,
            (Stage::CasePattern, ConnectorKind::Pipe) if fr.arm_has_pattern => {}
            _ => self.diag(
                range.start,
                range.end,
                DK::UnexpectedToken,
                "unexpected operator",
            ),
        }
    }

    fn newline(&mut self) {
        let at = self.i;
        self.i += 1;
        if !self.heredocs.is_empty() {
            self.read_heredoc_bodies();
        }
        let f = self.top();
        let fr = &mut self.frames[f];
        if !fr.stage.is_list() {
            if matches!(fr.stage, Stage::ForAfterName | Stage::ForWords) {
                fr.stage = Stage::ForExpectDo;
            }
            return;
        }
        if matches!(fr.func, FnState::AfterName(_) | FnState::Body(_)) {
            return; // `f()` NEWLINE `{`
        }
        if self.started(f) {
            self.end_pipeline(f);
            let range = Some(TextRange::new(at, at + 1));
            self.frames[f].pending = Some(Connector {
                kind: ConnectorKind::Newline,
                range,
            });
        }
        // Otherwise keep the pending connector: `a &&` NEWLINE `b` is `a && b`.
    }

    fn read_heredoc_bodies(&mut self) {
        let b = self.b;
        for h in std::mem::take(&mut self.heredocs) {
            let body_start = self.i;
            let mut pos = self.i;
            let mut found = None;
            while pos < b.len() {
                let line_end = self.find_byte(pos, b'\n').unwrap_or(b.len());
                let mut line = &b[pos..line_end];
                if h.strip_tabs {
                    while let [b'\t', rest @ ..] = line {
                        line = rest;
                    }
                }
                if line == h.delimiter.as_slice() {
                    found = Some((pos, (line_end + 1).min(b.len())));
                    break;
                }
                pos = line_end + 1;
            }
            let (body_end, next, terminated) = match found {
                Some((line_start, after)) => (line_start, after, true),
                None => (b.len(), b.len(), false),
            };
            let mut report = None;
            if let Some(red) = self.redirect_mut(h.at) {
                if let Some(hd) = red.heredoc.as_mut() {
                    hd.body = Some(TextRange::new(body_start, body_end));
                    hd.terminated = terminated;
                }
                if !terminated {
                    report = Some((
                        red.range,
                        format!(
                            "here-document delimited by end of text (wanted `{}`)",
                            String::from_utf8_lossy(&h.delimiter)
                        ),
                    ));
                }
            }
            if let Some((r, msg)) = report {
                self.diag(r.start, r.end, DK::UnterminatedHeredoc, msg);
            }
            self.i = next;
        }
    }

    fn case_separator(&mut self, len: usize) {
        let f = self.top();
        if self.frames[f].stage == Stage::CaseArm {
            let at = self.i;
            self.i += len;
            let saved = self.i;
            self.i = at;
            self.finish_list(f);
            self.i = saved;
            let fr = &mut self.frames[f];
            fr.stage = Stage::CasePattern;
            fr.arm_has_pattern = false;
            fr.owns_block = false;
            fr.block = fr.parent_block;
        } else {
            let at = self.i;
            self.diag(
                at,
                at + len,
                DK::UnexpectedToken,
                "`;;` outside a `case` arm",
            );
            self.separator(ConnectorKind::Semicolon, len);
        }
    }

    fn open_paren(&mut self) {
        let f = self.top();
        let at = self.i;
        let stage = self.frames[f].stage;
        match stage {
            Stage::CasePattern => {
                if self.frames[f].arm_has_pattern {
                    self.diag(
                        at,
                        at + 1,
                        DK::UnexpectedToken,
                        "unexpected `(` in a `case` pattern",
                    );
                }
                self.i += 1;
            }
            Stage::ForName => {
                // Bash `for (( init; cond; step ))`: skipped.
                let mut depth = 0u32;
                let mut j = at;
                while j < self.b.len() {
                    match self.b[j] {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                j += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                if depth > 0 {
                    self.diag(at, j, DK::UnbalancedParenthesis, "unbalanced `((` in `for`");
                }
                self.i = j;
                self.frames[f].stage = Stage::ForAfterName;
            }
            s if s.is_list() => {
                if self.frames[f].cmd.slot.is_some() {
                    if self.try_function_parens(f) {
                        return;
                    }
                    self.diag(
                        at,
                        at + 1,
                        DK::UnexpectedToken,
                        "unexpected `(` after a word",
                    );
                    self.end_pipeline(f);
                } else if let FnState::AfterName(k) = self.frames[f].func {
                    if let Some(close) = self.after_blanks(at + 1).filter(|&j| self.b[j] == b')') {
                        self.frames[f].func = FnState::Body(k);
                        self.i = close + 1;
                        return;
                    }
                }
                self.i += 1;
                self.start_compound(f, CompoundKind::Subshell, at, at + 1);
            }
            _ => {
                self.diag(at, at + 1, DK::UnexpectedToken, "unexpected `(`");
                self.i += 1;
            }
        }
    }

    fn close_paren(&mut self) {
        let f = self.top();
        let at = self.i;
        let fr = &self.frames[f];
        let (parent, k, paren_below) = (fr.parent_block, fr.compound, fr.paren_below);
        if fr.stage == Stage::CasePattern {
            if !fr.arm_has_pattern {
                self.diag(at, at + 1, DK::UnexpectedToken, "empty `case` pattern");
            }
            self.i += 1;
            let b = self.new_block(BlockKind::CaseArm, at + 1, parent, k, None);
            self.enter_block(f, b);
            self.frames[f].stage = Stage::CaseArm;
            return;
        }
        let Some(t) = paren_below else {
            self.diag(at, at + 1, DK::UnbalancedParenthesis, "unexpected `)`");
            self.i += 1;
            return;
        };
        // Compounds opened inside the parentheses and still open.
        while self.top() > t {
            let top = self.top();
            self.force_close(top);
            self.end_word();
        }
        self.i += 1;
        match self.frames[t].kind {
            Kind::Subshell => self.close_compound(t, at, at + 1),
            _ => self.close_subst(t, at, at + 1),
        }
    }

    fn redirect(&mut self, op: RedirectOp, start: usize, fd: Option<u32>, len: usize) {
        let f = self.top();
        let op_range = TextRange::new(self.i, self.i + len);
        self.i += len;
        if !self.frames[f].stage.is_list() {
            self.diag(
                op_range.start,
                op_range.end,
                DK::UnexpectedToken,
                "unexpected redirection",
            );
            return;
        }
        if let Some(r) = self.frames[f].redirect.take() {
            if let Some(red) = self.redirect_mut(r) {
                let (s, e) = (red.op_range.start, red.op_range.end);
                let msg = format!("missing target after `{}`", red.op.as_str());
                self.diag(s, e, DK::MissingRedirectTarget, msg);
            }
        }
        let redirect = Redirect {
            range: TextRange::new(start, op_range.end),
            fd,
            op,
            op_range,
            target: None,
            heredoc: None,
        };
        let owner = match self.frames[f].after_compound {
            Some(k) if self.frames[f].cmd.slot.is_none() => {
                let c = &mut self.script.compounds[k];
                c.redirects.push(redirect);
                c.range.end = c.range.end.max(op_range.end);
                RedirRef {
                    owner: RedirOwner::Compound(k),
                    index: c.redirects.len() - 1,
                }
            }
            _ => {
                self.ensure_slot(f, start);
                let Some(slot) = self.frames[f].cmd.slot else {
                    return;
                };
                let c = &mut self.script.commands[slot];
                c.redirects.push(redirect);
                RedirRef {
                    owner: RedirOwner::Command(slot),
                    index: c.redirects.len() - 1,
                }
            }
        };
        self.frames[f].redirect = Some(owner);
        self.frames[f].elem_end = op_range.end;
    }

    // --------------------------------------------------------- word frames

    fn step_dq(&mut self, f: usize) {
        let owner = self.frames[f].owner;
        match self.b[self.i] {
            b'"' => {
                self.frames.pop();
                self.i += 1;
            }
            b'\\' => match self.peek(1) {
                Some(b'\n') => self.i += 2,
                Some(n @ (b'$' | b'`' | b'"' | b'\\')) => {
                    self.append(owner, &[n]);
                    self.i += 2;
                }
                _ => {
                    self.append(owner, b"\\");
                    self.i += 1;
                }
            },
            b'$' => self.dollar(owner, false),
            b'`' => self.backtick_in_word(owner),
            _ => {
                let start = self.i;
                let mut j = start + 1;
                while j < self.b.len() && !matches!(self.b[j], b'"' | b'\\' | b'$' | b'`') {
                    j += 1;
                }
                self.append(owner, &self.b[start..j]);
                self.i = j;
            }
        }
    }

    fn backtick_in_word(&mut self, owner: usize) {
        if self.frames[owner].tick_below.is_some() {
            self.close_backtick();
        } else {
            self.open_backtick(owner);
        }
    }

    fn step_param(&mut self, f: usize) {
        let owner = self.frames[f].owner;
        match self.b[self.i] {
            b'}' => {
                self.frames.pop();
                self.i += 1;
                self.exp_close(owner, self.i);
            }
            b'\\' => self.i = (self.i + 2).min(self.b.len()),
            b'\'' if !self.frames[f].in_dq => self.single_quote(owner),
            b'"' => {
                self.push_word_frame(Kind::Dq, owner, false);
                self.i += 1;
            }
            b'$' => self.dollar(owner, false),
            b'`' => self.backtick_in_word(owner),
            _ => {
                let mut j = self.i + 1;
                while j < self.b.len()
                    && !matches!(self.b[j], b'}' | b'\\' | b'\'' | b'"' | b'$' | b'`')
                {
                    j += 1;
                }
                self.i = j;
            }
        }
    }

    fn step_arith(&mut self, f: usize) {
        let owner = self.frames[f].owner;
        match self.b[self.i] {
            b'(' => {
                self.frames[f].depth += 1;
                self.i += 1;
            }
            b')' => {
                if self.frames[f].depth > 0 {
                    self.frames[f].depth -= 1;
                    self.i += 1;
                } else {
                    if self.peek(1) == Some(b')') {
                        self.i += 2;
                    } else {
                        let at = self.i;
                        self.diag(
                            at,
                            at + 1,
                            DK::UnbalancedParenthesis,
                            "`$((` closed by a single `)`",
                        );
                        self.i += 1;
                    }
                    self.frames.pop();
                    self.exp_close(owner, self.i);
                }
            }
            b'\\' => self.i = (self.i + 2).min(self.b.len()),
            b'"' => {
                self.push_word_frame(Kind::Dq, owner, false);
                self.i += 1;
            }
            b'$' => self.dollar(owner, false),
            b'`' => self.backtick_in_word(owner),
            _ => {
                let mut j = self.i + 1;
                while j < self.b.len()
                    && !matches!(self.b[j], b'(' | b')' | b'\\' | b'"' | b'$' | b'`')
                {
                    j += 1;
                }
                self.i = j;
            }
        }
    }
}

/// Bytes that continue an unquoted word without special handling.
fn is_ordinary(c: u8, dbracket: bool) -> bool {
    match c {
        b' ' | b'\t' | b'\n' | b'\r' | b';' | b'\\' | b'\'' | b'"' | b'`' | b'$' => false,
        b'&' | b'|' | b'(' | b')' | b'<' | b'>' => dbracket,
        _ => true,
    }
}

/// `NAME=value` when the `=` lies in the word's unquoted literal prefix
/// (which maps byte for byte onto the source).
fn as_assignment(word: &Word, plain_len: usize) -> Option<Assignment> {
    let bytes = word.value.as_bytes();
    let prefix = bytes.get(..plain_len.min(bytes.len()))?;
    let (name_end, eq) = assignment_split(prefix)?;
    let start = word.range.start;
    Some(Assignment {
        range: word.range,
        name: word.value.get(..name_end)?.to_string(),
        name_range: TextRange::new(start, start + name_end),
        append: name_end != eq,
        value: Word {
            range: TextRange::new(start + eq + 1, word.range.end),
            value: word.value.get(eq + 1..)?.to_string(),
            quoted: word.quoted,
            has_expansion: word.has_expansion,
        },
    })
}
