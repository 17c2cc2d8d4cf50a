//! Shell-word lexing and variable expansion, the way BuildKit does it.
//!
//! This is a re-implementation of the lexer in moby/buildkit's
//! `frontend/dockerfile/shell` package (`Lex.ProcessWord`,
//! `Lex.ProcessWords`), the code that expands `$VAR` in `ENV`, `ARG`, `COPY`,
//! `FROM`, `WORKDIR`, ... and splits words. It follows BuildKit, quirks
//! included, rather than POSIX `sh`.
//!
//! # Semantics
//!
//! The input is read left to right. Outside quotes:
//!
//! * **Whitespace** (`char::is_whitespace`, the same set as Go's
//!   `unicode.IsSpace`) separates words. It is kept in the single-word result
//!   ([`Expanded::value`]) and only matters for [`Expanded::words`].
//! * **The escape token** (`\` by default, `` ` `` with `# escape=``) makes the
//!   next character literal and part of the current word, whatever it is. The
//!   token itself is dropped (kept with [`Lexer::raw_escapes`]). A token at the
//!   very end of the input is dropped too.
//! * **Single quotes** keep everything up to the next `'` literally; there is
//!   no escape inside them. An unterminated `'` is an error.
//! * **Double quotes** keep everything literally except `$` expansions and the
//!   escape token, which escapes only `"`, `$` and itself. Before any other
//!   character (a newline included) it stays as it is: `"a\tb"` is `a\tb`.
//!   An unterminated `"` is an error. Quotes are removed unless
//!   [`Lexer::raw_quotes`] is set, and are not processed at all with
//!   [`Lexer::skip_quotes`].
//! * **Word splitting.** The text an unquoted `$` expansion produces is split
//!   on whitespace like literal text (`ENV x="a b"` then `$x` is two words);
//!   quoted text and escaped characters never split. Empty quotes produce no
//!   word of their own (`a "" b` is two words).
//!
//! `$` expansions (the same inside double quotes):
//!
//! * `$NAME`: `NAME` is the longest run of letters, digits and `_` (Unicode
//!   letters and decimal digits count, as in Go). A run of digits right after
//!   `$` is a positional parameter (`$1`, `$001`), one of
//!   `@ * # ? - $ ! 0` a special parameter (`$@`); neither is ever set in a
//!   Dockerfile, so they expand to nothing. A `$` followed by anything else is
//!   a literal `$`.
//! * `${NAME}`; `${}`, `${{..`, `${:..` are "bad substitution" errors.
//! * `${V:-w}` / `${V-w}`: `w` when `V` is unset or empty / unset, else `V`.
//! * `${V:+w}` / `${V+w}`: `w` when `V` is set and non-empty / set, else empty.
//! * `${V:?w}` / `${V?w}`: error (message `V: w`, or `V: is not allowed to be
//!   unset` / `empty`) when `V` is unset or empty / unset, else `V`.
//! * `${V#p}`, `${V##p}`, `${V%p}`, `${V%%p}`: remove the shortest / longest
//!   prefix / suffix matching the glob `p` (`*` any run, `?` any one
//!   character, neither matching a newline; `\*`, `\?`, `\\` are literal, any
//!   other `\x` is an "invalid pattern" error; `\}` and `\/` are literal `}`
//!   and `/`). The escape token is kept in `p` for this. As in BuildKit, a
//!   colon is accepted and ignored (`${V:#p}`), and "longest" is decided on
//!   the expanded pattern (`${V#"#x"}` is longest too).
//! * `${V/p/r}` / `${V//p/r}`: replace the first / every match of `p` in
//!   `V` by `r` (leftmost match, `*` greedy; an empty `p` matches at the
//!   start, or between all characters for `//`). Like BuildKit (which uses
//!   Go's `ReplaceAllString`), in the `//` form a `$` left in the expanded
//!   `r` (from `'$0'`, `\$0` or a value) is a Go template: `$0`/`${0}` is the
//!   match, `$$` is `$`, any other `$name` is nothing.
//! * The words `w`, `p`, `r` are themselves expanded (quotes, escapes and
//!   nested `${...}`), eagerly: `${SET:-${X:?}}` is an error although the
//!   default is not used. Text from the word of an unquoted `${V:-w}` is split
//!   into words even where it was quoted inside `w`, as in BuildKit.
//! * Any other modifier (`${V:=x}`, `${V.}`, ...) is an "unsupported
//!   modifier" error.
//!
//! Variable names are compared exactly (Unix semantics; BuildKit on Windows
//! ignores case). An unset variable expands to nothing, unless
//! [`Lexer::skip_unset`] is set: then the reference is kept as text, with its
//! word expanded (`${X:-"a"}` stays `${X:-a}`; `${X//p/r}` becomes
//! `${X/p/r}`, as BuildKit prints it). A byte-order mark at the very start of
//! the input is skipped (Go's `text/scanner` does that).
//!
//! Errors carry the byte range of the offending construct. When the input
//! ends inside `${...}`, the error is "missing '}'" for the outermost open
//! `${`, whatever failed inside it, like BuildKit.
//!
//! # Example
//!
//! ```
//! use slimfile::expand::Lexer;
//!
//! let env = [("NAME", "app"), ("FLAGS", "-a -b")];
//! let out = Lexer::default()
//!     .process_word(r#"/opt/${NAME:-x}/bin $FLAGS "$FLAGS" ${UNSET:+y}"#, &env)
//!     .unwrap();
//! assert_eq!(out.value, "/opt/app/bin -a -b -a -b ");
//! assert_eq!(out.words, ["/opt/app/bin", "-a", "-b", "-a -b"]);
//! assert_eq!(out.used_vars.len(), 4);
//! assert!(Lexer::default().process_word("${NAME:?}${X", &env).is_err());
//! ```
//!
//! # Cost
//!
//! The lexer keeps its own stack (no recursion), so nesting depth is bounded
//! only by memory, and runs in time linear in the input plus the output. Glob
//! matching in the pattern operators costs O(|pattern| × |value|) per search
//! (a Pike VM with Go's leftmost-first semantics).

use crate::TextRange;
use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasher, Hash};

/// A set of variables to expand from.
///
/// Implemented for `()` (nothing set), slices, arrays and `Vec`s of
/// `(name, value)` pairs (the last pair for a name wins, as in BuildKit's
/// `BuildEnvs`), `HashMap` and `BTreeMap` from names to values, and
/// references to any of these. A slice is passed as `&&[...]` (`&dyn Env`
/// needs a sized type); arrays, `Vec`s and maps as `&env`.
pub trait Env {
    /// The value of `name`, `None` when it is unset. `Some("")` is set but
    /// empty, which differs for `${V-x}` and `${V:-x}`.
    fn get(&self, name: &str) -> Option<&str>;
}

impl Env for () {
    fn get(&self, _name: &str) -> Option<&str> {
        None
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Env for [(K, V)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .rev()
            .find(|(k, _)| k.as_ref() == name)
            .map(|(_, v)| v.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Env for [(K, V); N] {
    fn get(&self, name: &str) -> Option<&str> {
        <[(K, V)] as Env>::get(self, name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Env for Vec<(K, V)> {
    fn get(&self, name: &str) -> Option<&str> {
        <[(K, V)] as Env>::get(self, name)
    }
}

impl<K, V, S> Env for HashMap<K, V, S>
where
    K: Borrow<str> + Hash + Eq,
    V: AsRef<str>,
    S: BuildHasher,
{
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(AsRef::as_ref)
    }
}

impl<K: Borrow<str> + Ord, V: AsRef<str>> Env for BTreeMap<K, V> {
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(AsRef::as_ref)
    }
}

impl<T: Env + ?Sized> Env for &T {
    fn get(&self, name: &str) -> Option<&str> {
        (**self).get(name)
    }
}

/// What a variable reference does with its variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VarOp {
    /// `$V` or `${V}`.
    Plain,
    /// `${V:-w}` or `${V-w}`: `w` when `V` is unset (or empty).
    Default {
        /// Written with `:`, so an empty value counts as unset.
        colon: bool,
    },
    /// `${V:+w}` or `${V+w}`: `w` when `V` is set (and not empty).
    Alternate {
        /// Written with `:`, so an empty value counts as unset.
        colon: bool,
    },
    /// `${V:?w}` or `${V?w}`: an error when `V` is unset (or empty).
    Required {
        /// Written with `:`, so an empty value counts as unset.
        colon: bool,
    },
    /// `${V#p}` or `${V##p}`: remove a prefix matching `p`.
    TrimPrefix {
        /// `##`: the longest match rather than the shortest.
        longest: bool,
    },
    /// `${V%p}` or `${V%%p}`: remove a suffix matching `p`.
    TrimSuffix {
        /// `%%`: the longest match rather than the shortest.
        longest: bool,
    },
    /// `${V/p/r}` or `${V//p/r}`: replace matches of `p` by `r`.
    Replace {
        /// `//`: every match rather than the first.
        all: bool,
    },
    /// A modifier BuildKit rejects (`${V:=w}`, ...). Seen only from
    /// [`variable_refs`] or when [`Lexer::skip_unset`] kept it as text.
    Unsupported,
}

/// One `$V` / `${V...}` reference in the input.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VarRef {
    /// The variable's name. Digits for positional parameters (`1`, `001`),
    /// one character for special ones (`@`, `#`, ...). It can be empty for
    /// the odd forms BuildKit accepts, such as `${+x}`.
    pub name: String,
    /// The whole reference, from `$` to the end of the name or the closing `}`.
    pub range: TextRange,
    /// The name alone.
    pub name_range: TextRange,
    /// `${...}` rather than `$NAME`.
    pub braced: bool,
    /// The modifier.
    pub op: VarOp,
    /// Whether the variable was set in the environment it was expanded with;
    /// `None` from [`variable_refs`], which has no environment.
    pub set: Option<bool>,
}

impl VarRef {
    /// `${V:-w}` or `${V-w}`: the reference supplies its own default.
    pub fn has_default(&self) -> bool {
        matches!(self.op, VarOp::Default { .. })
    }

    /// A positional (`$1`) or special (`$@`, `$#`, ...) parameter, or the
    /// empty name: never set in a Dockerfile.
    pub fn is_special(&self) -> bool {
        match self.name.chars().next() {
            None => true,
            Some(c) => is_digit(c) || is_special_param(c),
        }
    }
}

/// A lexing or expansion error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpandError {
    /// The offending construct: the unterminated quote to the end, the whole
    /// `${...}`, or from `${` to the end when `}` is missing.
    pub range: TextRange,
    /// BuildKit's wording, e.g. `syntax error: bad substitution`.
    pub message: String,
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (at {}..{})",
            self.message, self.range.start, self.range.end
        )
    }
}

impl std::error::Error for ExpandError {}

/// The result of [`Lexer::process_word`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    /// The whole input as one word (BuildKit's `ProcessWord`): quotes and
    /// escapes processed, variables expanded, whitespace kept.
    pub value: String,
    /// The input split into words after expansion (BuildKit's `ProcessWords`).
    pub words: Vec<String>,
    /// Every variable reference met, in source order, including those in
    /// defaults that were not used.
    pub used_vars: Vec<VarRef>,
}

/// BuildKit's shell-word lexer (`shell.Lex`), configured.
///
/// `Lexer::default()` is `Lexer::new('\\')`: the escape token `\` and every
/// option off, which is what `ProcessWord` does for `ENV`, `COPY`, etc.
///
/// BuildKit's heredoc detection (`heredocsFromLine`) runs
/// [`process_words`](Lexer::process_words) with `raw_quotes`, `raw_escapes`
/// and `skip_unset` on, then the heredoc name with and without `raw_quotes`:
/// the name was quoted when the two results differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Lexer {
    /// The escape token: `\` or `` ` `` (the `# escape=` directive).
    pub escape: char,
    /// Leave references to unset variables as text instead of expanding them
    /// to nothing (BuildKit's `SkipUnsetEnv`). `${V:?}` does not fail then.
    pub skip_unset: bool,
    /// Keep quote characters in the output (BuildKit's `RawQuotes`); their
    /// effect on word splitting and expansion is unchanged.
    pub raw_quotes: bool,
    /// Keep escape tokens in the output (BuildKit's `RawEscapes`). Inside a
    /// `${V:-w}`-style word escapes are processed all the same, and inside the
    /// pattern words of `#`, `%` and `/` always kept, as in BuildKit. Inside
    /// double quotes an escape token before a character it does not escape
    /// comes out twice, as in BuildKit.
    pub raw_escapes: bool,
    /// Treat quotes as ordinary characters (BuildKit's `SkipProcessQuotes`,
    /// used when expanding heredoc contents).
    pub skip_quotes: bool,
}

impl Default for Lexer {
    fn default() -> Self {
        Lexer::new('\\')
    }
}

impl Lexer {
    /// A lexer with the given escape token and every option off.
    pub fn new(escape: char) -> Self {
        Lexer {
            escape,
            skip_unset: false,
            raw_quotes: false,
            raw_escapes: false,
            skip_quotes: false,
        }
    }

    /// Expand `input` as one word (BuildKit's `ProcessWord`); the result also
    /// has the words (`ProcessWords`) and every variable reference met.
    pub fn process_word(&self, input: &str, env: &dyn Env) -> Result<Expanded, ExpandError> {
        let mut engine = Engine::new(self, input, env, false);
        engine.run()?;
        Ok(Expanded {
            value: engine.result,
            words: engine.words,
            used_vars: engine.refs,
        })
    }

    /// Expand `input` and split it into words (BuildKit's `ProcessWords`).
    pub fn process_words(&self, input: &str, env: &dyn Env) -> Result<Vec<String>, ExpandError> {
        self.process_word(input, env).map(|e| e.words)
    }

    /// Every variable reference in `input`, without an environment, in source
    /// order; see [`variable_refs`].
    pub fn variable_refs(&self, input: &str) -> Vec<VarRef> {
        let lexer = Lexer {
            skip_unset: false,
            ..*self
        };
        let mut engine = Engine::new(&lexer, input, &(), true);
        // A syntax error ends the scan; the references before it are kept.
        let _ = engine.run();
        engine.refs
    }
}

/// Every variable reference in `input` (lexed as BuildKit does, with the
/// given escape token), without expanding anything: for lint rules such as
/// UndefinedVar. References inside quotes count, inside single quotes or
/// after an escaped `$` not. References in the words of `${V:-w}` etc. are
/// included, after the reference they belong to. Errors that depend on
/// values (`${V:?}`, bad patterns, unsupported modifiers) are ignored; a
/// syntax error (unterminated quote, missing `}`, bad substitution) ends the
/// list. [`VarRef::set`] is `None`.
pub fn variable_refs(input: &str, escape: char) -> Vec<VarRef> {
    Lexer::new(escape).variable_refs(input)
}

// ---------------------------------------------------------------------------
// The engine: BuildKit's recursive descent (processStopOn / processDollar /
// processDoubleQuote) turned into a loop over an explicit stack of frames.

/// Where text goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sink {
    /// The top-level result and word list; `split` splits on whitespace.
    Top { split: bool },
    /// A capture buffer (`Engine::bufs`), for patterns and `?` messages.
    Buf(usize),
    /// Nowhere: a word whose value is not used (but is still checked).
    Discard,
}

const RAW_TOP: Sink = Sink::Top { split: false };

#[derive(Clone, Copy, Debug)]
enum Frame<'a> {
    /// BuildKit's `processStopOn`: the top level (`stop` is `None`) or the
    /// word inside `${...}` up to `}` (or `/` for a pattern).
    Word {
        stop: Option<char>,
        raw_escapes: bool,
        sink: Sink,
        top: bool,
    },
    /// Inside `"..."`, opened at `start`.
    DQuote {
        start: usize,
        raw_escapes: bool,
        sink: Sink,
    },
    /// A `${...}` whose word is being read (the frame above it).
    Brace(Brace<'a>),
}

#[derive(Clone, Copy, Debug)]
struct Brace<'a> {
    /// Offset of the `$`.
    start: usize,
    name: &'a str,
    value: Option<&'a str>,
    /// The modifier as written (`:-`, `#`, `:=`, ...).
    modifier: &'a str,
    action: Action,
    /// Where the result goes.
    sink: Sink,
    ref_index: usize,
}

/// What to do when the word of a `${...}` is complete.
#[derive(Clone, Copy, Debug)]
enum Action {
    /// The result was already written (the value, or the word itself).
    Nothing,
    /// `skip_unset` kept the reference as text: close it with `}`.
    SkipLiteral,
    /// `${V?w}` failing: the word (in `buf`) is the message.
    Fail { buf: usize, unset: bool },
    /// `${V#p}` / `${V%p}` (`op`), pattern in `buf`.
    Trim { buf: usize, op: char },
    /// `${V/p/r}`, reading `p`.
    ReplacePattern { all: bool, pat: usize },
    /// `${V/p/r}`, reading `r`.
    ReplaceWith { all: bool, pat: usize, rep: usize },
    /// A modifier BuildKit rejects once the word is read.
    Unsupported,
}

struct Engine<'a> {
    lexer: &'a Lexer,
    input: &'a str,
    env: &'a dyn Env,
    /// `variable_refs` mode: value-dependent errors are ignored.
    scan: bool,
    pos: usize,
    result: String,
    words: Vec<String>,
    word: String,
    bufs: Vec<String>,
    refs: Vec<VarRef>,
    stack: Vec<Frame<'a>>,
}

impl<'a> Engine<'a> {
    fn new(lexer: &'a Lexer, input: &'a str, env: &'a dyn Env, scan: bool) -> Self {
        Engine {
            lexer,
            input,
            env,
            scan,
            pos: 0,
            result: String::with_capacity(input.len()),
            words: Vec::new(),
            word: String::new(),
            bufs: Vec::new(),
            refs: Vec::new(),
            stack: Vec::new(),
        }
    }

    fn run(&mut self) -> Result<(), ExpandError> {
        // Go's text/scanner skips a byte-order mark at the very start.
        if self.input.starts_with('\u{FEFF}') {
            self.pos = '\u{FEFF}'.len_utf8();
        }
        self.stack.push(Frame::Word {
            stop: None,
            raw_escapes: self.lexer.raw_escapes,
            sink: Sink::Top { split: true },
            top: true,
        });
        while let Some(&frame) = self.stack.last() {
            let step = match frame {
                Frame::Word {
                    stop,
                    raw_escapes,
                    sink,
                    top,
                } => self.step_word(stop, raw_escapes, sink, top),
                Frame::DQuote {
                    start,
                    raw_escapes,
                    sink,
                } => self.step_dquote(start, raw_escapes, sink),
                Frame::Brace(_) => self.finish_brace(),
            };
            if let Err(e) = step {
                return Err(self.eof_in_braces(e));
            }
        }
        if !self.word.is_empty() {
            self.words.push(std::mem::take(&mut self.word));
        }
        Ok(())
    }

    fn peek(&self) -> Option<char> {
        self.input.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn error(&self, start: usize, end: usize, message: impl Into<String>) -> ExpandError {
        ExpandError {
            range: TextRange::new(start, end),
            message: message.into(),
        }
    }

    /// BuildKit turns any error from inside `${...}` into "missing '}'" when
    /// the input is exhausted, at every level; the outermost level wins.
    fn eof_in_braces(&self, e: ExpandError) -> ExpandError {
        if self.pos < self.input.len() {
            return e;
        }
        for frame in &self.stack {
            if let Frame::Brace(b) = frame {
                let message = match b.action {
                    Action::ReplacePattern { .. } => "syntax error: missing '/' in ${}",
                    _ => "syntax error: missing '}'",
                };
                return self.error(b.start, self.input.len(), message);
            }
        }
        e
    }

    fn emit(&mut self, sink: Sink, s: &str) {
        match sink {
            Sink::Discard => {}
            Sink::Buf(i) => {
                if let Some(buf) = self.bufs.get_mut(i) {
                    buf.push_str(s);
                }
            }
            Sink::Top { split: false } => {
                self.result.push_str(s);
                self.word.push_str(s);
            }
            Sink::Top { split: true } => {
                self.result.push_str(s);
                for c in s.chars() {
                    self.split_char(c);
                }
            }
        }
    }

    fn emit_char(&mut self, sink: Sink, c: char) {
        match sink {
            Sink::Discard => {}
            Sink::Buf(i) => {
                if let Some(buf) = self.bufs.get_mut(i) {
                    buf.push(c);
                }
            }
            Sink::Top { split } => {
                self.result.push(c);
                if split {
                    self.split_char(c);
                } else {
                    self.word.push(c);
                }
            }
        }
    }

    fn split_char(&mut self, c: char) {
        if c.is_whitespace() {
            if !self.word.is_empty() {
                self.words.push(std::mem::take(&mut self.word));
            }
        } else {
            self.word.push(c);
        }
    }

    fn new_buf(&mut self) -> usize {
        self.bufs.push(String::new());
        self.bufs.len() - 1
    }

    /// Capture buffers are opened and closed in LIFO order.
    fn take_buf(&mut self, index: usize) -> String {
        self.bufs.truncate(index + 1);
        self.bufs.pop().unwrap_or_default()
    }

    /// One step of BuildKit's `processStopOn`.
    fn step_word(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
        sink: Sink,
        top: bool,
    ) -> Result<(), ExpandError> {
        // At the top level, quoted and escaped text is not split into words;
        // inside `${...}` everything goes where the word goes.
        let raw_sink = if top { RAW_TOP } else { sink };
        let Some(c) = self.peek() else {
            return match stop {
                None => {
                    self.stack.pop();
                    Ok(())
                }
                Some(s) => Err(self.error(
                    self.pos,
                    self.input.len(),
                    format!("unexpected end of statement while looking for matching {s}"),
                )),
            };
        };
        if stop == Some(c) {
            self.pos += c.len_utf8();
            self.stack.pop();
            return Ok(());
        }
        match c {
            '$' => self.dollar(sink),
            '\'' if !self.lexer.skip_quotes => self.single_quote(raw_sink),
            '"' if !self.lexer.skip_quotes => {
                let start = self.pos;
                self.pos += 1;
                if self.lexer.raw_quotes {
                    self.emit_char(raw_sink, '"');
                }
                self.stack.push(Frame::DQuote {
                    start,
                    raw_escapes,
                    sink: raw_sink,
                });
                Ok(())
            }
            _ => {
                self.pos += c.len_utf8();
                if c == self.lexer.escape {
                    if raw_escapes {
                        self.emit_char(raw_sink, c);
                    }
                    // At the end of the input the token is simply dropped.
                    if let Some(next) = self.bump() {
                        self.emit_char(raw_sink, next);
                    }
                } else {
                    self.emit_char(sink, c);
                }
                Ok(())
            }
        }
    }

    /// One step of BuildKit's `processDoubleQuote`.
    fn step_dquote(
        &mut self,
        start: usize,
        raw_escapes: bool,
        sink: Sink,
    ) -> Result<(), ExpandError> {
        let Some(c) = self.peek() else {
            return Err(self.error(
                start,
                self.input.len(),
                "unexpected end of statement while looking for matching double-quote",
            ));
        };
        match c {
            '"' => {
                self.pos += 1;
                if self.lexer.raw_quotes {
                    self.emit_char(sink, '"');
                }
                self.stack.pop();
            }
            '$' => return self.dollar(sink),
            _ => {
                self.pos += c.len_utf8();
                let mut out = c;
                if c == self.lexer.escape {
                    if raw_escapes {
                        self.emit_char(sink, c);
                    }
                    match self.peek() {
                        // Dropped; the missing `"` is reported next step.
                        None => return Ok(()),
                        Some(n) if n == '"' || n == '$' || n == self.lexer.escape => {
                            self.pos += n.len_utf8();
                            out = n;
                        }
                        Some(_) => {}
                    }
                }
                self.emit_char(sink, out);
            }
        }
        Ok(())
    }

    fn single_quote(&mut self, sink: Sink) -> Result<(), ExpandError> {
        let input = self.input;
        let start = self.pos;
        let body = start + 1;
        let Some(len) = input.get(body..).and_then(|s| s.find('\'')) else {
            return Err(self.error(
                start,
                input.len(),
                "unexpected end of statement while looking for matching single-quote",
            ));
        };
        let end = body + len;
        if self.lexer.raw_quotes {
            self.emit_char(sink, '\'');
        }
        self.emit(sink, &input[body..end]);
        if self.lexer.raw_quotes {
            self.emit_char(sink, '\'');
        }
        self.pos = end + 1;
        Ok(())
    }

    /// BuildKit's `processName`: a run of digits, one special parameter
    /// character, or letters, digits and `_`.
    fn read_name(&mut self) -> &'a str {
        let input = self.input;
        let start = self.pos;
        let rest = input.get(start..).unwrap_or("");
        let mut chars = rest.chars();
        let len = match chars.next() {
            None => 0,
            Some(c) if is_digit(c) => rest
                .char_indices()
                .find(|&(_, c)| !is_digit(c))
                .map_or(rest.len(), |(i, _)| i),
            Some(c) if is_special_param(c) => c.len_utf8(),
            Some(_) => rest
                .char_indices()
                .find(|&(_, c)| !(is_letter(c) || is_digit(c) || c == '_'))
                .map_or(rest.len(), |(i, _)| i),
        };
        self.pos = start + len;
        &input[start..start + len]
    }

    fn push_ref(
        &mut self,
        name: &str,
        start: usize,
        name_start: usize,
        braced: bool,
        op: VarOp,
        set: bool,
    ) -> usize {
        self.refs.push(VarRef {
            name: name.to_string(),
            range: TextRange::new(start, self.pos),
            name_range: TextRange::new(name_start, name_start + name.len()),
            braced,
            op,
            set: if self.scan { None } else { Some(set) },
        });
        self.refs.len() - 1
    }

    /// BuildKit's `processDollar`, up to the point where a word has to be
    /// read; the rest happens in [`Engine::finish_brace`].
    fn dollar(&mut self, sink: Sink) -> Result<(), ExpandError> {
        let input = self.input;
        let env = self.env;
        let start = self.pos;
        self.pos += 1;
        if self.peek() != Some('{') {
            let name_start = self.pos;
            let name = self.read_name();
            if name.is_empty() {
                self.emit_char(sink, '$');
                return Ok(());
            }
            let value = env.get(name);
            self.push_ref(
                name,
                start,
                name_start,
                false,
                VarOp::Plain,
                value.is_some(),
            );
            match value {
                None if self.lexer.skip_unset => self.emit(sink, &input[start..self.pos]),
                v => self.emit(sink, v.unwrap_or("")),
            }
            return Ok(());
        }
        self.pos += 1;
        match self.peek() {
            None => return Err(self.error(start, input.len(), "syntax error: missing '}'")),
            Some(c @ ('{' | '}' | ':')) => {
                return Err(self.error(
                    start,
                    self.pos + c.len_utf8(),
                    "syntax error: bad substitution",
                ))
            }
            Some(_) => {}
        }
        let name_start = self.pos;
        let name = self.read_name();
        let modifier_start = self.pos;
        match self.bump() {
            Some('}') => {
                let value = env.get(name);
                self.push_ref(name, start, name_start, true, VarOp::Plain, value.is_some());
                match value {
                    None if self.lexer.skip_unset => self.emit(sink, &input[start..self.pos]),
                    v => self.emit(sink, v.unwrap_or("")),
                }
                Ok(())
            }
            Some(':') => {
                let op = self.bump();
                self.begin_modifier(start, name, name_start, modifier_start, true, op, sink);
                Ok(())
            }
            Some(c @ ('+' | '-' | '?' | '#' | '%')) => {
                self.begin_modifier(
                    start,
                    name,
                    name_start,
                    modifier_start,
                    false,
                    Some(c),
                    sink,
                );
                Ok(())
            }
            Some('/') => {
                self.begin_replace(start, name, name_start, modifier_start, sink);
                Ok(())
            }
            Some(c) => Err(self.error(
                start,
                self.pos,
                format!("unsupported modifier ({c}) in substitution"),
            )),
            None => Err(self.error(start, input.len(), "syntax error: missing '}'")),
        }
    }

    /// `${NAME` + modifier read: decide where the word goes, open it.
    #[allow(clippy::too_many_arguments)]
    fn begin_modifier(
        &mut self,
        start: usize,
        name: &'a str,
        name_start: usize,
        modifier_start: usize,
        colon: bool,
        op: Option<char>,
        sink: Sink,
    ) {
        let input = self.input;
        let value = self.env.get(name);
        let set = value.is_some();
        // Unset, or (with the colon) empty.
        let null = value.is_none_or(|v| colon && v.is_empty());
        let var_op = match op {
            Some('-') => VarOp::Default { colon },
            Some('+') => VarOp::Alternate { colon },
            Some('?') => VarOp::Required { colon },
            Some('#') => VarOp::TrimPrefix { longest: false },
            Some('%') => VarOp::TrimSuffix { longest: false },
            _ => VarOp::Unsupported,
        };
        let ref_index = self.push_ref(name, start, name_start, true, var_op, set);
        let (action, word_sink) = if self.lexer.skip_unset && !set {
            self.emit(sink, &input[start..self.pos]);
            (Action::SkipLiteral, sink)
        } else {
            match op {
                Some('-') if null => (Action::Nothing, sink),
                Some('-') | Some('?') if !null => {
                    self.emit(sink, value.unwrap_or(""));
                    (Action::Nothing, Sink::Discard)
                }
                Some('+') if null => (Action::Nothing, Sink::Discard),
                Some('+') => (Action::Nothing, sink),
                Some('?') => {
                    let buf = self.new_buf();
                    (Action::Fail { buf, unset: !set }, Sink::Buf(buf))
                }
                Some(op @ ('#' | '%')) => {
                    let buf = self.new_buf();
                    (Action::Trim { buf, op }, Sink::Buf(buf))
                }
                _ => (Action::Unsupported, Sink::Discard),
            }
        };
        self.stack.push(Frame::Brace(Brace {
            start,
            name,
            value,
            modifier: &input[modifier_start..self.pos],
            action,
            sink,
            ref_index,
        }));
        self.stack.push(Frame::Word {
            stop: Some('}'),
            raw_escapes: matches!(op, Some('#' | '%')),
            sink: word_sink,
            top: false,
        });
    }

    /// `${NAME/` read: open the pattern word.
    fn begin_replace(
        &mut self,
        start: usize,
        name: &'a str,
        name_start: usize,
        modifier_start: usize,
        sink: Sink,
    ) {
        let all = self.peek() == Some('/');
        if all {
            self.pos += 1;
        }
        let value = self.env.get(name);
        let ref_index = self.push_ref(
            name,
            start,
            name_start,
            true,
            VarOp::Replace { all },
            value.is_some(),
        );
        let pat = self.new_buf();
        self.stack.push(Frame::Brace(Brace {
            start,
            name,
            value,
            modifier: &self.input[modifier_start..self.pos],
            action: Action::ReplacePattern { all, pat },
            sink,
            ref_index,
        }));
        self.stack.push(Frame::Word {
            stop: Some('/'),
            raw_escapes: true,
            sink: Sink::Buf(pat),
            top: false,
        });
    }

    /// The word of the `${...}` on top of the stack is complete (its closing
    /// character consumed): produce the result.
    fn finish_brace(&mut self) -> Result<(), ExpandError> {
        let Some(Frame::Brace(mut b)) = self.stack.pop() else {
            return Ok(());
        };
        if let Action::ReplacePattern { all, pat } = b.action {
            let rep = self.new_buf();
            b.action = Action::ReplaceWith { all, pat, rep };
            self.stack.push(Frame::Brace(b));
            self.stack.push(Frame::Word {
                stop: Some('}'),
                raw_escapes: true,
                sink: Sink::Buf(rep),
                top: false,
            });
            return Ok(());
        }
        let end = self.pos;
        if let Some(r) = self.refs.get_mut(b.ref_index) {
            r.range.end = end;
        }
        match b.action {
            Action::Nothing | Action::ReplacePattern { .. } => {}
            Action::SkipLiteral => self.emit_char(b.sink, '}'),
            Action::Fail { buf, unset } => {
                let word = self.take_buf(buf);
                if !self.scan {
                    let message = if !word.is_empty() {
                        word
                    } else if unset {
                        "is not allowed to be unset".to_string()
                    } else {
                        "is not allowed to be empty".to_string()
                    };
                    return Err(self.error(b.start, end, format!("{}: {}", b.name, message)));
                }
            }
            Action::Trim { buf, op } => {
                let mut pattern = self.take_buf(buf);
                let longest = pattern.starts_with(op);
                if longest {
                    pattern.remove(0);
                }
                if let Some(r) = self.refs.get_mut(b.ref_index) {
                    r.op = if op == '#' {
                        VarOp::TrimPrefix { longest }
                    } else {
                        VarOp::TrimSuffix { longest }
                    };
                }
                if self.scan {
                    return Ok(());
                }
                let value = b.value.unwrap_or("");
                let trimmed = if op == '%' {
                    trim_suffix(&pattern, value, longest)
                } else {
                    trim_prefix(&pattern, value, longest)
                };
                match trimmed {
                    Ok(s) => self.emit(b.sink, &s),
                    Err(message) => return Err(self.error(b.start, end, message)),
                }
            }
            Action::ReplaceWith { all, pat, rep } => {
                let replacement = self.take_buf(rep);
                let pattern = self.take_buf(pat);
                if self.lexer.skip_unset && b.value.is_none() {
                    // BuildKit prints a single `/` here even for `//`.
                    let text = format!("${{{}/{}/{}}}", b.name, pattern, replacement);
                    self.emit(b.sink, &text);
                    return Ok(());
                }
                if self.scan {
                    return Ok(());
                }
                match replace(&pattern, &replacement, b.value.unwrap_or(""), all) {
                    Ok(s) => self.emit(b.sink, &s),
                    Err(message) => return Err(self.error(b.start, end, message)),
                }
            }
            Action::Unsupported => {
                if !self.scan {
                    return Err(self.error(
                        b.start,
                        end,
                        format!("unsupported modifier ({}) in substitution", b.modifier),
                    ));
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Patterns: BuildKit converts the glob to a Go regular expression
// (`convertShellPatternToRegex`) and uses the regexp package's leftmost-first
// matching. Here the glob is compiled to a tiny program run by a Pike VM,
// which has the same semantics without backtracking.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Inst {
    Char(char),
    /// Any character but `\n` (Go's `.`).
    Any,
    /// Try the first target, then the second.
    Split(usize, usize),
    Jmp(usize),
    Match,
}

/// Compile a glob; `greedy` picks `.*` or `.*?` for `*`.
fn compile_glob(pattern: &str, greedy: bool) -> Result<Vec<Inst>, String> {
    let body = pattern.strip_prefix('\u{FEFF}').unwrap_or(pattern);
    let mut chars = body.chars().peekable();
    let mut prog = Vec::with_capacity(body.len() + 1);
    while let Some(c) = chars.next() {
        match c {
            '*' => {
                let l = prog.len();
                prog.push(if greedy {
                    Inst::Split(l + 1, l + 3)
                } else {
                    Inst::Split(l + 3, l + 1)
                });
                prog.push(Inst::Any);
                prog.push(Inst::Jmp(l));
            }
            '?' => prog.push(Inst::Any),
            '\\' => {
                // `\}` and `\/` only protect the character from `${...}`.
                if matches!(chars.peek(), Some('}' | '/')) {
                    continue;
                }
                match chars.next() {
                    Some(n @ ('*' | '?' | '\\')) => prog.push(Inst::Char(n)),
                    Some(n) => {
                        return Err(format!(
                            "invalid pattern ({pattern}) in substitution: invalid escape '\\{n}'"
                        ))
                    }
                    None => {
                        return Err(format!(
                        "invalid pattern ({pattern}) in substitution: invalid escape '\\\u{FFFD}'"
                    ))
                    }
                }
            }
            c => prog.push(Inst::Char(c)),
        }
    }
    prog.push(Inst::Match);
    Ok(prog)
}

struct Vm<'p> {
    prog: &'p [Inst],
    marks: Vec<usize>,
    generation: usize,
    todo: Vec<usize>,
}

impl<'p> Vm<'p> {
    fn new(prog: &'p [Inst]) -> Self {
        Vm {
            prog,
            marks: vec![0; prog.len()],
            generation: 0,
            todo: Vec::new(),
        }
    }

    /// Add the thread at `pc` and everything it reaches without consuming
    /// input, in priority order (depth first, first branch first).
    fn add(&mut self, list: &mut Vec<(usize, usize)>, pc: usize, start: usize) {
        self.todo.push(pc);
        while let Some(pc) = self.todo.pop() {
            let Some(&inst) = self.prog.get(pc) else {
                continue;
            };
            if self.marks[pc] == self.generation {
                continue;
            }
            self.marks[pc] = self.generation;
            match inst {
                Inst::Jmp(t) => self.todo.push(t),
                Inst::Split(a, b) => {
                    self.todo.push(b);
                    self.todo.push(a);
                }
                _ => list.push((pc, start)),
            }
        }
    }

    /// Leftmost-first match in `text[from..]`, anchored at `from` or not.
    fn find(&mut self, text: &str, from: usize, anchored: bool) -> Option<(usize, usize)> {
        let mut current: Vec<(usize, usize)> = Vec::new();
        let mut next: Vec<(usize, usize)> = Vec::new();
        let mut found = None;
        let mut pos = from;
        self.generation += 1;
        loop {
            if found.is_none() && (!anchored || pos == from) {
                self.add(&mut current, 0, pos);
            }
            if current.is_empty() {
                break;
            }
            let ch = text.get(pos..).and_then(|s| s.chars().next());
            self.generation += 1;
            next.clear();
            for &(pc, start) in &current {
                match self.prog.get(pc) {
                    Some(Inst::Char(c)) if ch == Some(*c) => self.add(&mut next, pc + 1, start),
                    Some(Inst::Any) if ch.is_some_and(|c| c != '\n') => {
                        self.add(&mut next, pc + 1, start)
                    }
                    Some(Inst::Match) => {
                        // Lower-priority threads are cut off.
                        found = Some((start, pos));
                        break;
                    }
                    _ => {}
                }
            }
            std::mem::swap(&mut current, &mut next);
            match ch {
                Some(c) => pos += c.len_utf8(),
                None => break,
            }
        }
        found
    }
}

fn trim_prefix(pattern: &str, value: &str, longest: bool) -> Result<String, String> {
    let prog = compile_glob(pattern, longest)?;
    Ok(match Vm::new(&prog).find(value, 0, true) {
        Some((_, end)) => value[end..].to_string(),
        None => value.to_string(),
    })
}

/// Like BuildKit: reverse the pattern (keeping `\x` pairs in order) and the
/// value, trim a prefix, reverse back.
fn trim_suffix(pattern: &str, value: &str, longest: bool) -> Result<String, String> {
    let p: Vec<char> = pattern.chars().collect();
    let mut reversed = vec!['\0'; p.len()];
    let mut i = 0;
    while i < p.len() {
        let out = p.len() - 1 - i;
        if p[i] == '\\' && i + 1 < p.len() {
            reversed[out - 1] = '\\';
            reversed[out] = p[i + 1];
            i += 2;
        } else {
            reversed[out] = p[i];
            i += 1;
        }
    }
    let reversed: String = reversed.into_iter().collect();
    let value_reversed: String = value.chars().rev().collect();
    let trimmed = trim_prefix(&reversed, &value_reversed, longest)?;
    Ok(trimmed.chars().rev().collect())
}

/// `${V/p/r}` and `${V//p/r}`, as Go's `FindStringIndex` /
/// `ReplaceAllString` do them.
fn replace(pattern: &str, replacement: &str, value: &str, all: bool) -> Result<String, String> {
    let prog = compile_glob(pattern, true)?;
    let mut vm = Vm::new(&prog);
    if !all {
        return Ok(match vm.find(value, 0, false) {
            Some((s, e)) => format!("{}{}{}", &value[..s], replacement, &value[e..]),
            None => value.to_string(),
        });
    }
    let mut out = String::with_capacity(value.len());
    let mut last_end = 0;
    let mut search = 0;
    while search <= value.len() {
        let Some((s, e)) = vm.find(value, search, false) else {
            break;
        };
        out.push_str(value.get(last_end..s).unwrap_or(""));
        // No replacement for an empty match right after another match.
        if e > last_end || s == 0 {
            expand_template(&mut out, replacement, &value[s..e]);
        }
        last_end = e;
        let width = value[search..].chars().next().map_or(0, char::len_utf8);
        if search + width > e {
            search += width;
        } else if search + 1 > e {
            search += 1;
        } else {
            search = e;
        }
    }
    out.push_str(value.get(last_end..).unwrap_or(""));
    Ok(out)
}

/// Go's `Regexp.Expand` for a regexp without groups: `$0`/`${0}` is the
/// match, `$$` is `$`, other well-formed `$name`s are nothing, a malformed
/// `$` is kept.
fn expand_template(out: &mut String, template: &str, matched: &str) {
    let mut t = template;
    while let Some(i) = t.find('$') {
        out.push_str(&t[..i]);
        t = &t[i + 1..];
        if let Some(rest) = t.strip_prefix('$') {
            out.push('$');
            t = rest;
            continue;
        }
        let (braced, s) = match t.strip_prefix('{') {
            Some(s) => (true, s),
            None => (false, t),
        };
        let len = s
            .char_indices()
            .find(|&(_, c)| !(is_letter(c) || is_digit(c) || c == '_'))
            .map_or(s.len(), |(i, _)| i);
        let rest = if braced {
            s[len..].strip_prefix('}')
        } else {
            Some(&s[len..])
        };
        match rest {
            Some(rest) if len > 0 => {
                if &s[..len] == "0" {
                    out.push_str(matched);
                }
                t = rest;
            }
            _ => out.push('$'),
        }
    }
    out.push_str(t);
}

// ---------------------------------------------------------------------------
// Character classes as Go's `unicode` package has them.

/// BuildKit's special parameters (`isSpecialParam`).
fn is_special_param(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

/// Go's `unicode.IsLetter`: category L.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic() && !in_table(ALPHABETIC_NOT_LETTER, c)
    }
}

/// Go's `unicode.IsDigit`: category Nd.
fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_table(NON_ASCII_DECIMAL_DIGIT, c)
    }
}

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    crate::syntax::char_in_ranges(table, c)
}

// Generated from Unicode 14.0 category data and Rust's `char::is_alphabetic`
// (Alphabetic = L + Nl + Other_Alphabetic). Go uses Unicode 15.0; only
// characters assigned since 14.0 can be classified differently.

/// Characters Rust calls alphabetic that are not in Unicode category L
/// (Nl and Other_Alphabetic marks), so not letters for Go's `unicode.IsLetter`.
const ALPHABETIC_NOT_LETTER: &[(u32, u32)] = &[
    (0x345, 0x345),
    (0x363, 0x36F),
    (0x5B0, 0x5BD),
    (0x5BF, 0x5BF),
    (0x5C1, 0x5C2),
    (0x5C4, 0x5C5),
    (0x5C7, 0x5C7),
    (0x610, 0x61A),
    (0x64B, 0x657),
    (0x659, 0x65F),
    (0x670, 0x670),
    (0x6D6, 0x6DC),
    (0x6E1, 0x6E4),
    (0x6E7, 0x6E8),
    (0x6ED, 0x6ED),
    (0x711, 0x711),
    (0x730, 0x73F),
    (0x7A6, 0x7B0),
    (0x816, 0x817),
    (0x81B, 0x823),
    (0x825, 0x827),
    (0x829, 0x82C),
    (0x8D4, 0x8DF),
    (0x8E3, 0x8E9),
    (0x8F0, 0x903),
    (0x93A, 0x93B),
    (0x93E, 0x94C),
    (0x94E, 0x94F),
    (0x955, 0x957),
    (0x962, 0x963),
    (0x981, 0x983),
    (0x9BE, 0x9C4),
    (0x9C7, 0x9C8),
    (0x9CB, 0x9CC),
    (0x9D7, 0x9D7),
    (0x9E2, 0x9E3),
    (0xA01, 0xA03),
    (0xA3E, 0xA42),
    (0xA47, 0xA48),
    (0xA4B, 0xA4C),
    (0xA51, 0xA51),
    (0xA70, 0xA71),
    (0xA75, 0xA75),
    (0xA81, 0xA83),
    (0xABE, 0xAC5),
    (0xAC7, 0xAC9),
    (0xACB, 0xACC),
    (0xAE2, 0xAE3),
    (0xAFA, 0xAFC),
    (0xB01, 0xB03),
    (0xB3E, 0xB44),
    (0xB47, 0xB48),
    (0xB4B, 0xB4C),
    (0xB56, 0xB57),
    (0xB62, 0xB63),
    (0xB82, 0xB82),
    (0xBBE, 0xBC2),
    (0xBC6, 0xBC8),
    (0xBCA, 0xBCC),
    (0xBD7, 0xBD7),
    (0xC00, 0xC04),
    (0xC3E, 0xC44),
    (0xC46, 0xC48),
    (0xC4A, 0xC4C),
    (0xC55, 0xC56),
    (0xC62, 0xC63),
    (0xC81, 0xC83),
    (0xCBE, 0xCC4),
    (0xCC6, 0xCC8),
    (0xCCA, 0xCCC),
    (0xCD5, 0xCD6),
    (0xCE2, 0xCE3),
    (0xD00, 0xD03),
    (0xD3E, 0xD44),
    (0xD46, 0xD48),
    (0xD4A, 0xD4C),
    (0xD57, 0xD57),
    (0xD62, 0xD63),
    (0xD81, 0xD83),
    (0xDCF, 0xDD4),
    (0xDD6, 0xDD6),
    (0xDD8, 0xDDF),
    (0xDF2, 0xDF3),
    (0xE31, 0xE31),
    (0xE34, 0xE3A),
    (0xE4D, 0xE4D),
    (0xEB1, 0xEB1),
    (0xEB4, 0xEB9),
    (0xEBB, 0xEBC),
    (0xECD, 0xECD),
    (0xF71, 0xF83),
    (0xF8D, 0xF97),
    (0xF99, 0xFBC),
    (0x102B, 0x1036),
    (0x1038, 0x1038),
    (0x103B, 0x103E),
    (0x1056, 0x1059),
    (0x105E, 0x1060),
    (0x1062, 0x1064),
    (0x1067, 0x106D),
    (0x1071, 0x1074),
    (0x1082, 0x108D),
    (0x108F, 0x108F),
    (0x109A, 0x109D),
    (0x16EE, 0x16F0),
    (0x1712, 0x1713),
    (0x1732, 0x1733),
    (0x1752, 0x1753),
    (0x1772, 0x1773),
    (0x17B6, 0x17C8),
    (0x1885, 0x1886),
    (0x18A9, 0x18A9),
    (0x1920, 0x192B),
    (0x1930, 0x1938),
    (0x1A17, 0x1A1B),
    (0x1A55, 0x1A5E),
    (0x1A61, 0x1A74),
    (0x1ABF, 0x1AC0),
    (0x1ACC, 0x1ACE),
    (0x1B00, 0x1B04),
    (0x1B35, 0x1B43),
    (0x1B80, 0x1B82),
    (0x1BA1, 0x1BA9),
    (0x1BAC, 0x1BAD),
    (0x1BE7, 0x1BF1),
    (0x1C24, 0x1C36),
    (0x1DD3, 0x1DF4),
    (0x2160, 0x2182),
    (0x2185, 0x2188),
    (0x24B6, 0x24E9),
    (0x2DE0, 0x2DFF),
    (0x3007, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303A),
    (0xA674, 0xA67B),
    (0xA69E, 0xA69F),
    (0xA6E6, 0xA6EF),
    (0xA802, 0xA802),
    (0xA80B, 0xA80B),
    (0xA823, 0xA827),
    (0xA880, 0xA881),
    (0xA8B4, 0xA8C3),
    (0xA8C5, 0xA8C5),
    (0xA8FF, 0xA8FF),
    (0xA926, 0xA92A),
    (0xA947, 0xA952),
    (0xA980, 0xA983),
    (0xA9B4, 0xA9BF),
    (0xA9E5, 0xA9E5),
    (0xAA29, 0xAA36),
    (0xAA43, 0xAA43),
    (0xAA4C, 0xAA4D),
    (0xAA7B, 0xAA7D),
    (0xAAB0, 0xAAB0),
    (0xAAB2, 0xAAB4),
    (0xAAB7, 0xAAB8),
    (0xAABE, 0xAABE),
    (0xAAEB, 0xAAEF),
    (0xAAF5, 0xAAF5),
    (0xABE3, 0xABEA),
    (0xFB1E, 0xFB1E),
    (0x10140, 0x10174),
    (0x10341, 0x10341),
    (0x1034A, 0x1034A),
    (0x10376, 0x1037A),
    (0x103D1, 0x103D5),
    (0x10A01, 0x10A03),
    (0x10A05, 0x10A06),
    (0x10A0C, 0x10A0F),
    (0x10D24, 0x10D27),
    (0x10EAB, 0x10EAC),
    (0x11000, 0x11002),
    (0x11038, 0x11045),
    (0x11073, 0x11074),
    (0x11080, 0x11082),
    (0x110B0, 0x110B8),
    (0x110C2, 0x110C2),
    (0x11100, 0x11102),
    (0x11127, 0x11132),
    (0x11145, 0x11146),
    (0x11180, 0x11182),
    (0x111B3, 0x111BF),
    (0x111CE, 0x111CF),
    (0x1122C, 0x11234),
    (0x11237, 0x11237),
    (0x1123E, 0x1123E),
    (0x112DF, 0x112E8),
    (0x11300, 0x11303),
    (0x1133E, 0x11344),
    (0x11347, 0x11348),
    (0x1134B, 0x1134C),
    (0x11357, 0x11357),
    (0x11362, 0x11363),
    (0x11435, 0x11441),
    (0x11443, 0x11445),
    (0x114B0, 0x114C1),
    (0x115AF, 0x115B5),
    (0x115B8, 0x115BE),
    (0x115DC, 0x115DD),
    (0x11630, 0x1163E),
    (0x11640, 0x11640),
    (0x116AB, 0x116B5),
    (0x1171D, 0x1172A),
    (0x1182C, 0x11838),
    (0x11930, 0x11935),
    (0x11937, 0x11938),
    (0x1193B, 0x1193C),
    (0x11940, 0x11940),
    (0x11942, 0x11942),
    (0x119D1, 0x119D7),
    (0x119DA, 0x119DF),
    (0x119E4, 0x119E4),
    (0x11A01, 0x11A0A),
    (0x11A35, 0x11A39),
    (0x11A3B, 0x11A3E),
    (0x11A51, 0x11A5B),
    (0x11A8A, 0x11A97),
    (0x11C2F, 0x11C36),
    (0x11C38, 0x11C3E),
    (0x11C92, 0x11CA7),
    (0x11CA9, 0x11CB6),
    (0x11D31, 0x11D36),
    (0x11D3A, 0x11D3A),
    (0x11D3C, 0x11D3D),
    (0x11D3F, 0x11D41),
    (0x11D43, 0x11D43),
    (0x11D47, 0x11D47),
    (0x11D8A, 0x11D8E),
    (0x11D90, 0x11D91),
    (0x11D93, 0x11D96),
    (0x11EF3, 0x11EF6),
    (0x12400, 0x1246E),
    (0x16F4F, 0x16F4F),
    (0x16F51, 0x16F87),
    (0x16F8F, 0x16F92),
    (0x16FF0, 0x16FF1),
    (0x1BC9E, 0x1BC9E),
    (0x1E000, 0x1E006),
    (0x1E008, 0x1E018),
    (0x1E01B, 0x1E021),
    (0x1E023, 0x1E024),
    (0x1E026, 0x1E02A),
    (0x1E947, 0x1E947),
    (0x1F130, 0x1F149),
    (0x1F150, 0x1F169),
    (0x1F170, 0x1F189),
];

/// Non-ASCII characters of category Nd (Go's `unicode.IsDigit`).
const NON_ASCII_DECIMAL_DIGIT: &[(u32, u32)] = &[
    (0x660, 0x669),
    (0x6F0, 0x6F9),
    (0x7C0, 0x7C9),
    (0x966, 0x96F),
    (0x9E6, 0x9EF),
    (0xA66, 0xA6F),
    (0xAE6, 0xAEF),
    (0xB66, 0xB6F),
    (0xBE6, 0xBEF),
    (0xC66, 0xC6F),
    (0xCE6, 0xCEF),
    (0xD66, 0xD6F),
    (0xDE6, 0xDEF),
    (0xE50, 0xE59),
    (0xED0, 0xED9),
    (0xF20, 0xF29),
    (0x1040, 0x1049),
    (0x1090, 0x1099),
    (0x17E0, 0x17E9),
    (0x1810, 0x1819),
    (0x1946, 0x194F),
    (0x19D0, 0x19D9),
    (0x1A80, 0x1A89),
    (0x1A90, 0x1A99),
    (0x1B50, 0x1B59),
    (0x1BB0, 0x1BB9),
    (0x1C40, 0x1C49),
    (0x1C50, 0x1C59),
    (0xA620, 0xA629),
    (0xA8D0, 0xA8D9),
    (0xA900, 0xA909),
    (0xA9D0, 0xA9D9),
    (0xA9F0, 0xA9F9),
    (0xAA50, 0xAA59),
    (0xABF0, 0xABF9),
    (0xFF10, 0xFF19),
    (0x104A0, 0x104A9),
    (0x10D30, 0x10D39),
    (0x11066, 0x1106F),
    (0x110F0, 0x110F9),
    (0x11136, 0x1113F),
    (0x111D0, 0x111D9),
    (0x112F0, 0x112F9),
    (0x11450, 0x11459),
    (0x114D0, 0x114D9),
    (0x11650, 0x11659),
    (0x116C0, 0x116C9),
    (0x11730, 0x11739),
    (0x118E0, 0x118E9),
    (0x11950, 0x11959),
    (0x11C50, 0x11C59),
    (0x11D50, 0x11D59),
    (0x11DA0, 0x11DA9),
    (0x16A60, 0x16A69),
    (0x16AC0, 0x16AC9),
    (0x16B50, 0x16B59),
    (0x1D7CE, 0x1D7FF),
    (0x1E140, 0x1E149),
    (0x1E2F0, 0x1E2F9),
    (0x1E950, 0x1E959),
    (0x1FBF0, 0x1FBF9),
];
