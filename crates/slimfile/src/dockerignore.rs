//! `.dockerignore` files: Docker's reader and matcher, reproduced exactly.
//!
//! # Sources
//!
//! This is a from-scratch Rust re-implementation of the behaviour of:
//!
//! * `moby/patternmatcher` `ignorefile.ReadAll` (reading the file),
//! * `moby/patternmatcher` `New`, `Pattern.compile`, `Pattern.match` and
//!   `MatchesUsingParentResults` (building and running the matcher),
//! * Go's `path/filepath.Match` (used by `New` as a syntax check), Go's
//!   `filepath.Clean` and the parts of Go's `regexp/syntax` that a compiled
//!   pattern can reach,
//! * `tonistiigi/fsutil` `filterFS.Walk` (how BuildKit walks a local context and
//!   when it skips a whole directory),
//! * BuildKit's `frontend/dockerui` (which ignore file applies to a Dockerfile).
//!
//! Only Docker's Unix behaviour is modelled (on Windows `\` is a separator there,
//! not an escape).
//!
//! # Reading the file ([`DockerIgnore::parse`])
//!
//! * The text is split into lines at `\n`; one `\r` before it is dropped.
//!   A UTF-8 BOM at the start of the first line is dropped.
//! * A line whose *first* character is `#` is a comment. This is checked before
//!   trimming, so `  #x` is the pattern `#x`.
//! * The line is trimmed of Unicode white space; empty lines are skipped.
//! * A leading `!` makes the line an exception; white space after the `!` is
//!   trimmed too (`! /a` is `!a`).
//! * The rest is cleaned like Go's `filepath.Clean` (`./`, `//`, `..` and a
//!   trailing `/` go away) and then one leading `/` is removed, so `/foo/`,
//!   `/foo`, `foo/` and `foo` are the same pattern. A pattern that cleans to
//!   `.` stays `.` and matches nothing (Docker never checks the context root).
//! * Docker then trims and cleans each pattern once more (this matters only in
//!   contrived cases such as `a /b/..`, which ends up as `a`).
//! * A line of 65536 bytes or more cannot be read by Go's `bufio.Scanner`:
//!   Docker fails the whole build.
//!
//! # Rejected patterns
//!
//! Docker refuses the whole file (every build with it fails) when
//! * a pattern is just `!` (also `! ` or `!/`): `illegal exclusion pattern: "!"`;
//! * Go's `filepath.Match` finds the pattern malformed (`ErrBadPattern`): an
//!   unclosed `[`, an empty class `[]`, a `-` or `]` where a class character is
//!   expected (`[-]`, `[x-]`, `[a-b-c]`), a trailing `\`.
//!
//! Some patterns pass that check but fail later, on every match: Docker turns
//! each pattern into a Go regular expression, and some (a reversed range such as
//! `[Local-Only]`, an escape Go's regexp does not know such as `\q`) do not
//! compile. Docker fails as soon as such a pattern is evaluated for a path.
//! Both cases are reported in [`DockerIgnore::diagnostics`].
//!
//! # Matching one path
//!
//! Docker compiles each pattern into one of four forms, and so does this module:
//!
//! * **exact**: no wildcard at all, compared as a string (`.`, `+`, `(`... are
//!   literal);
//! * **prefix**: `dir/**` (a trailing `**` after only literal text): the path
//!   starts with `dir/`, so it matches everything under `dir` but not `dir`;
//! * **suffix**: a leading `**` followed by only literal text: `**/x` matches a
//!   path ending in `/x` or equal to `x`; `**x` matches any path ending in `x`
//!   (`dir/prefixx` too); `**` alone matches everything;
//! * **regexp**: anything else. `*` becomes `[^/]*`, `?` becomes `[^/]`, `**/`
//!   in the middle becomes `(.*/)?`, a trailing `**` becomes `.*`, `.+()|{}$`
//!   are escaped, and `[`, `]`, `^` and `\x` are copied into the regular
//!   expression unchanged. The regular expression (Go's RE2 syntax) is what
//!   decides, not glob rules, so:
//!   * `[^a]` negates a class but `[!a]` is the class of `!` and `a`;
//!   * `[[:alpha:]]` is a POSIX class, `\d`, `\w`, `\s` are Perl classes,
//!     `\b` is a word boundary, `\x41` is `A`;
//!   * a `*` or `?` *inside* brackets is rewritten too, so `[*]` means
//!     "`[`, `^` or `/`, any number of times, then `]`";
//!   * `^` outside brackets anchors (so `^a*` matches `abc`), but only in a
//!     pattern that is otherwise a regexp: `^a` is an exact pattern;
//!   * `.` in `(.*/)?` and `.*` does not match a newline, `[^/]` does.
//!
//! A pattern also matches every path below a directory it matches (`docs`
//! covers `docs/a/b.md`, `a*` covers `ab/c`).
//!
//! # Several patterns, and parent directories
//!
//! Patterns apply in file order and the last one that applies wins: a plain
//! pattern is only tried while the path is not excluded, an exception (`!`)
//! only while it is. Parent directories are evaluated first, one level at a
//! time, exactly like Docker's walkers (`MatchesUsingParentResults`): a pattern
//! that matched a parent directory counts as matching every path below it, and
//! is applied again at that point of the order. So `dir` then `!dir/e*` brings
//! back `dir/e-dir/foo`, and `a/b` then `!a` still excludes `a/b/c`.
//!
//! # Walking a context ([`DockerIgnore::can_skip_dir`])
//!
//! An excluded directory is still walked when an exception could re-include
//! something inside it; such a directory reaches the context only with the
//! re-included entries. BuildKit skips an excluded directory only when every
//! exception is a plain path (after dropping a trailing `/*` or `/**`) and none
//! of them lies inside the directory; that rule is what
//! [`DockerIgnore::can_skip_dir`] implements. (The legacy builder uses the
//! same prefix test but skips the directory even when an exception has
//! wildcards, so with the legacy builder `dir` + `!**/keep` loses `dir/keep`.)
//!
//! # Which file applies ([`ignore_file_for`])
//!
//! With BuildKit, `<Dockerfile path>.dockerignore` next to the Dockerfile (for
//! `-f build/app.Dockerfile`: `build/app.Dockerfile.dockerignore`) replaces the
//! context-root `.dockerignore` when it exists; the two are never merged.
//! Otherwise `.dockerignore` at the root of the context is used. Named contexts
//! always use their own root `.dockerignore`.

use crate::TextRange;

/// Go's `bufio.MaxScanTokenSize`: a line this long (or longer) cannot be read.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// A parsed `.dockerignore` file: its patterns in file order and what Docker
/// would complain about.
///
/// Matching methods take a path relative to the context root with `/`
/// separators (as Docker's walkers produce them). The path is cleaned like Go's
/// `filepath.Clean` first (`./a//b/` is `a/b`); the context root itself (`.`
/// or an empty path) is never excluded. A leading `/` is kept, as Docker would
/// never produce one: `/a` does not match the pattern `a`.
#[derive(Clone, Debug, Default)]
pub struct DockerIgnore {
    /// The patterns in file order, one per non-blank, non-comment line (a line
    /// that Docker drops after cleaning, such as `a/../ /..`, has none).
    pub patterns: Vec<IgnorePattern>,
    /// Problems Docker would report, in line order.
    pub diagnostics: Vec<IgnoreDiagnostic>,
}

/// One pattern line of a `.dockerignore` file.
#[derive(Clone, Debug)]
pub struct IgnorePattern {
    /// The line's text in the `.dockerignore` (without surrounding white space,
    /// the BOM or the line break).
    pub range: TextRange,
    /// An exception line (`!pattern`): it re-includes what it matches.
    pub negated: bool,
    /// The pattern as Docker's matcher uses it: cleaned, without the leading
    /// `/` and without the `!` (empty for a bare `!`).
    pub pattern: String,
    compiled: Compiled,
}

/// A problem with a `.dockerignore`, tied to a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoreDiagnostic {
    /// The offending line's text (as [`IgnorePattern::range`]).
    pub range: TextRange,
    /// How Docker reacts.
    pub kind: IgnoreDiagnosticKind,
    /// A human readable explanation, starting with Docker's own error text
    /// where there is one.
    pub message: String,
    /// Index into [`DockerIgnore::patterns`] of the pattern concerned, if any.
    pub pattern: Option<usize>,
}

/// How Docker reacts to a [`IgnoreDiagnostic`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IgnoreDiagnosticKind {
    /// Docker refuses the whole file: every build that uses it fails.
    Rejected,
    /// Docker accepts the pattern, but fails ("syntax error in pattern") as
    /// soon as a path is checked against it.
    FailsWhenMatched,
    /// Docker's behaviour depends on Unicode tables this crate does not carry
    /// (a `\pL`-style class); matching is exact for ASCII and approximate
    /// otherwise.
    Approximated,
}

/// Why Docker would fail instead of deciding about a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchError {
    /// Index into [`DockerIgnore::patterns`] of the pattern at fault, if any.
    pub pattern: Option<usize>,
    /// Docker's error text, with an explanation.
    pub message: String,
}

impl std::fmt::Display for MatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MatchError {}

/// The form Docker compiles a pattern into (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// Plain string comparison.
    Exact,
    /// `literal/**`: the path starts with the text before the `**`.
    Prefix,
    /// `**literal`: the path ends with the text after the `**`.
    Suffix,
    /// A Go regular expression.
    Regexp,
}

#[derive(Clone, Debug)]
enum Compiled {
    /// Refused by Docker's `New` (a bare `!` or a malformed pattern).
    Rejected,
    Exact(String),
    Prefix(String),
    /// Bytes, because Docker slices two bytes off the pattern, which can split
    /// a character (a pattern starting with a BOM).
    Suffix(Vec<u8>),
    Regexp { source: String, program: Result<regex::Program, String> },
}

impl IgnorePattern {
    /// The form Docker compiles this pattern into; `None` when Docker rejects
    /// the pattern (see [`IgnoreDiagnosticKind::Rejected`]).
    pub fn match_kind(&self) -> Option<MatchKind> {
        match self.compiled {
            Compiled::Rejected => None,
            Compiled::Exact(_) => Some(MatchKind::Exact),
            Compiled::Prefix(_) => Some(MatchKind::Prefix),
            Compiled::Suffix(_) => Some(MatchKind::Suffix),
            Compiled::Regexp { .. } => Some(MatchKind::Regexp),
        }
    }

    /// For a [`MatchKind::Regexp`] pattern, the Go regular expression Docker
    /// builds from it (for `*.go`: `^[^/]*\.go$`), even when it fails to compile.
    pub fn docker_regexp(&self) -> Option<&str> {
        match &self.compiled {
            Compiled::Regexp { source, .. } => Some(source),
            _ => None,
        }
    }

    /// Whether the pattern, evaluated on its own, matches each prefix
    /// `path[..end]` for `end` in `ends`.
    fn match_levels(&self, path: &str, ends: &[usize]) -> Vec<bool> {
        let level = |end: usize| path.as_bytes().get(..end).unwrap_or(b"");
        match &self.compiled {
            Compiled::Rejected | Compiled::Regexp { program: Err(_), .. } => vec![false; ends.len()],
            Compiled::Exact(p) => ends.iter().map(|&e| level(e) == p.as_bytes()).collect(),
            Compiled::Prefix(p) => ends.iter().map(|&e| level(e).starts_with(p.as_bytes())).collect(),
            Compiled::Suffix(s) => ends
                .iter()
                .map(|&e| {
                    let l = level(e);
                    l.ends_with(s) || (s.first() == Some(&b'/') && l == &s[1..])
                })
                .collect(),
            Compiled::Regexp { program: Ok(p), .. } => p.match_levels(path, ends),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Exactly what Docker does, errors included.
    Docker,
    /// Rejected patterns are left out and failing ones never match.
    BestEffort,
}

impl DockerIgnore {
    /// Reads a `.dockerignore` the way Docker does. Never fails: problems end
    /// up in [`DockerIgnore::diagnostics`].
    pub fn parse(text: &str) -> DockerIgnore {
        let mut out = DockerIgnore::default();
        let base = text.as_ptr() as usize;
        let offset_of = |s: &str| s.as_ptr() as usize - base;
        for (line_no, piece) in text.split('\n').enumerate() {
            // bufio.ScanLines: the token is the line without "\n" and one "\r".
            let raw_len = piece.len();
            let mut line = piece.strip_suffix('\r').unwrap_or(piece);
            if line_no == 0 {
                line = line.strip_prefix('\u{feff}').unwrap_or(line);
            }
            let too_long = raw_len >= MAX_LINE_BYTES;
            let trimmed = line.trim();
            let range = if trimmed.is_empty() {
                TextRange::new(offset_of(piece), offset_of(piece) + piece.len())
            } else {
                TextRange::new(offset_of(trimmed), offset_of(trimmed) + trimmed.len())
            };
            if too_long {
                out.diagnostics.push(IgnoreDiagnostic {
                    range,
                    kind: IgnoreDiagnosticKind::Rejected,
                    message: format!(
                        "bufio.Scanner: token too long: this line is {raw_len} bytes; Docker cannot \
                         read a .dockerignore line of {MAX_LINE_BYTES} bytes or more, so every build \
                         with this file fails"
                    ),
                    pattern: None,
                });
            }
            if line.starts_with('#') || trimmed.is_empty() {
                continue;
            }
            let read = read_all_line(trimmed);
            let Some((negated, pattern, problem)) = new_pattern(&read) else {
                continue;
            };
            let index = out.patterns.len();
            if too_long {
                if let Some(d) = out.diagnostics.last_mut() {
                    d.pattern = Some(index);
                }
            }
            let compiled = match problem {
                Some(message) => {
                    out.diagnostics.push(IgnoreDiagnostic {
                        range,
                        kind: IgnoreDiagnosticKind::Rejected,
                        message,
                        pattern: Some(index),
                    });
                    Compiled::Rejected
                }
                None => compile_pattern(&pattern),
            };
            if let Compiled::Regexp { source, program } = &compiled {
                match program {
                    Err(e) => out.diagnostics.push(IgnoreDiagnostic {
                        range,
                        kind: IgnoreDiagnosticKind::FailsWhenMatched,
                        message: format!(
                            "syntax error in pattern: Docker accepts this pattern but turns it into the \
                             regular expression `{source}`, which Go cannot compile ({e}); every path \
                             checked against it fails the build"
                        ),
                        pattern: Some(index),
                    }),
                    Ok(p) if p.approximated => out.diagnostics.push(IgnoreDiagnostic {
                        range,
                        kind: IgnoreDiagnosticKind::Approximated,
                        message: format!(
                            "Docker turns this pattern into the regular expression `{source}`, whose \
                             Unicode class (`\\p` or `\\P`) slimfile matches exactly only for ASCII \
                             characters"
                        ),
                        pattern: Some(index),
                    }),
                    Ok(_) => {}
                }
            }
            out.patterns.push(IgnorePattern { range, negated, pattern, compiled });
        }
        out
    }

    /// True when Docker refuses this file outright (a [`IgnoreDiagnosticKind::Rejected`]
    /// diagnostic): every build that uses it fails.
    pub fn is_rejected(&self) -> bool {
        self.diagnostics.iter().any(|d| d.kind == IgnoreDiagnosticKind::Rejected)
    }

    /// Docker's exact verdict for `path`: `Ok(Some(i))` when pattern `i` decided
    /// (excluded unless `patterns[i].negated`), `Ok(None)` when no pattern
    /// applies (the path is kept), `Err` when Docker would fail instead: the
    /// file is rejected, or a pattern that fails when matched is evaluated for
    /// this path or one of its parent directories.
    pub fn check(&self, path: &str) -> Result<Option<usize>, MatchError> {
        self.evaluate(path, Mode::Docker)
    }

    /// Whether Docker leaves `path` out of the build context.
    ///
    /// Best effort when Docker would fail instead ([`DockerIgnore::check`]
    /// returns `Err`): rejected lines are left out and patterns that fail when
    /// matched never match, as if those lines were deleted.
    pub fn is_excluded(&self, path: &str) -> bool {
        self.deciding_pattern(path).is_some_and(|i| !self.patterns[i].negated)
    }

    /// Index into [`DockerIgnore::patterns`] of the pattern that decided about
    /// `path`: the last one that matched it or one of its parent directories
    /// while it was being tried. A plain pattern when the path is excluded, an
    /// exception when it was brought back; `None` when no pattern applies.
    /// Best effort like [`DockerIgnore::is_excluded`].
    pub fn deciding_pattern(&self, path: &str) -> Option<usize> {
        self.evaluate(path, Mode::BestEffort).ok().flatten()
    }

    /// True when a walker of the build context may skip the directory `dir`
    /// and everything below it: `dir` is excluded and no exception can bring
    /// back anything inside it. This is BuildKit's rule (fsutil): the directory
    /// is skipped only if every exception is a plain path (no `*`, `?`, `[`,
    /// `]`, `^` or `\` once a trailing `/*` or `/**` is dropped) and no exception
    /// lies at or below `dir`. Best effort like [`DockerIgnore::is_excluded`].
    pub fn can_skip_dir(&self, dir: &str) -> bool {
        let dir = go_clean(dir);
        if dir == "." || !self.is_excluded(&dir) {
            return false;
        }
        let exceptions: Vec<&str> = self
            .patterns
            .iter()
            .filter(|p| p.negated && !matches!(p.compiled, Compiled::Rejected))
            .map(|p| pattern_without_trailing_glob(&p.pattern))
            .collect();
        if exceptions
            .iter()
            .any(|e| e.contains(['*', '[', ']', '?', '^', '\\']))
        {
            return false;
        }
        let dir_slash = format!("{dir}/");
        !exceptions.iter().any(|e| format!("{e}/").starts_with(&dir_slash))
    }

    /// `MatchesUsingParentResults`, applied level by level the way Docker's
    /// walkers do: first the top directory, then each deeper one, then `path`.
    fn evaluate(&self, path: &str, mode: Mode) -> Result<Option<usize>, MatchError> {
        if mode == Mode::Docker {
            if let Some(d) = self.diagnostics.iter().find(|d| d.kind == IgnoreDiagnosticKind::Rejected) {
                return Err(MatchError {
                    pattern: d.pattern,
                    message: format!("Docker rejects this .dockerignore: {}", d.message),
                });
            }
        }
        let path = go_clean(path);
        if path == "." {
            return Ok(None);
        }
        // Each level ends before a '/' (Go: filepath.Dir + strings.Split), then the path.
        let mut ends: Vec<usize> = path.match_indices('/').map(|(i, _)| i).collect();
        ends.push(path.len());

        let n = self.patterns.len();
        let mut levels: Vec<Option<Vec<bool>>> = vec![None; n];
        let mut parent = vec![false; n];
        let mut current = vec![false; n];
        let mut decider = None;
        for level in 0..ends.len() {
            let mut matched = false;
            decider = None;
            for (i, p) in self.patterns.iter().enumerate() {
                let mut m = parent[i];
                // A rejected pattern is not part of Docker's matcher at all.
                if !m && p.negated == matched && !matches!(p.compiled, Compiled::Rejected) {
                    if let Compiled::Regexp { program: Err(_), .. } = p.compiled {
                        if mode == Mode::Docker {
                            return Err(MatchError {
                                pattern: Some(i),
                                message: format!(
                                    "syntax error in pattern: `{}` cannot be compiled by Docker \
                                     (checking `{}`)",
                                    p.pattern,
                                    &path[..ends[level]]
                                ),
                            });
                        }
                    }
                    m = levels[i].get_or_insert_with(|| p.match_levels(&path, &ends))[level];
                }
                current[i] = m;
                if m {
                    matched = !p.negated;
                    decider = Some(i);
                }
            }
            std::mem::swap(&mut parent, &mut current);
        }
        Ok(decider)
    }
}

/// Which ignore file applies to a build with the Dockerfile at
/// `dockerfile_path` (relative to wherever `exists` looks, normally the
/// context root): `<dockerfile_path>.dockerignore` when it exists (BuildKit's
/// Dockerfile-specific ignore file, which then replaces the root one), else
/// `.dockerignore` when it exists, else `None`.
///
/// An empty `dockerfile_path` means the default `Dockerfile`; `-` (Dockerfile
/// on stdin) has no Dockerfile-specific ignore file.
pub fn ignore_file_for(dockerfile_path: &str, exists: impl Fn(&str) -> bool) -> Option<String> {
    let dockerfile = if dockerfile_path.is_empty() { "Dockerfile" } else { dockerfile_path };
    if dockerfile != "-" {
        let specific = format!("{dockerfile}.dockerignore");
        if exists(&specific) {
            return Some(specific);
        }
    }
    exists(".dockerignore").then(|| ".dockerignore".to_string())
}

/// fsutil's `patternWithoutTrailingGlob`.
fn pattern_without_trailing_glob(p: &str) -> &str {
    let p = p.strip_suffix("/**").unwrap_or(p);
    p.strip_suffix("/*").unwrap_or(p)
}

/// `ignorefile.ReadAll` for one trimmed, non-empty, non-comment line.
fn read_all_line(trimmed: &str) -> String {
    let (invert, body) = match trimmed.strip_prefix('!') {
        Some(rest) => (true, rest.trim()),
        None => (false, trimmed),
    };
    let mut cleaned = String::new();
    if !body.is_empty() {
        cleaned = go_clean(body);
        if cleaned.len() > 1 && cleaned.starts_with('/') {
            cleaned.remove(0);
        }
    }
    if invert {
        cleaned.insert(0, '!');
    }
    cleaned
}

/// `patternmatcher.New` for one pattern: `None` when it is dropped, otherwise
/// (negated, cleaned pattern, why Docker rejects it).
fn new_pattern(read: &str) -> Option<(bool, String, Option<String>)> {
    let p = read.trim();
    if p.is_empty() {
        return None;
    }
    let p = go_clean(p);
    if let Some(rest) = p.strip_prefix('!') {
        if rest.is_empty() {
            return Some((
                true,
                String::new(),
                Some(
                    "illegal exclusion pattern: \"!\": an exception needs a pattern; Docker rejects \
                     the file, so every build with it fails"
                        .to_string(),
                ),
            ));
        }
        let problem = glob::syntax_error(rest).map(bad_pattern_message);
        return Some((true, rest.to_string(), problem));
    }
    let problem = glob::syntax_error(&p).map(bad_pattern_message);
    Some((false, p, problem))
}

fn bad_pattern_message(why: &str) -> String {
    format!("syntax error in pattern: {why}; Docker rejects the file, so every build with it fails")
}

/// Go's `filepath.Clean` on Unix.
fn go_clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let p = path.as_bytes();
    let n = p.len();
    let rooted = p[0] == b'/';
    let mut out: Vec<u8> = Vec::with_capacity(n);
    let (mut r, mut dotdot) = (0, 0);
    if rooted {
        out.push(b'/');
        r = 1;
        dotdot = 1;
    }
    while r < n {
        if p[r] == b'/' || (p[r] == b'.' && (r + 1 == n || p[r + 1] == b'/')) {
            // An empty or `.` element.
            r += 1;
        } else if p[r] == b'.' && p.get(r + 1) == Some(&b'.') && (r + 2 == n || p[r + 2] == b'/') {
            r += 2;
            if out.len() > dotdot {
                let mut w = out.len() - 1;
                while w > dotdot && out[w] != b'/' {
                    w -= 1;
                }
                out.truncate(w);
            } else if !rooted {
                if !out.is_empty() {
                    out.push(b'/');
                }
                out.extend_from_slice(b"..");
                dotdot = out.len();
            }
        } else {
            if (rooted && out.len() != 1) || (!rooted && !out.is_empty()) {
                out.push(b'/');
            }
            while r < n && p[r] != b'/' {
                out.push(p[r]);
                r += 1;
            }
        }
    }
    if out.is_empty() {
        return ".".to_string();
    }
    // Cuts only ever happen next to ASCII '/' or '.', so this is valid UTF-8.
    String::from_utf8_lossy(&out).into_owned()
}

/// `Pattern.compile` from moby/patternmatcher (Unix separator).
fn compile_pattern(cleaned: &str) -> Compiled {
    let mut reg = String::from("^");
    let mut kind = MatchKind::Exact;
    let mut chars = cleaned.chars().peekable();
    // Go's text/scanner skips a BOM at the very start.
    if chars.peek() == Some(&'\u{feff}') {
        chars.next();
    }
    let mut i = 0usize;
    while let Some(ch) = chars.next() {
        match ch {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                if chars.peek() == Some(&'/') {
                    chars.next();
                }
                if chars.peek().is_none() {
                    if kind == MatchKind::Exact {
                        kind = MatchKind::Prefix;
                    } else {
                        reg.push_str(".*");
                        kind = MatchKind::Regexp;
                    }
                } else {
                    reg.push_str("(.*/)?");
                    kind = MatchKind::Regexp;
                }
                if i == 0 {
                    kind = MatchKind::Suffix;
                }
            }
            '*' => {
                reg.push_str("[^/]*");
                kind = MatchKind::Regexp;
            }
            '?' => {
                reg.push_str("[^/]");
                kind = MatchKind::Regexp;
            }
            '.' | '+' | '(' | ')' | '|' | '{' | '}' | '$' => {
                reg.push('\\');
                reg.push(ch);
            }
            '\\' => match chars.next() {
                Some(next) => {
                    reg.push('\\');
                    reg.push(next);
                    kind = MatchKind::Regexp;
                }
                None => reg.push('\\'),
            },
            '[' | ']' => {
                reg.push(ch);
                kind = MatchKind::Regexp;
            }
            _ => reg.push(ch),
        }
        i += 1;
    }
    match kind {
        MatchKind::Exact => Compiled::Exact(cleaned.to_string()),
        MatchKind::Prefix => {
            Compiled::Prefix(cleaned.get(..cleaned.len().saturating_sub(2)).unwrap_or("").to_string())
        }
        MatchKind::Suffix => Compiled::Suffix(cleaned.as_bytes().get(2..).unwrap_or(b"").to_vec()),
        MatchKind::Regexp => {
            reg.push('$');
            let program = regex::Program::compile(&reg);
            Compiled::Regexp { source: reg, program }
        }
    }
}

/// Go's `filepath.Match` on Unix, used only for its syntax check
/// (`filepath.Match(pattern, ".")`, as Docker's `New` does).
mod glob {
    const RUNE_ERROR: u32 = 0xFFFD;

    /// Why `filepath.Match(pattern, ".")` returns `ErrBadPattern`, if it does.
    pub(super) fn syntax_error(pattern: &str) -> Option<&'static str> {
        go_match(pattern.as_bytes(), b".").err()
    }

    /// Go's `utf8.DecodeRune`: (rune, width); invalid input gives (U+FFFD, 1).
    fn decode_rune(s: &[u8]) -> (u32, usize) {
        if s.is_empty() {
            return (RUNE_ERROR, 0);
        }
        let max = s.len().min(4);
        for w in 1..=max {
            if let Ok(st) = std::str::from_utf8(&s[..w]) {
                if let Some(c) = st.chars().next() {
                    return (c as u32, w);
                }
            }
        }
        (RUNE_ERROR, 1)
    }

    fn go_match(mut pattern: &[u8], mut name: &[u8]) -> Result<bool, &'static str> {
        'pattern: while !pattern.is_empty() {
            let (star, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            if star && chunk.is_empty() {
                return Ok(!name.contains(&b'/'));
            }
            let (t, ok, err) = match_chunk(chunk, name);
            if ok && (t.is_empty() || !pattern.is_empty()) {
                name = t;
                continue;
            }
            if let Some(e) = err {
                return Err(e);
            }
            if star {
                let mut i = 0;
                while i < name.len() && name[i] != b'/' {
                    let (t, ok, err) = match_chunk(chunk, &name[i + 1..]);
                    if ok {
                        if pattern.is_empty() && !t.is_empty() {
                            i += 1;
                            continue;
                        }
                        name = t;
                        continue 'pattern;
                    }
                    if let Some(e) = err {
                        return Err(e);
                    }
                    i += 1;
                }
            }
            // Before returning false, check that the rest of the pattern is valid.
            while !pattern.is_empty() {
                let (_, chunk, rest) = scan_chunk(pattern);
                pattern = rest;
                if let (_, _, Some(e)) = match_chunk(chunk, b"") {
                    return Err(e);
                }
            }
            return Ok(false);
        }
        Ok(name.is_empty())
    }

    fn scan_chunk(pattern: &[u8]) -> (bool, &[u8], &[u8]) {
        let mut p = pattern;
        let mut star = false;
        while let [b'*', rest @ ..] = p {
            p = rest;
            star = true;
        }
        let mut in_range = false;
        let mut i = 0;
        while i < p.len() {
            match p[i] {
                b'\\' if i + 1 < p.len() => i += 1,
                b'[' => in_range = true,
                b']' => in_range = false,
                b'*' if !in_range => break,
                _ => {}
            }
            i += 1;
        }
        (star, &p[..i], &p[i..])
    }

    type ChunkResult<'a> = (&'a [u8], bool, Option<&'static str>);

    fn match_chunk<'a>(mut chunk: &[u8], mut s: &'a [u8]) -> ChunkResult<'a> {
        let mut failed = false;
        while let Some(&c) = chunk.first() {
            if !failed && s.is_empty() {
                failed = true;
            }
            match c {
                b'[' => {
                    let mut r = 0u32;
                    if !failed {
                        let (rr, n) = decode_rune(s);
                        r = rr;
                        s = &s[n..];
                    }
                    chunk = &chunk[1..];
                    let mut negated = false;
                    if chunk.first() == Some(&b'^') {
                        negated = true;
                        chunk = &chunk[1..];
                    }
                    let mut matched = false;
                    let mut nrange = 0;
                    loop {
                        if chunk.first() == Some(&b']') && nrange > 0 {
                            chunk = &chunk[1..];
                            break;
                        }
                        let (lo, rest) = match get_esc(chunk) {
                            Ok(v) => v,
                            Err(e) => return (b"", false, Some(e)),
                        };
                        chunk = rest;
                        let mut hi = lo;
                        if chunk.first() == Some(&b'-') {
                            match get_esc(&chunk[1..]) {
                                Ok((h, rest)) => {
                                    hi = h;
                                    chunk = rest;
                                }
                                Err(e) => return (b"", false, Some(e)),
                            }
                        }
                        if lo <= r && r <= hi {
                            matched = true;
                        }
                        nrange += 1;
                    }
                    if matched == negated {
                        failed = true;
                    }
                }
                b'?' => {
                    if !failed {
                        if s[0] == b'/' {
                            failed = true;
                        }
                        let (_, n) = decode_rune(s);
                        s = &s[n..];
                    }
                    chunk = &chunk[1..];
                }
                _ => {
                    if c == b'\\' {
                        chunk = &chunk[1..];
                        if chunk.is_empty() {
                            return (b"", false, Some("a trailing `\\` escapes nothing"));
                        }
                    }
                    if !failed {
                        if chunk[0] != s[0] {
                            failed = true;
                        }
                        s = &s[1..];
                    }
                    chunk = &chunk[1..];
                }
            }
        }
        if failed {
            (b"", false, None)
        } else {
            (s, true, None)
        }
    }

    fn get_esc(chunk: &[u8]) -> Result<(u32, &[u8]), &'static str> {
        match chunk.first() {
            None => return Err("a `[` character class is never closed"),
            Some(b'-') => return Err("a `-` where a class character is expected (write `\\-`)"),
            Some(b']') => return Err("a `]` where a class character is expected (`[]` is empty; write `\\]`)"),
            _ => {}
        }
        let mut chunk = chunk;
        if chunk[0] == b'\\' {
            chunk = &chunk[1..];
            if chunk.is_empty() {
                return Err("a `[` character class is never closed");
            }
        }
        let (r, n) = decode_rune(chunk);
        if r == RUNE_ERROR && n == 1 {
            return Err("invalid UTF-8 in a character class");
        }
        let rest = &chunk[n..];
        if rest.is_empty() {
            return Err("a `[` character class is never closed");
        }
        Ok((r, rest))
    }
}

/// The part of Go's `regexp` (syntax flags `Perl`: `ClassNL | OneLine | PerlX |
/// UnicodeGroups`) that Docker's compiled patterns can reach, run as a Pike
/// VM: time linear in the path for a given pattern, no backtracking, no
/// recursion on the input.
mod regex {
    use std::sync::OnceLock;

    const MAX_RUNE: u32 = 0x10FFFF;
    /// Go's `maxHeight`-style nesting limit ("expression nests too deeply").
    const MAX_NESTING: usize = 1000;

    /// Sorted, non-overlapping inclusive code point ranges.
    type Ranges = Vec<(u32, u32)>;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Look {
        BeginText,
        EndText,
        WordBoundary,
        NotWordBoundary,
    }

    #[derive(Debug)]
    enum Ast {
        Char(char),
        Class(Vec<(u32, u32)>),
        AnyNotNl,
        Look(Look),
        Concat(Vec<Ast>),
        Alt(Vec<Ast>),
        Star(Box<Ast>),
        Plus(Box<Ast>),
        Quest(Box<Ast>),
    }

    #[derive(Clone, Debug)]
    enum Inst {
        Char(char),
        Class(Box<[(u32, u32)]>),
        AnyNotNl,
        Look(Look),
        Split(usize, usize),
        Jmp(usize),
        Match,
    }

    /// A compiled regular expression.
    #[derive(Clone, Debug)]
    pub(super) struct Program {
        insts: Vec<Inst>,
        /// Uses a Unicode class that is only approximated here.
        pub(super) approximated: bool,
    }

    #[derive(Default)]
    struct Frame {
        alts: Vec<Ast>,
        items: Vec<Ast>,
    }

    impl Frame {
        fn finish(mut self) -> Ast {
            if self.alts.is_empty() {
                Ast::Concat(self.items)
            } else {
                self.alts.push(Ast::Concat(self.items));
                Ast::Alt(self.alts)
            }
        }
    }

    fn err(what: &str, expr: &str) -> String {
        format!("error parsing regexp: {what}: `{expr}`")
    }

    fn first_char(s: &str) -> Option<char> {
        s.chars().next()
    }

    impl Program {
        pub(super) fn compile(re: &str) -> Result<Program, String> {
            let mut approximated = false;
            let ast = parse(re, &mut approximated)?;
            let mut insts = Vec::new();
            emit(&ast, &mut insts);
            insts.push(Inst::Match);
            Ok(Program { insts, approximated })
        }

        /// For each `end` in `ends` (ascending char boundaries of `text`):
        /// does the expression match `text[..end]` (Go's `MatchString`)?
        pub(super) fn match_levels(&self, text: &str, ends: &[usize]) -> Vec<bool> {
            let mut results = vec![false; ends.len()];
            let mut vm = Vm {
                prog: self,
                marks: vec![usize::MAX; self.insts.len()],
                generation: 0,
                stack: Vec::new(),
            };
            let mut seeds: Vec<usize> = Vec::new();
            let mut list: Vec<usize> = Vec::new();
            let mut scratch: Vec<usize> = Vec::new();
            let mut next_end = 0;
            let mut pos = 0;
            let mut prev: Option<char> = None;
            loop {
                let next = text.get(pos..).and_then(first_char);
                // Unanchored search: a new thread may start at every position.
                seeds.push(0);
                while next_end < ends.len() && ends[next_end] <= pos {
                    if ends[next_end] == pos {
                        let ctx = Ctx { at_start: pos == 0, prev, next: None };
                        results[next_end] = vm.closure(&seeds, ctx, &mut scratch);
                    }
                    next_end += 1;
                }
                if next_end == ends.len() {
                    break;
                }
                let ctx = Ctx { at_start: pos == 0, prev, next };
                if vm.closure(&seeds, ctx, &mut list) {
                    // A match that ends here (unanchored end) also matches
                    // every longer prefix.
                    for r in &mut results[next_end..] {
                        *r = true;
                    }
                    break;
                }
                let Some(c) = next else { break };
                seeds.clear();
                for &pc in &list {
                    let ok = match &self.insts[pc] {
                        Inst::Char(x) => *x == c,
                        Inst::Class(r) => class_contains(r, c),
                        Inst::AnyNotNl => c != '\n',
                        _ => false,
                    };
                    if ok {
                        seeds.push(pc + 1);
                    }
                }
                pos += c.len_utf8();
                prev = Some(c);
            }
            results
        }
    }

    #[derive(Clone, Copy)]
    struct Ctx {
        at_start: bool,
        prev: Option<char>,
        next: Option<char>,
    }

    fn is_word(c: Option<char>) -> bool {
        c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    }

    impl Ctx {
        fn holds(&self, look: Look) -> bool {
            match look {
                Look::BeginText => self.at_start,
                Look::EndText => self.next.is_none(),
                Look::WordBoundary => is_word(self.prev) != is_word(self.next),
                Look::NotWordBoundary => is_word(self.prev) == is_word(self.next),
            }
        }
    }

    struct Vm<'p> {
        prog: &'p Program,
        marks: Vec<usize>,
        generation: usize,
        stack: Vec<usize>,
    }

    impl Vm<'_> {
        /// Follows empty transitions from `seeds`; fills `out` with the
        /// character-consuming instructions reached and reports whether `Match`
        /// was reached.
        fn closure(&mut self, seeds: &[usize], ctx: Ctx, out: &mut Vec<usize>) -> bool {
            self.generation = self.generation.wrapping_add(1);
            if self.generation == usize::MAX {
                self.marks.iter_mut().for_each(|m| *m = usize::MAX);
                self.generation = 0;
            }
            out.clear();
            let mut matched = false;
            for &s in seeds {
                self.stack.push(s);
                while let Some(pc) = self.stack.pop() {
                    if self.marks[pc] == self.generation {
                        continue;
                    }
                    self.marks[pc] = self.generation;
                    match &self.prog.insts[pc] {
                        Inst::Split(a, b) => {
                            self.stack.push(*b);
                            self.stack.push(*a);
                        }
                        Inst::Jmp(a) => self.stack.push(*a),
                        Inst::Look(l) => {
                            if ctx.holds(*l) {
                                self.stack.push(pc + 1);
                            }
                        }
                        Inst::Match => matched = true,
                        Inst::Char(_) | Inst::Class(_) | Inst::AnyNotNl => out.push(pc),
                    }
                }
            }
            matched
        }
    }

    fn class_contains(ranges: &[(u32, u32)], c: char) -> bool {
        crate::syntax::char_in_ranges(ranges, c)
    }

    /// Thompson construction. Recursion depth is bounded by the nesting limit.
    fn emit(ast: &Ast, insts: &mut Vec<Inst>) {
        match ast {
            Ast::Char(c) => insts.push(Inst::Char(*c)),
            Ast::Class(r) => insts.push(Inst::Class(r.clone().into_boxed_slice())),
            Ast::AnyNotNl => insts.push(Inst::AnyNotNl),
            Ast::Look(l) => insts.push(Inst::Look(*l)),
            Ast::Concat(items) => items.iter().for_each(|a| emit(a, insts)),
            Ast::Alt(alts) => {
                let mut jumps = Vec::new();
                for (i, a) in alts.iter().enumerate() {
                    if i + 1 < alts.len() {
                        let split = insts.len();
                        insts.push(Inst::Split(0, 0));
                        emit(a, insts);
                        jumps.push(insts.len());
                        insts.push(Inst::Jmp(0));
                        insts[split] = Inst::Split(split + 1, insts.len());
                    } else {
                        emit(a, insts);
                    }
                }
                let end = insts.len();
                for j in jumps {
                    insts[j] = Inst::Jmp(end);
                }
            }
            Ast::Star(sub) => {
                let split = insts.len();
                insts.push(Inst::Split(0, 0));
                emit(sub, insts);
                insts.push(Inst::Jmp(split));
                insts[split] = Inst::Split(split + 1, insts.len());
            }
            Ast::Plus(sub) => {
                let start = insts.len();
                emit(sub, insts);
                let after = insts.len() + 1;
                insts.push(Inst::Split(start, after));
            }
            Ast::Quest(sub) => {
                let split = insts.len();
                insts.push(Inst::Split(0, 0));
                emit(sub, insts);
                insts[split] = Inst::Split(split + 1, insts.len());
            }
        }
    }

    /// Go's `regexp/syntax.Parse` with the `Perl` flags, for the constructs a
    /// compiled Docker pattern can contain (and reporting an error where Go
    /// does).
    fn parse(re: &str, approximated: &mut bool) -> Result<Ast, String> {
        let mut stack: Vec<Frame> = vec![Frame::default()];
        let mut t = re;
        let mut last_repeat = "";
        while let Some(c) = first_char(t) {
            let before = t;
            let mut repeat = "";
            let top = stack.len() - 1;
            match c {
                '(' => {
                    if stack.len() > MAX_NESTING {
                        return Err(err("expression nests too deeply", re));
                    }
                    if t.starts_with("(?") {
                        // Unreachable from a Docker pattern: `(` is always escaped there.
                        return Err(err("flags and named groups are not supported", t));
                    }
                    stack.push(Frame::default());
                    t = &t[1..];
                }
                ')' => {
                    if stack.len() == 1 {
                        return Err(err("unexpected )", re));
                    }
                    let frame = stack.pop().unwrap_or_default();
                    let ast = frame.finish();
                    if let Some(f) = stack.last_mut() {
                        f.items.push(ast);
                    }
                    t = &t[1..];
                }
                '|' => {
                    let f = &mut stack[top];
                    let items = std::mem::take(&mut f.items);
                    f.alts.push(Ast::Concat(items));
                    t = &t[1..];
                }
                '*' | '+' | '?' => {
                    let mut after = &t[1..];
                    if after.starts_with('?') {
                        after = &after[1..]; // non-greedy: same language
                    }
                    if !last_repeat.is_empty() {
                        let op = &last_repeat[..last_repeat.len() - after.len()];
                        return Err(err("invalid nested repetition operator", op));
                    }
                    let op = &before[..before.len() - after.len()];
                    let Some(sub) = stack[top].items.pop() else {
                        return Err(err("missing argument to repetition operator", op));
                    };
                    let sub = Box::new(sub);
                    stack[top].items.push(match c {
                        '*' => Ast::Star(sub),
                        '+' => Ast::Plus(sub),
                        _ => Ast::Quest(sub),
                    });
                    repeat = before;
                    t = after;
                }
                '^' => {
                    stack[top].items.push(Ast::Look(Look::BeginText));
                    t = &t[1..];
                }
                '$' => {
                    stack[top].items.push(Ast::Look(Look::EndText));
                    t = &t[1..];
                }
                '.' => {
                    stack[top].items.push(Ast::AnyNotNl);
                    t = &t[1..];
                }
                '[' => {
                    let (ranges, rest) = parse_class(t, approximated)?;
                    stack[top].items.push(Ast::Class(ranges));
                    t = rest;
                }
                '\\' => {
                    let after_backslash = &t[1..];
                    let look = match first_char(after_backslash) {
                        Some('A') => Some(Look::BeginText),
                        Some('b') => Some(Look::WordBoundary),
                        Some('B') => Some(Look::NotWordBoundary),
                        Some('z') => Some(Look::EndText),
                        _ => None,
                    };
                    if let Some(look) = look {
                        stack[top].items.push(Ast::Look(look));
                        t = &after_backslash[1..];
                    } else if after_backslash.starts_with('C') {
                        return Err(err("invalid escape sequence", "\\C"));
                    } else if let Some(body) = after_backslash.strip_prefix('Q') {
                        let (lit, rest) = match body.find("\\E") {
                            Some(i) => (&body[..i], &body[i + 2..]),
                            None => (body, ""),
                        };
                        stack[top].items.extend(lit.chars().map(Ast::Char));
                        t = rest;
                    } else if let Some((ranges, rest)) = parse_unicode_class(t, approximated)? {
                        stack[top].items.push(Ast::Class(ranges));
                        t = rest;
                    } else if let Some((ranges, rest)) = parse_perl_class(t) {
                        stack[top].items.push(Ast::Class(ranges));
                        t = rest;
                    } else {
                        let (ch, rest) = parse_escape(t)?;
                        stack[top].items.push(Ast::Char(ch));
                        t = rest;
                    }
                }
                _ => {
                    // `{` is always escaped in Docker's patterns, so a raw `{`
                    // never starts a counted repetition here.
                    stack[top].items.push(Ast::Char(c));
                    t = &t[c.len_utf8()..];
                }
            }
            last_repeat = repeat;
        }
        if stack.len() != 1 {
            return Err(err("missing closing )", re));
        }
        Ok(stack.pop().unwrap_or_default().finish())
    }

    fn normalize(mut ranges: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
        crate::sort::sort(&mut ranges);
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (lo, hi) in ranges {
            match out.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => out.push((lo, hi)),
            }
        }
        out
    }

    fn negate(ranges: &[(u32, u32)]) -> Vec<(u32, u32)> {
        let ranges = normalize(ranges.to_vec());
        let mut out = Vec::new();
        let mut next = 0u32;
        for (lo, hi) in ranges {
            if lo > next {
                out.push((next, lo - 1));
            }
            next = hi.saturating_add(1);
        }
        if next <= MAX_RUNE {
            out.push((next, MAX_RUNE));
        }
        out
    }

    /// `[...]`, with Go's rules: `]` first is literal, `-` anywhere (PerlX),
    /// POSIX `[:name:]`, `\p`, Perl classes and escapes inside.
    fn parse_class<'a>(s: &'a str, approximated: &mut bool) -> Result<(Ranges, &'a str), String> {
        let mut t = &s[1..];
        let mut negated = false;
        if let Some(rest) = t.strip_prefix('^') {
            negated = true;
            t = rest;
        }
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        let mut first = true;
        while t.is_empty() || !t.starts_with(']') || first {
            first = false;
            if t.len() > 2 && t.starts_with("[:") {
                if let Some(i) = t[2..].find(":]") {
                    let name = &t[..i + 4];
                    match posix_class(name) {
                        Some((neg, r)) => {
                            if neg {
                                ranges.extend(negate(r));
                            } else {
                                ranges.extend_from_slice(r);
                            }
                        }
                        None => return Err(err("invalid character class range", name)),
                    }
                    t = &t[i + 4..];
                    continue;
                }
            }
            if let Some((r, rest)) = parse_unicode_class(t, approximated)? {
                ranges.extend(r);
                t = rest;
                continue;
            }
            if let Some((r, rest)) = parse_perl_class(t) {
                ranges.extend(r);
                t = rest;
                continue;
            }
            let range_start = t;
            let (lo, rest) = parse_class_char(t, s)?;
            t = rest;
            let mut hi = lo;
            let b = t.as_bytes();
            if b.len() >= 2 && b[0] == b'-' && b[1] != b']' {
                let (h, rest) = parse_class_char(&t[1..], s)?;
                t = rest;
                hi = h;
                if hi < lo {
                    let expr = &range_start[..range_start.len() - t.len()];
                    return Err(err("invalid character class range", expr));
                }
            }
            ranges.push((lo as u32, hi as u32));
        }
        t = &t[1..];
        let ranges = if negated { negate(&ranges) } else { normalize(ranges) };
        Ok((ranges, t))
    }

    fn parse_class_char<'a>(t: &'a str, whole: &str) -> Result<(char, &'a str), String> {
        match first_char(t) {
            None => Err(err("missing closing ]", whole)),
            Some('\\') => parse_escape(t),
            Some(c) => Ok((c, &t[c.len_utf8()..])),
        }
    }

    fn posix_class(name: &str) -> Option<(bool, &'static [(u32, u32)])> {
        let (negated, base) = match name.strip_prefix("[:^") {
            Some(rest) => (true, rest),
            None => (false, name.strip_prefix("[:")?),
        };
        let r: &'static [(u32, u32)] = match base.strip_suffix(":]")? {
            "alnum" => &[(0x30, 0x39), (0x41, 0x5a), (0x61, 0x7a)],
            "alpha" => &[(0x41, 0x5a), (0x61, 0x7a)],
            "ascii" => &[(0x00, 0x7f)],
            "blank" => &[(0x09, 0x09), (0x20, 0x20)],
            "cntrl" => &[(0x00, 0x1f), (0x7f, 0x7f)],
            "digit" => &[(0x30, 0x39)],
            "graph" => &[(0x21, 0x7e)],
            "lower" => &[(0x61, 0x7a)],
            "print" => &[(0x20, 0x7e)],
            "punct" => &[(0x21, 0x2f), (0x3a, 0x40), (0x5b, 0x60), (0x7b, 0x7e)],
            "space" => &[(0x09, 0x0d), (0x20, 0x20)],
            "upper" => &[(0x41, 0x5a)],
            "word" => &[(0x30, 0x39), (0x41, 0x5a), (0x5f, 0x5f), (0x61, 0x7a)],
            "xdigit" => &[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
            _ => return None,
        };
        Some((negated, r))
    }

    /// `\d \D \s \S \w \W`.
    fn parse_perl_class(t: &str) -> Option<(Vec<(u32, u32)>, &str)> {
        let rest = t.strip_prefix('\\')?;
        let c = first_char(rest)?;
        let base: &[(u32, u32)] = match c.to_ascii_lowercase() {
            'd' => &[(0x30, 0x39)],
            's' => &[(0x09, 0x0a), (0x0c, 0x0d), (0x20, 0x20)],
            'w' => &[(0x30, 0x39), (0x41, 0x5a), (0x5f, 0x5f), (0x61, 0x7a)],
            _ => return None,
        };
        if !matches!(c, 'd' | 'D' | 's' | 'S' | 'w' | 'W') {
            return None;
        }
        let ranges = if c.is_ascii_uppercase() { negate(base) } else { base.to_vec() };
        Some((ranges, &rest[1..]))
    }

    type ClassResult<'a> = Result<Option<(Ranges, &'a str)>, String>;

    /// `\pX`, `\PX` (and the `\p{Name}` form, which Docker patterns cannot
    /// produce because `{` is escaped). Only one-letter general categories
    /// (and `Any`) are known; see [`category`].
    fn parse_unicode_class<'a>(t: &'a str, approximated: &mut bool) -> ClassResult<'a> {
        let Some(rest) = t.strip_prefix("\\p").or_else(|| t.strip_prefix("\\P")) else {
            return Ok(None);
        };
        let mut negated = t.as_bytes()[1] == b'P';
        let (seq, mut name, after) = match first_char(rest) {
            Some('{') => match rest.find('}') {
                Some(end) => (&t[..3 + end], &rest[1..end], &rest[end + 1..]),
                None => return Err(err("invalid character class range", t)),
            },
            Some(c) => (&t[..2 + c.len_utf8()], &rest[..c.len_utf8()], &rest[c.len_utf8()..]),
            None => (t, "", rest),
        };
        if let Some(n) = name.strip_prefix('^') {
            negated = !negated;
            name = n;
        }
        let ranges: Vec<(u32, u32)> = if name == "Any" {
            vec![(0, MAX_RUNE)]
        } else {
            let mut chars = name.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if "CLMNPSZ".contains(c) => {
                    *approximated = true;
                    category(c).to_vec()
                }
                _ => return Err(err("invalid character class range", seq)),
            }
        };
        Ok(Some((if negated { negate(&ranges) } else { ranges }, after)))
    }

    /// A Unicode general category: exact for ASCII; for other characters as
    /// close as Rust's standard library allows (exact for `N` and `Z`, `L` is
    /// "alphabetic and not numeric", `C` only the control characters, `M`,
    /// `P` and `S` nothing). Built once per category.
    fn category(cat: char) -> &'static [(u32, u32)] {
        static TABLES: [OnceLock<Vec<(u32, u32)>>; 7] = [const { OnceLock::new() }; 7];
        let index = "CLMNPSZ".find(cat).unwrap_or(0);
        TABLES[index].get_or_init(|| {
            let mut ranges: Vec<(u32, u32)> = Vec::new();
            for c in (0..=MAX_RUNE).filter_map(char::from_u32) {
                if in_category(cat, c) {
                    let v = c as u32;
                    match ranges.last_mut() {
                        Some(last) if last.1 + 1 == v => last.1 = v,
                        _ => ranges.push((v, v)),
                    }
                }
            }
            ranges
        })
    }

    fn in_category(cat: char, c: char) -> bool {
        if c.is_ascii() {
            let b = c as u8;
            return match cat {
                'C' => b < 0x20 || b == 0x7f,
                'L' => b.is_ascii_alphabetic(),
                'N' => b.is_ascii_digit(),
                'P' => b"!\"#%&'()*,-./:;?@[\\]_{}".contains(&b),
                'S' => b"$+<=>^`|~".contains(&b),
                'Z' => b == b' ',
                _ => false,
            };
        }
        match cat {
            'C' => c.is_control(),
            'L' => c.is_alphabetic() && !c.is_numeric(),
            'N' => c.is_numeric(),
            'Z' => c.is_whitespace() && !c.is_control(),
            _ => false,
        }
    }

    fn unhex(c: char) -> Option<u32> {
        c.to_digit(16)
    }

    /// Go's `parseEscape`: one escaped character.
    fn parse_escape(s: &str) -> Result<(char, &str), String> {
        let t = &s[1..];
        let Some(c) = first_char(t) else {
            return Err(err("trailing backslash at end of expression", ""));
        };
        let mut t = &t[c.len_utf8()..];
        let invalid = |t: &str| err("invalid escape sequence", &s[..s.len() - t.len()]);
        let is_octal = |t: &str| t.as_bytes().first().is_some_and(|b| (b'0'..=b'7').contains(b));
        match c {
            '1'..='7' if !is_octal(t) => Err(invalid(t)),
            '0'..='7' => {
                let mut r = c as u32 - '0' as u32;
                for _ in 1..3 {
                    if !is_octal(t) {
                        break;
                    }
                    r = r * 8 + (t.as_bytes()[0] - b'0') as u32;
                    t = &t[1..];
                }
                Ok((char::from_u32(r).unwrap_or('\u{fffd}'), t))
            }
            'x' => {
                let Some(c1) = first_char(t) else { return Err(invalid(t)) };
                t = &t[c1.len_utf8()..];
                if c1 == '{' {
                    let mut r: u32 = 0;
                    let mut digits = 0;
                    loop {
                        let Some(d) = first_char(t) else { return Err(invalid(t)) };
                        t = &t[d.len_utf8()..];
                        if d == '}' {
                            break;
                        }
                        let Some(v) = unhex(d) else { return Err(invalid(t)) };
                        r = r * 16 + v;
                        if r > MAX_RUNE {
                            return Err(invalid(t));
                        }
                        digits += 1;
                    }
                    if digits == 0 {
                        return Err(invalid(t));
                    }
                    return Ok((char::from_u32(r).unwrap_or('\u{fffd}'), t));
                }
                let c2 = first_char(t);
                if let Some(c2) = c2 {
                    t = &t[c2.len_utf8()..];
                }
                match (unhex(c1), c2.and_then(unhex)) {
                    (Some(x), Some(y)) => Ok((char::from_u32(x * 16 + y).unwrap_or('\u{fffd}'), t)),
                    _ => Err(invalid(t)),
                }
            }
            'a' => Ok(('\u{7}', t)),
            'f' => Ok(('\u{c}', t)),
            'n' => Ok(('\n', t)),
            'r' => Ok(('\r', t)),
            't' => Ok(('\t', t)),
            'v' => Ok(('\u{b}', t)),
            c if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok((c, t)),
            _ => Err(invalid(t)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded(text: &str, path: &str) -> bool {
        let di = DockerIgnore::parse(text);
        let exact = di.check(path).map(|d| d.is_some_and(|i| !di.patterns[i].negated));
        assert_eq!(exact, Ok(di.is_excluded(path)), "check and is_excluded disagree for {text:?} {path:?}");
        di.is_excluded(path)
    }

    #[test]
    fn later_lines_win_and_exceptions_before_patterns_do_nothing() {
        assert!(excluded("!keep.go\n*.go", "keep.go"));
        assert!(!excluded("*.go\n!keep.go", "keep.go"));
        assert!(excluded("*.go\n!keep.go", "other.go"));
        assert!(excluded("*.md\n!README*.md\nREADME-secret.md", "README-secret.md"));
        assert!(!excluded("*.md\nREADME-secret.md\n!README*.md", "README-secret.md"));
        let di = DockerIgnore::parse("*.md\n!README*.md\nREADME-secret.md");
        assert_eq!(di.deciding_pattern("README-secret.md"), Some(2));
        assert_eq!(di.deciding_pattern("README.md"), Some(1));
        assert_eq!(di.deciding_pattern("a.md"), Some(0));
        assert_eq!(di.deciding_pattern("a.txt"), None);
    }

    #[test]
    fn double_star_forms() {
        assert!(excluded("**/x", "x"));
        assert!(excluded("**/x", "a/b/x"));
        assert!(!excluded("**/x", "a/bx"));
        assert!(excluded("**x", "a/bx"), "a leading ** is a plain suffix test");
        assert!(!excluded("dir/**", "dir"));
        assert!(excluded("dir/**", "dir/a/b"));
        assert!(excluded("**", "anything/at/all"));
        assert!(excluded("a**/*.txt", "abc/d/e.txt"));
        assert!(excluded("**/**/*.txt", "f.txt"));
        assert!(!excluded("**/**/*.txt2", "d/f.txt"));
        let di = DockerIgnore::parse("dir/**\n**/x\n**/**\n*.go");
        let kinds: Vec<_> = di.patterns.iter().map(|p| p.match_kind()).collect();
        use MatchKind::*;
        assert_eq!(kinds, [Some(Prefix), Some(Suffix), Some(Regexp), Some(Regexp)]);
        assert_eq!(di.patterns[2].docker_regexp(), Some("^(.*/)?.*$"));
        assert_eq!(di.patterns[3].docker_regexp(), Some("^[^/]*\\.go$"));
    }

    #[test]
    fn a_matched_directory_covers_everything_below() {
        assert!(excluded("docs", "docs/a/b.md"));
        assert!(excluded("a*", "ab/c"));
        assert!(!excluded("a*/b", "a/c/b"));
        // Exceptions work through parent directories too.
        assert!(!excluded("dir\n!dir/e*", "dir/e-dir/foo"));
        assert!(excluded("dir\n!dir/e*", "dir/f"));
        // Level by level, like Docker's walkers: `!a` never matched `a/b`.
        assert!(excluded("a/b\n!a", "a/b/c"));
        assert!(!excluded("**\n!util/docker/web", "util/docker/web/foo"));
        assert!(excluded("**\n!util/docker/web\nutil/docker/web/foo", "util/docker/web/foo"));
    }

    #[test]
    fn reading_the_file() {
        let di = DockerIgnore::parse("\u{feff}# c\n  #2\n! /a/b/\n./x//y/../z\r\n\n/\n.\n#c\n");
        let got: Vec<(bool, &str)> = di.patterns.iter().map(|p| (p.negated, p.pattern.as_str())).collect();
        assert_eq!(got, [(false, "#2"), (true, "a/b"), (false, "x/z"), (false, "/"), (false, ".")]);
        let text = "foo\n   !bar  \n";
        let di = DockerIgnore::parse(text);
        assert_eq!(di.patterns[1].range.slice(text), "!bar");
        assert!(di.diagnostics.is_empty());
        // The BOM is only dropped from the first line.
        let di = DockerIgnore::parse("\u{feff}a\n\u{feff}b");
        assert_eq!(di.patterns[0].pattern, "a");
        assert_eq!(di.patterns[1].pattern, "\u{feff}b");
        // Docker cleans twice: `a /b/..` reads as `a ` and is trimmed to `a`,
        // while after a `!` the leading space of ` b` survives.
        let di = DockerIgnore::parse("a /b/..\n!a/../ b");
        assert_eq!(di.patterns[0].pattern, "a");
        assert_eq!(di.patterns[1].pattern, " b");
        assert!(!excluded("*\n!a/../ b", " b"));
        assert!(excluded("*\n!a/../ b", "b"));
        // `.` never matches: the context root is never checked.
        assert!(!excluded(".", "a"));
        assert!(!excluded("*", "."));
        assert!(!excluded("*", ""));
    }

    #[test]
    fn bad_patterns_produce_diagnostics() {
        for bad in ["[a-", "[", "a[", "[]a]", "[-]", "[x-]", "[a-b-c]", "\\", "!", "! ", "!/", "x\n!"] {
            let di = DockerIgnore::parse(bad);
            assert!(di.is_rejected(), "{bad:?} should be rejected");
            assert!(di.check("x").is_err());
            let d = &di.diagnostics[0];
            assert_eq!(d.kind, IgnoreDiagnosticKind::Rejected);
            assert!(!d.range.slice(bad).is_empty());
        }
        let di = DockerIgnore::parse("!");
        assert!(di.diagnostics[0].message.contains("illegal exclusion pattern: \"!\""));
        // Best effort: the broken line is left out.
        let di = DockerIgnore::parse("*.log\n[a-");
        assert!(di.is_excluded("x.log"));
        assert!(di.check("x.log").is_err());
    }

    #[test]
    fn patterns_that_fail_only_when_matched() {
        let di = DockerIgnore::parse("[Local-Only]/");
        assert!(!di.is_rejected());
        assert_eq!(di.diagnostics.len(), 1);
        assert_eq!(di.diagnostics[0].kind, IgnoreDiagnosticKind::FailsWhenMatched);
        assert!(di.check("x").is_err());
        assert!(!di.is_excluded("x"));
        // An exception is only evaluated while the path is excluded.
        let di = DockerIgnore::parse("a\n![z-a]");
        assert_eq!(di.check("b"), Ok(None));
        assert!(di.check("a").is_err());
        assert!(di.check("a/c").is_err());
        assert!(DockerIgnore::parse("\\q*").check("x").is_err());
        assert!(DockerIgnore::parse("\\é*").check("x").is_err());
    }

    #[test]
    fn regexp_semantics_leak_through() {
        assert!(excluded("[!a]", "!") && excluded("[!a]", "a") && !excluded("[!a]", "b"));
        assert!(excluded("[^a]", "b") && !excluded("[^a]", "a"));
        assert!(excluded("[*]", "]") && excluded("[*]", "[]") && !excluded("[*]", "*"));
        assert!(excluded("\\d", "7") && !excluded("\\d", "d"));
        assert!(excluded("\\x41*", "AB"));
        assert!(excluded("[[:alpha:]]", "q") && !excluded("[[:alpha:]]", "1"));
        assert!(excluded("^a*", "abc"), "^ anchors in a regexp pattern");
        assert!(!excluded("^a", "a") && excluded("^a", "^a"), "but ^a is an exact pattern");
        assert!(excluded("a\\b*", "a b"), "\\b is a word boundary");
        assert!(!excluded("a\\b*", "ab"));
        assert!(!excluded("a\\bb*", "ab"), "no boundary between two letters");
        assert!(excluded("*", "a\nb"), "[^/] matches a newline");
        assert!(!excluded("**/*.txt", "a\nb/c.txt"), ". does not");
        assert!(excluded("\\pL*", "x1"));
        let di = DockerIgnore::parse("\\pL*");
        assert_eq!(di.diagnostics[0].kind, IgnoreDiagnosticKind::Approximated);
        assert!(excluded("a.|)$(}+{bc", "a.|)$(}+{bc"));
        assert!(!excluded("abc.def", "abcxdef"));
        assert!(excluded("a\\*b", "a*b") && !excluded("a\\*b", "axb"));
    }

    #[test]
    fn skipping_directories() {
        let di = DockerIgnore::parse("node_modules\ndist\n!dist/keep.txt\n!vendor/**");
        assert!(di.can_skip_dir("node_modules"));
        assert!(di.can_skip_dir("node_modules/a"));
        assert!(!di.can_skip_dir("dist"), "an exception lies inside");
        assert!(!di.can_skip_dir("src"), "not excluded");
        assert!(!di.can_skip_dir("."));
        let di = DockerIgnore::parse("node_modules\n!**/keep");
        assert!(!di.can_skip_dir("node_modules"), "a wildcard exception could point anywhere");
        assert!(!di.is_excluded("node_modules/keep"));
        let di = DockerIgnore::parse("*\n!src");
        assert!(di.can_skip_dir("target"));
        assert!(!di.can_skip_dir("src"));
    }

    #[test]
    fn which_ignore_file() {
        let files = ["build/app.Dockerfile.dockerignore", ".dockerignore", "Dockerfile2.dockerignore"];
        let exists = |p: &str| files.contains(&p);
        assert_eq!(ignore_file_for("build/app.Dockerfile", exists).as_deref(), Some("build/app.Dockerfile.dockerignore"));
        assert_eq!(ignore_file_for("Dockerfile", exists).as_deref(), Some(".dockerignore"));
        assert_eq!(ignore_file_for("Dockerfile2", exists).as_deref(), Some("Dockerfile2.dockerignore"));
        assert_eq!(ignore_file_for("-", exists).as_deref(), Some(".dockerignore"));
        assert_eq!(ignore_file_for("", |p| p == "Dockerfile.dockerignore").as_deref(), Some("Dockerfile.dockerignore"));
        assert_eq!(ignore_file_for("Dockerfile", |_| false), None);
    }

    #[test]
    fn clean_matches_go() {
        for (input, want) in [
            ("", "."),
            ("./", "."),
            ("a//b/./c/..", "a/b"),
            ("/../a", "/a"),
            ("../../a/../b", "../../b"),
            ("a/../..", ".."),
            ("/", "/"),
            ("//a//", "/a"),
            ("abc/def/../../..", ".."),
        ] {
            assert_eq!(go_clean(input), want, "{input:?}");
        }
    }

    #[test]
    fn long_lines_and_hard_inputs() {
        let long = "a".repeat(MAX_LINE_BYTES);
        let di = DockerIgnore::parse(&format!("x\n{long}\ny"));
        assert!(di.is_rejected());
        assert_eq!(di.patterns.len(), 3);
        assert!(!DockerIgnore::parse(&"a".repeat(MAX_LINE_BYTES - 1)).is_rejected());

        // Would take forever with a backtracking matcher.
        let di = DockerIgnore::parse("**/**/**/a*b*c*d*e*f*g*h*z");
        let path = vec!["abcdefgh".repeat(40); 100].join("/");
        assert!(!di.is_excluded(&path));
        assert!(di.is_excluded(&format!("{path}/abcdefghz")));
        assert!(!di.is_excluded(&format!("{path}/az")));

        let patterns = [
            "", "!", "[", "[]", "[^]", "[\\", "\\", "**", "***", "[[:", "[[:x:]]", "[a-\\d]", "\\Q*",
            "\\x", "\\x4", "\\pQ", "\\p", "(", ")", "a\0b*", "[\0-\u{10ffff}]", "?\u{feff}", "\u{feff}**",
            "\u{feff}**x", "\u{feff}a/**", "[[:^alpha:][:digit:]]", "\\17*", "\\8*", "\\Q.\\E*", "a**b**",
        ];
        let paths = ["", ".", "/", "a", "a/b", "\0", "\u{feff}", "¿**x", "a\nb", "]]]", "[[[/...", "Ω/ω"];
        for p in patterns {
            let text = format!("{p}\n!{p}\n{p}/x\n**/{p}");
            let di = DockerIgnore::parse(&text);
            for path in paths {
                let _ = di.check(path);
                let _ = di.is_excluded(path);
                let _ = di.can_skip_dir(path);
            }
        }
        assert!(excluded("\u{feff}**x", "¿**x"), "Docker slices two bytes off a BOM-prefixed suffix pattern");
    }
}
