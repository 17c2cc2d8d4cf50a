//! Command helpers: the program behind wrappers, flags and positional args.

use super::{Command, Word};

/// Wrappers that [`Command::name`] looks through.
const WRAPPERS: &[&str] = &["sudo", "env", "command", "exec", "nohup", "time", "nice"];

/// The last path component (`apt-get` for `/usr/bin/apt-get`), as a byte
/// range of `s`.
fn basename_range(s: &str) -> (usize, usize) {
    let b = s.as_bytes();
    let mut end = b.len();
    while end > 0 && b[end - 1] == b'/' {
        end -= 1;
    }
    let start = b[..end].iter().rposition(|&c| c == b'/').map_or(0, |i| i + 1);
    if start == end {
        (0, b.len())
    } else {
        (start, end)
    }
}

/// `NAME=value` with a valid shell name.
fn is_env_assignment(s: &str) -> bool {
    match s.split_once('=') {
        Some((name, _)) => {
            let mut chars = name.chars();
            chars
                .next()
                .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
                && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        }
        None => false,
    }
}

/// Skips a wrapper's options starting at `k`; `value_flags` are the
/// single-letter options that take a separate argument.
fn skip_options(
    words: &[Word],
    mut k: usize,
    value_flags: &[u8],
    long_with_value: &[&str],
) -> usize {
    while let Some(w) = words.get(k) {
        let v = w.value.as_str();
        if v == "--" {
            return k + 1;
        }
        if !v.starts_with('-') || v == "-" {
            break;
        }
        k += 1;
        if let Some(long) = v.strip_prefix("--") {
            if !long.contains('=') && long_with_value.contains(&v) {
                k += 1;
            }
            continue;
        }
        // A cluster such as `-Eu`: a value flag consumes the rest, or the next word.
        let cluster = &v.as_bytes()[1..];
        if let Some(pos) = cluster.iter().position(|c| value_flags.contains(c)) {
            if pos + 1 == cluster.len() {
                k += 1;
            }
        }
    }
    k
}

/// One argument as seen by the option scanner.
enum Arg<'w> {
    /// `-x` inside a cluster (or alone).
    Short(char),
    /// `--name`, `--name=value` (name only) or a known single-dash long option.
    Long(&'w str),
    Positional(&'w Word),
}

impl Command {
    /// Index in [`Command::words`] of the program that actually runs, looking
    /// through `sudo [opts] [VAR=x]`, `env [opts] [VAR=x]`, `command [-p]`
    /// (but not `command -v`/`-V`, which only look a program up), `exec
    /// [-cl] [-a name]`, `nohup`, `time [-p]` and `nice [-n N]`. When a
    /// wrapper has nothing after it, the wrapper itself. `None` for a command
    /// made only of assignments or redirects.
    pub fn program_index(&self) -> Option<usize> {
        self.program.map(|(k, _, _)| k)
    }

    /// Finds [`Command::program_index`] and the name's range (the parser
    /// calls this once per command, when the command is complete).
    pub(super) fn resolve_program(&mut self) {
        self.program = self.find_program().and_then(|k| {
            let (s, e) = basename_range(&self.words.get(k)?.value);
            Some((k, s, e))
        });
    }

    fn find_program(&self) -> Option<usize> {
        let words = &self.words;
        let mut k = 0;
        loop {
            let w = words.get(k)?;
            let (s, e) = basename_range(&w.value);
            let base = &w.value[s..e];
            if !WRAPPERS.contains(&base) {
                return Some(k);
            }
            let next = match base {
                "sudo" => {
                    let mut j = skip_options(
                        words,
                        k + 1,
                        b"ughpCDrtTU",
                        &[
                            "--user",
                            "--group",
                            "--host",
                            "--prompt",
                            "--close-from",
                            "--chdir",
                            "--role",
                            "--type",
                            "--command-timeout",
                            "--other-user",
                        ],
                    );
                    while words.get(j).is_some_and(|w| is_env_assignment(&w.value)) {
                        j += 1;
                    }
                    j
                }
                "env" => {
                    if words[k + 1..].iter().any(|w| {
                        w.value == "-S"
                            || w.value.starts_with("--split-string")
                            || w.value.starts_with("-S")
                    }) {
                        return Some(k);
                    }
                    let mut j = skip_options(words, k + 1, b"uC", &["--unset", "--chdir"]);
                    while words.get(j).is_some_and(|w| is_env_assignment(&w.value)) {
                        j += 1;
                    }
                    j
                }
                "command" => {
                    let j = skip_options(words, k + 1, b"", &[]);
                    if words[k + 1..j]
                        .iter()
                        .any(|w| w.value.contains('v') || w.value.contains('V'))
                    {
                        return Some(k);
                    }
                    j
                }
                "exec" => skip_options(words, k + 1, b"a", &[]),
                "time" => skip_options(words, k + 1, b"fo", &["--format", "--output"]),
                "nice" => skip_options(words, k + 1, b"n", &["--adjustment"]),
                _ => skip_options(words, k + 1, b"", &[]), // nohup
            };
            if next >= words.len() {
                return Some(k);
            }
            k = next;
        }
    }

    /// The word of the program that runs (see [`Command::program_index`]).
    pub fn program(&self) -> Option<&Word> {
        self.words.get(self.program_index()?)
    }

    /// The program's basename: `apt-get` for `sudo /usr/bin/apt-get install`.
    /// It is the word's value as written: `$APT` for `"$APT" install`
    /// (check [`Word::has_expansion`] on [`Command::program`]).
    pub fn name(&self) -> Option<&str> {
        let (k, s, e) = self.program?;
        self.words.get(k)?.value.get(s..e)
    }

    /// The words after the program.
    pub fn args(&self) -> &[Word] {
        match self.program_index() {
            Some(k) => &self.words[k + 1..],
            None => &[],
        }
    }

    /// Walks the arguments as options and positionals. `takes_value` lists
    /// the options whose value is the next word (or the rest of a short
    /// cluster: `-oFoo`); `known` are options to match whole even if they
    /// use a single dash (`-name`).
    fn scan<'w>(
        &'w self,
        takes_value: &[&str],
        known: &[&str],
        mut visit: impl FnMut(Arg<'w>, Option<&'w str>) -> bool,
    ) {
        let args = self.args();
        let mut i = 0;
        let mut options_done = false;
        while i < args.len() {
            let w = &args[i];
            let v = w.value.as_str();
            i += 1;
            if options_done || v == "-" || !v.starts_with('-') {
                if visit(Arg::Positional(w), None) {
                    return;
                }
                continue;
            }
            if v == "--" {
                options_done = true;
                continue;
            }
            let single_long = !v.starts_with("--")
                && (known.iter().chain(takes_value).any(|k| {
                    *k == v
                        || v.strip_prefix(k)
                            .is_some_and(|r| r.starts_with('=') && k.len() > 2)
                }));
            if v.starts_with("--") || single_long {
                let (name, inline) = match v.split_once('=') {
                    Some((n, val)) => (n, Some(val)),
                    None => (v, None),
                };
                let value = match inline {
                    Some(val) => Some(val),
                    None if takes_value.contains(&name) => {
                        let next = args.get(i).map(|w| w.value.as_str());
                        i += usize::from(next.is_some());
                        next
                    }
                    None => None,
                };
                if visit(Arg::Long(name), value) {
                    return;
                }
                continue;
            }
            for (pos, c) in v.char_indices().skip(1) {
                let mut buf = [0u8; 8];
                buf[0] = b'-';
                let len = 1 + c.encode_utf8(&mut buf[1..]).len();
                let flag = std::str::from_utf8(&buf[..len]).unwrap_or("");
                if takes_value.contains(&flag) {
                    let rest = &v[pos + c.len_utf8()..];
                    let value = if rest.is_empty() {
                        let next = args.get(i).map(|w| w.value.as_str());
                        i += usize::from(next.is_some());
                        next
                    } else {
                        Some(rest)
                    };
                    if visit(Arg::Short(c), value) {
                        return;
                    }
                    break;
                }
                if visit(Arg::Short(c), None) {
                    return;
                }
            }
        }
    }

    /// True if any of `flags` is given: `-y` matches `-y`, `-qy` and `-y`
    /// after other short flags; `--yes` matches `--yes` and `--yes=...`;
    /// a single-dash long option such as `-name` matches only whole. Options
    /// after `--` are positionals. This variant assumes no option takes a
    /// separate value; see [`Command::has_flag_with`].
    pub fn has_flag(&self, flags: &[&str]) -> bool {
        self.has_flag_with(flags, &[])
    }

    /// [`Command::has_flag`] knowing which options take a value (so that
    /// `-o -y` or `-oFoo` are read correctly).
    pub fn has_flag_with(&self, flags: &[&str], takes_value: &[&str]) -> bool {
        let mut found = false;
        self.scan(takes_value, flags, |arg, _| {
            found = matches_flag(&arg, flags);
            found
        });
        found
    }

    /// The value of the first of `flags` given (`--opt=value`, `--opt value`
    /// when `--opt` is in `takes_value`, `-oValue`, `-o value`). Flags must
    /// also be listed in `takes_value` to read a separate value word.
    pub fn flag_value(&self, flags: &[&str], takes_value: &[&str]) -> Option<&str> {
        let mut out = None;
        self.scan(takes_value, flags, |arg, value| {
            if matches_flag(&arg, flags) {
                out = value;
                return true;
            }
            false
        });
        out
    }

    /// The arguments that are not options nor option values, in order, with
    /// their ranges: for `apt-get install -y --no-install-recommends curl=7.*
    /// git` that is `install`, `curl=7.*`, `git`. `takes_value` lists the
    /// options that consume the next word (`-o`, `--target-release`, ...).
    pub fn positional_args(&self, takes_value: &[&str]) -> Vec<&Word> {
        let mut out = Vec::new();
        self.scan(takes_value, &[], |arg, _| {
            if let Arg::Positional(w) = arg {
                out.push(w);
            }
            false
        });
        out
    }

    /// The first positional argument (`install` in `apt-get -y install x`),
    /// assuming no option before it takes a separate value; otherwise use
    /// `positional_args(takes_value).first()`.
    pub fn subcommand(&self) -> Option<&Word> {
        let mut out = None;
        self.scan(&[], &[], |arg, _| {
            if let Arg::Positional(w) = arg {
                out = Some(w);
                return true;
            }
            false
        });
        out
    }
}

fn matches_flag(arg: &Arg<'_>, flags: &[&str]) -> bool {
    match arg {
        Arg::Short(c) => flags.iter().any(|f| {
            let mut it = f.chars();
            it.next() == Some('-') && it.next() == Some(*c) && it.next().is_none()
        }),
        Arg::Long(name) => flags.contains(name),
        Arg::Positional(_) => false,
    }
}
