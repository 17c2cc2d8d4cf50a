//! The shell model: what a shell-form `RUN` (or a heredoc script) runs.
//!
//! [`parse`] reads POSIX `sh` text (plus the few bash forms that show up in
//! Dockerfiles) and returns a [`Script`]: a flat, source-ordered list of the
//! *simple commands* it contains, each with byte ranges into the input, its
//! words with their unquoted values, its assignments and redirections, and
//! enough structure to answer the questions lint rules ask:
//!
//! * "which `apt-get install` commands does this RUN run?" —
//!   [`Script::commands_named`], [`Command::subcommand`];
//! * "with which flags and packages, and where is each package name?" —
//!   [`Command::has_flag`], [`Command::positional_args`] (each [`Word`] has a
//!   [`TextRange`]);
//! * "what runs after this command, joined by `&&`?" — [`Script::next_element`],
//!   [`Script::next_command`];
//! * "is it in a pipeline (pipefail)?" — [`Script::in_pipeline`];
//! * "does it only run conditionally / in a loop / in a subshell?" —
//!   [`Command::nesting`].
//!
//! # The model
//!
//! The shell grammar is a tree (lists of and-or lists of pipelines of
//! commands, where a command may be a compound containing more lists). The
//! tree is stored flat, in tables that refer to each other by index:
//!
//! * [`Block`]: a command list at one nesting level — the whole script, the
//!   inside of `( )`, `{ }`, `$( )`, backquotes, `<( )`, an `if` condition or
//!   branch, a loop condition or body, a `case` arm, a function body. Blocks
//!   know their parent block and carry inherited [`Nesting`] flags.
//! * [`Pipeline`]: one or more elements joined by `|`, with the [`Connector`]
//!   that precedes it in its block (`&&`, `||`, `;`, newline, `&` or start).
//! * [`Element`]: a pipeline element, either a simple [`Command`] or a
//!   [`Compound`] command (`( )`, `{ }`, `if`, `for`, `while`, `until`,
//!   `case`, a function definition). Keywords are never commands.
//! * [`Command`]: a simple command — assignments, words, redirections.
//!   Commands inside command substitutions are reported too (their block is a
//!   substitution block, [`Nesting::substitution`] is set).
//!
//! `commands` is sorted by start offset: a command comes before the commands
//! of the substitutions inside its words.
//!
//! # Word values
//!
//! [`Word::value`] is what the program receives for an ordinary word: quotes
//! are removed, backslash escapes applied (`\x` unquoted, `` \$ \` \" \\ `` and
//! `\`-newline inside double quotes, the C escapes of `$'...'`). Expansions
//! (`$VAR`, `${...}`, `$(...)`, backquotes, `$((...))`, a leading `~`) are kept
//! literally, as written in the source, and flag [`Word::has_expansion`].
//! Globs (`*`, `?`, `[...]`) and brace expansion are kept literally and not
//! flagged. No field splitting is done: `$PKGS` stays one word.
//!
//! # Limits
//!
//! * Dockerfile line continuations are the caller's job (the logical string
//!   is parsed); a `\`-newline inside the text is also honoured, as sh would.
//! * Heredoc redirections (`<<EOF`) take their body from the lines that
//!   follow the next newline, so they work in multi-line scripts. In a
//!   one-line `RUN` the body is not part of the text: the redirect is reported
//!   with [`Heredoc::body`] = `None` and no diagnostic.
//! * Bash: `[[ ... ]]` is a command whose `&&`, `||`, `<`, `>`, `(`, `)` are
//!   words; `$'...'`, `|&`, `&>`, `&>>`, `<<<`, `<(...)`, `>(...)`,
//!   `function f`, `name=(array)`, `;&`, `;;&` are understood. `(( ... ))` is
//!   parsed as nested subshells (as POSIX sh would), `for (( ; ; ))` headers
//!   are skipped, `select`, `coproc` and `a[i]=x` are plain words.
//! * Inside backquotes, `\$`, `\\` and `` \` `` are read as ordinary
//!   escapes of the inner command (sh first strips one level of backslashes),
//!   so nested backquotes are not recognised: `` \` `` there is a literal
//!   backquote. A comment inside backquotes ends at the closing backquote.
//! * [`Command::name`] looks through `sudo`, `env`, `command` (not
//!   `command -v`), `exec`, `nohup`, `time` and `nice`; not through `xargs`,
//!   `sh -c '...'`, `su -c`, `gosu`/`su-exec`, `timeout` or `chroot`
//!   (the string given to `sh -c` is not parsed either).
//! * A function body must be `{ ... }` or `( ... )`.
//! * Values of words nested more than 32 substitutions deep abbreviate long
//!   inner expansions (`$(...`) so that parsing stays linear.
//!
//! Parsing never fails and never panics: problems become [`ShellDiagnostic`]s
//! (unterminated quotes, unbalanced parentheses, missing `fi`/`done`/`esac`,
//! a dangling `&&`, ...) and the parser keeps what it could. It runs in time
//! linear in the input and uses an explicit stack, so arbitrarily deep
//! nesting does not grow the call stack.

mod args;
mod parser;
#[cfg(test)]
mod tests;

use crate::TextRange;

/// Parses shell text (a `RUN` instruction's logical shell-form command, or a
/// multi-line script such as a heredoc body). Never fails, never panics.
pub fn parse(src: &str) -> Script {
    parser::parse(src)
}

/// The result of [`parse`]: flat tables describing the script (see the
/// [module documentation](self)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    /// Every simple command, in source order (sorted by `range.start`).
    pub commands: Vec<Command>,
    /// Every compound command (`( )`, `{ }`, `if`, loops, `case`, functions).
    pub compounds: Vec<Compound>,
    /// Every pipeline (a lone command is a one-element pipeline).
    pub pipelines: Vec<Pipeline>,
    /// Every command list; `blocks[0]` is the whole script.
    pub blocks: Vec<Block>,
    /// Syntax problems found; parsing went on after each.
    pub diagnostics: Vec<ShellDiagnostic>,
}

/// A simple command: `[assignments] [words] [redirects]` in any order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// From the first assignment, word or redirect to the end of the last one
    /// (heredoc bodies excluded).
    pub range: TextRange,
    /// Leading `NAME=value` words (only before the first ordinary word).
    pub assignments: Vec<Assignment>,
    /// The command's words: `words[0]` is what the shell runs (but see
    /// [`Command::name`] for `sudo`, `env`, ... prefixes).
    pub words: Vec<Word>,
    /// Redirections, wherever they appear in the command.
    pub redirects: Vec<Redirect>,
    /// What joins this command to the previous element of its pipeline (`|`)
    /// or, for a pipeline's first element, the pipeline's connector.
    pub connector: Connector,
    /// Index into [`Script::blocks`]: the list this command belongs to.
    pub block: usize,
    /// Index into [`Script::pipelines`].
    pub pipeline: usize,
    /// Index of this command in its pipeline's [`Pipeline::elements`].
    pub position: usize,
    /// Where the command sits (copied from its block).
    pub nesting: Nesting,
    /// [`Command::program_index`] and the byte range of [`Command::name`] in
    /// that word's value, found once when parsing ends (rules ask for the
    /// name of every command many times).
    program: Option<(usize, usize, usize)>,
}

/// A shell word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word in the source, quotes included.
    pub range: TextRange,
    /// The value the program receives: quotes removed, escapes applied,
    /// expansions kept as written (see the module docs).
    pub value: String,
    /// Some part was quoted (`'...'`, `"..."`, `$'...'`) or backslash-escaped.
    pub quoted: bool,
    /// The word contains a parameter, command or arithmetic expansion (or a
    /// leading `~`): its value at run time may differ from [`Word::value`].
    pub has_expansion: bool,
}

impl Word {
    /// True when [`Word::value`] is exactly what the program receives.
    pub fn is_literal(&self) -> bool {
        !self.has_expansion
    }
}

/// A `NAME=value` (or `NAME+=value`) prefix of a simple command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    /// The whole assignment word.
    pub range: TextRange,
    pub name: String,
    pub name_range: TextRange,
    /// `NAME+=value` (bash).
    pub append: bool,
    /// The part after `=`, as a word (range, unquoted value, flags).
    pub value: Word,
}

/// A redirection such as `> /dev/null`, `2>&1` or `<<EOF`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// From the file descriptor number (if any) to the end of the target.
    pub range: TextRange,
    /// An explicit descriptor number (`2` in `2>&1`).
    pub fd: Option<u32>,
    pub op: RedirectOp,
    pub op_range: TextRange,
    /// The file, descriptor or heredoc delimiter word; `None` when missing
    /// (a diagnostic is reported).
    pub target: Option<Word>,
    /// Set for `<<` and `<<-`.
    pub heredoc: Option<Heredoc>,
}

/// A redirection operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RedirectOp {
    /// `<`
    Input,
    /// `>`
    Output,
    /// `>>`
    Append,
    /// `>|`
    Clobber,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupInput,
    /// `>&`
    DupOutput,
    /// `<<`
    HereDoc,
    /// `<<-`
    HereDocStripTabs,
    /// `<<<` (bash)
    HereString,
    /// `&>` (bash)
    OutputAndError,
    /// `&>>` (bash)
    AppendOutputAndError,
}

impl RedirectOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            RedirectOp::Input => "<",
            RedirectOp::Output => ">",
            RedirectOp::Append => ">>",
            RedirectOp::Clobber => ">|",
            RedirectOp::ReadWrite => "<>",
            RedirectOp::DupInput => "<&",
            RedirectOp::DupOutput => ">&",
            RedirectOp::HereDoc => "<<",
            RedirectOp::HereDocStripTabs => "<<-",
            RedirectOp::HereString => "<<<",
            RedirectOp::OutputAndError => "&>",
            RedirectOp::AppendOutputAndError => "&>>",
        }
    }
}

/// The here-document part of a `<<` / `<<-` redirection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter, unquoted (`EOF` for `<<'EOF'`).
    pub delimiter: String,
    /// The delimiter was quoted: the body is not expanded.
    pub quoted: bool,
    /// `<<-`: leading tabs are stripped from body lines and the delimiter.
    pub strip_tabs: bool,
    /// The body lines (each with its newline), up to the delimiter line.
    /// `None` when no newline follows the redirect in the parsed text (a
    /// Dockerfile heredoc whose body the caller holds separately).
    pub body: Option<TextRange>,
    /// The delimiter line was found.
    pub terminated: bool,
}

/// How an element is joined to what precedes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConnectorKind {
    /// First element of its block.
    Start,
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;`
    Semicolon,
    /// A newline.
    Newline,
    /// `&`: the previous pipeline runs in the background.
    Background,
    /// `|` or `|&`.
    Pipe,
}

/// A connector and, unless it is [`ConnectorKind::Start`], the operator's range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Connector {
    pub kind: ConnectorKind,
    pub range: Option<TextRange>,
}

impl Connector {
    /// The connector of a block's first element.
    pub const START: Connector = Connector {
        kind: ConnectorKind::Start,
        range: None,
    };
}

/// Elements joined by `|`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    pub range: TextRange,
    /// The block the pipeline belongs to.
    pub block: usize,
    /// What precedes the pipeline in its block.
    pub connector: Connector,
    /// `! pipeline`
    pub negated: bool,
    /// Terminated by `&`.
    pub background: bool,
    pub elements: Vec<Element>,
    /// The `|` operators, in order.
    pub pipes: Vec<TextRange>,
}

/// A pipeline element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Element {
    /// Index into [`Script::commands`].
    Command(usize),
    /// Index into [`Script::compounds`].
    Compound(usize),
}

/// A compound command (a pipeline element made of keywords and blocks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compound {
    pub kind: CompoundKind,
    /// From the opening keyword to the closing keyword or last redirect.
    pub range: TextRange,
    /// The block the compound is an element of.
    pub block: usize,
    pub pipeline: usize,
    pub position: usize,
    pub connector: Connector,
    /// The blocks it owns, in order: `if` → condition, then-branch, elif
    /// conditions and branches, else-branch; loops → condition (while/until)
    /// and body; `case` → one block per arm; others → the body.
    pub blocks: Vec<usize>,
    /// Words that are not commands: `for NAME in WORDS...`, `case WORD in`
    /// followed by every arm pattern, a function's name.
    pub words: Vec<Word>,
    /// Redirections after the closing keyword (`done < file`).
    pub redirects: Vec<Redirect>,
}

/// The kind of a [`Compound`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompoundKind {
    Subshell,
    BraceGroup,
    If,
    While,
    Until,
    For,
    Case,
    Function,
}

/// A command list at one nesting level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// The list's text (between the opening and the closing token).
    pub range: TextRange,
    /// The enclosing block (`None` for the script).
    pub parent: Option<usize>,
    /// The compound command owning this block, if any.
    pub compound: Option<usize>,
    /// For substitution blocks: the command whose word, assignment or
    /// redirect contains the substitution (`None` in `for`/`case` words).
    pub command: Option<usize>,
    /// Inherited nesting flags of everything in this block.
    pub nesting: Nesting,
    /// The block's pipelines, in order.
    pub pipelines: Vec<usize>,
}

/// The kind of a [`Block`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Script,
    Subshell,
    BraceGroup,
    CommandSubstitution,
    Backticks,
    ProcessSubstitution,
    IfCondition,
    ElifCondition,
    Then,
    Else,
    LoopCondition,
    LoopBody,
    CaseArm,
    FunctionBody,
}

/// Where a block sits; every flag is inherited by nested blocks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Nesting {
    /// Number of enclosing blocks (0 at the top level of the script).
    pub depth: u32,
    /// Inside `( ... )`.
    pub subshell: bool,
    /// Inside `{ ...; }`.
    pub brace_group: bool,
    /// Inside `$( )`, backquotes or `<( )` / `>( )`.
    pub substitution: bool,
    /// Inside a `then`/`else` branch, an `elif` condition, a `case` arm or a
    /// function body: it may not run at all. (An `if` condition itself is
    /// not conditional; commands after `&&`/`||` are told by their connector.)
    pub conditional: bool,
    /// Inside a `for`/`while`/`until` condition or body.
    pub looped: bool,
    /// Inside a function body.
    pub function: bool,
}

impl Nesting {
    /// Runs in a child shell (`( )` or a substitution): `cd`, `export`, ...
    /// there do not affect what follows.
    pub fn in_child_shell(&self) -> bool {
        self.subshell || self.substitution
    }
}

/// A syntax problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellDiagnostic {
    pub range: TextRange,
    pub kind: ShellDiagnosticKind,
    pub message: String,
}

/// The kind of a [`ShellDiagnostic`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShellDiagnosticKind {
    /// `'`, `"` or `$'` without its closing quote.
    UnterminatedQuote,
    /// `${`, `$((` without the closing `}` / `))`.
    UnterminatedExpansion,
    /// `$(`, a backquote or `<(` without its end.
    UnterminatedSubstitution,
    /// `(` without `)`, or a stray `)`.
    UnbalancedParenthesis,
    /// `if`/loop/`case`/`{` without `fi`/`done`/`esac`/`}`.
    UnterminatedCompound,
    /// A heredoc whose delimiter line never comes.
    UnterminatedHeredoc,
    /// A token where it cannot appear (`then` outside `if`, a word after
    /// `)`, ...).
    UnexpectedToken,
    /// `&&`, `||`, `|`, `;` or `&` with a missing command on one side.
    MissingCommand,
    /// A redirection operator without its target word.
    MissingRedirectTarget,
}

impl Script {
    /// The commands whose [`Command::name`] is `name`, with their indexes.
    pub fn commands_named<'s>(
        &'s self,
        name: &'s str,
    ) -> impl Iterator<Item = (usize, &'s Command)> + 's {
        self.commands
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.name() == Some(name))
    }

    /// The connector of an element.
    pub fn connector_of(&self, element: Element) -> Connector {
        match element {
            Element::Command(i) => self
                .commands
                .get(i)
                .map_or(Connector::START, |c| c.connector),
            Element::Compound(k) => self
                .compounds
                .get(k)
                .map_or(Connector::START, |c| c.connector),
        }
    }

    /// The element that follows command `cmd` in its block — the next
    /// element of its pipeline (joined by `|`), else the first element of the
    /// block's next pipeline — with the connector between them. `None` at the
    /// end of the block. Commands nested in the element are not considered:
    /// for `a && { b; }` the next element of `a` is the brace group.
    pub fn next_element(&self, cmd: usize) -> Option<(Connector, Element)> {
        let c = self.commands.get(cmd)?;
        self.element_after(c.pipeline, c.position)
    }

    /// The element that follows compound `k` in its block (see
    /// [`Script::next_element`]).
    pub fn next_element_after_compound(&self, k: usize) -> Option<(Connector, Element)> {
        let c = self.compounds.get(k)?;
        self.element_after(c.pipeline, c.position)
    }

    fn element_after(&self, pipeline: usize, position: usize) -> Option<(Connector, Element)> {
        let p = self.pipelines.get(pipeline)?;
        if let Some(&e) = p.elements.get(position + 1) {
            return Some((self.connector_of(e), e));
        }
        let block = self.blocks.get(p.block)?;
        let at = block.pipelines.binary_search(&pipeline).ok()?;
        let next = &self.pipelines[*block.pipelines.get(at + 1)?];
        let &e = next.elements.first()?;
        Some((next.connector, e))
    }

    /// The first simple command that runs for an element: the command itself,
    /// or the first command inside a compound (for `for x in $(ls)` that is
    /// `ls`). `None` for an empty compound.
    pub fn first_command(&self, element: Element) -> Option<usize> {
        match element {
            Element::Command(i) => (i < self.commands.len()).then_some(i),
            Element::Compound(k) => {
                let range = self.compounds.get(k)?.range;
                let i = self
                    .commands
                    .partition_point(|c| c.range.start < range.start);
                let c = self.commands.get(i)?;
                range.contains_range(c.range).then_some(i)
            }
        }
    }

    /// [`Script::next_element`] resolved to a simple command with
    /// [`Script::first_command`]: for `apt-get update && apt-get install x`
    /// the `install` command, joined by [`ConnectorKind::And`].
    pub fn next_command(&self, cmd: usize) -> Option<(Connector, usize)> {
        let (connector, element) = self.next_element(cmd)?;
        Some((connector, self.first_command(element)?))
    }

    /// True when command `cmd`'s output or input goes through a pipe: its
    /// pipeline has several elements, or it is inside a compound command
    /// (`( )`, `{ }`, `if`, a loop, `case`) that is an element of such a
    /// pipeline. Substitution boundaries stop the search: in `echo $(a) | b`,
    /// `a` is not in a pipeline.
    pub fn in_pipeline(&self, cmd: usize) -> bool {
        let Some(c) = self.commands.get(cmd) else {
            return false;
        };
        if self
            .pipelines
            .get(c.pipeline)
            .is_some_and(|p| p.elements.len() > 1)
        {
            return true;
        }
        let mut block = c.block;
        while let Some(k) = self.blocks.get(block).and_then(|b| b.compound) {
            let compound = &self.compounds[k];
            if self
                .pipelines
                .get(compound.pipeline)
                .is_some_and(|p| p.elements.len() > 1)
            {
                return true;
            }
            block = compound.block;
        }
        false
    }

    /// True when the script contains a pipe anywhere (`|` or `|&`).
    pub fn has_pipe(&self) -> bool {
        self.pipelines.iter().any(|p| !p.pipes.is_empty())
    }
}
