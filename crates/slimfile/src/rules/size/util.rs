//! Helpers shared by the size rules: the commands of a RUN with the working
//! directory each runs in, paths (resolution, globs, "does this `rm` remove
//! that file"), downloads, archive extraction, cache mounts, COPY/ADD
//! sources and destinations, and the layer order of the final image.
//!
//! Paths are plain strings. A path is *rooted* when it starts with `/` or
//! with a variable (`$tmp/x`, kept literally: `"${tmp}"` is written `$tmp`);
//! rooted paths are compared exactly, others only by their last component.

use crate::ast::{Args, Instruction, Keyword};
use crate::expand::Lexer;
use crate::lint::context::RunScript;
use crate::lint::Context;
use crate::semantic::{mount_options, Base, ImageRef};
use crate::shell::{BlockKind, Command, Script, Word};
use crate::TextRange;

/// One simple command of a RUN, with where it runs.
pub struct Cmd<'a> {
    pub script: &'a RunScript,
    /// Index into `script.script.commands`.
    pub index: usize,
    pub cmd: &'a Command,
    /// The working directory (`None` when unknown: `cd "$dir"` with an
    /// unknown value).
    pub cwd: Option<&'a str>,
    /// The `cd` argument that set `cwd`, if a `cd` did (script range).
    pub cwd_origin: Option<TextRange>,
}

impl<'a> Cmd<'a> {
    /// The command's program basename.
    pub fn name(&self) -> Option<&'a str> {
        self.cmd.name()
    }

    /// A script range mapped to the file.
    pub fn src(&self, ctx: &Context, range: TextRange) -> TextRange {
        ctx.source_range(self.script, range)
    }

    /// A word's path resolved against the working directory.
    pub fn path(&self, w: &Word) -> String {
        resolve(&w.value, self.cwd)
    }
}

/// The commands of instruction `idx` (every script of a RUN, heredoc bodies
/// included), in execution order, each with its working directory. The
/// working directories are worked out once per analysis, for every RUN
/// (`command_cwds`), as some twenty rules ask for them.
pub fn commands<'a>(ctx: &'a Context, idx: usize) -> Vec<Cmd<'a>> {
    let cwds = ctx.command_cwds.get_or_init(|| all_command_cwds(ctx));
    let cwds = cwds.get(idx).map_or(&[][..], Vec::as_slice);
    let mut out = Vec::with_capacity(cwds.len());
    let mut k = 0;
    for script in ctx.scripts_of(idx) {
        for (i, c) in script.script.commands.iter().enumerate() {
            let (cwd, origin) = cwds.get(k).map_or((None, None), |(d, o)| (d.as_deref(), *o));
            k += 1;
            out.push(Cmd { script, index: i, cmd: c, cwd, cwd_origin: origin });
        }
    }
    out
}

/// For each instruction, the working directory of each command of its
/// scripts (in [`commands`] order) and the `cd` argument that set it.
fn all_command_cwds(ctx: &Context) -> Vec<Vec<(Option<String>, Option<TextRange>)>> {
    let mut all = vec![Vec::new(); ctx.df.instructions.len()];
    for (idx, slot) in all.iter_mut().enumerate() {
        if ctx.scripts_of(idx).next().is_none() {
            continue;
        }
        let initial = workdir_at(ctx, idx);
        for script in ctx.scripts_of(idx) {
            let s = &script.script;
            // Block → (cwd, origin) set by a `cd` in that block's shell scope.
            let mut overrides: Vec<Option<(Option<String>, Option<TextRange>)>> = vec![None; s.blocks.len()];
            for c in &s.commands {
                let (cwd, origin) = lookup_cwd(s, &overrides, c.block).unwrap_or((initial.clone(), None));
                if c.name() == Some("cd") {
                    let target = c.args().iter().find(|w| !w.value.starts_with('-') || w.value == "-");
                    let (new, origin) = match target {
                        None => (Some("/root".to_string()), None),
                        Some(w) if w.value == "-" => (None, Some(w.range)),
                        Some(w) => {
                            let p = resolve(&w.value, cwd.as_deref());
                            (is_rooted(&p).then_some(p), Some(w.range))
                        }
                    };
                    let scope = shell_scope(s, c.block);
                    if let Some(slot) = overrides.get_mut(scope) {
                        *slot = Some((new, origin));
                    }
                }
                slot.push((cwd, origin));
            }
        }
    }
    all
}

fn lookup_cwd(
    s: &Script,
    overrides: &[Option<(Option<String>, Option<TextRange>)>],
    mut block: usize,
) -> Option<(Option<String>, Option<TextRange>)> {
    loop {
        if let Some(Some(v)) = overrides.get(block) {
            return Some(v.clone());
        }
        block = s.blocks.get(block)?.parent?;
    }
}

/// The block whose shell a `cd` in `block` affects: the nearest enclosing
/// subshell or substitution, else the script.
fn shell_scope(s: &Script, mut block: usize) -> usize {
    loop {
        let Some(b) = s.blocks.get(block) else { return 0 };
        if matches!(
            b.kind,
            BlockKind::Subshell
                | BlockKind::CommandSubstitution
                | BlockKind::Backticks
                | BlockKind::ProcessSubstitution
        ) {
            return block;
        }
        match b.parent {
            Some(p) => block = p,
            None => return block,
        }
    }
}

/// Instructions whose layers make up the image of `stage`, in layer order
/// (the stages it is built `FROM` first). ONBUILD triggers are left out.
pub fn layer_order(ctx: &Context, stage: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for &s in ctx.sem.base_chain(stage).iter().rev() {
        let Some(st) = ctx.sem.stages.get(s) else { continue };
        out.extend(st.instructions.clone().filter(|&i| !ctx.is_onbuild(i)));
    }
    out
}

/// The final image's instructions in layer order.
pub fn final_layers(ctx: &Context) -> Vec<usize> {
    match ctx.final_chain.first() {
        Some(&t) => layer_order(ctx, t),
        None => Vec::new(),
    }
}

/// The image the final image starts from (the root of the final chain), with
/// the stage whose FROM names it.
pub fn final_root<'a>(ctx: &'a Context) -> Option<(usize, &'a Base)> {
    let s = *ctx.final_chain.last()?;
    Some((s, &ctx.sem.stages.get(s)?.base))
}

/// The image a stage ultimately starts from.
pub fn root_base<'a>(ctx: &'a Context, stage: usize) -> Option<&'a Base> {
    let chain = ctx.sem.base_chain(stage);
    Some(&ctx.sem.stages.get(*chain.last()?)?.base)
}

/// Expands a Dockerfile word (ENV/ARG in scope at `idx`); unquotes it.
pub fn expand(ctx: &Context, idx: usize, raw: &str) -> String {
    let lexer = Lexer::new(ctx.df.escape);
    // Computing the scope is linear in the file: only when needed.
    let result = if raw.contains('$') {
        lexer.process_word(raw, &ctx.sem.scope_at(ctx.df, idx))
    } else {
        lexer.process_word(raw, &())
    };
    match result {
        Ok(e) => e.value,
        Err(_) => raw.trim_matches(['"', '\'']).to_string(),
    }
}

/// The WORKDIR in effect at instruction `idx` (`/` by default); `None` when
/// it depends on something unknown (a variable the model cannot resolve).
/// Computed for every instruction in one pass on first use.
pub fn workdir_at(ctx: &Context, idx: usize) -> Option<String> {
    ctx.workdirs.get_or_init(|| all_workdirs(ctx)).get(idx).cloned().flatten()
}

/// The working directory before each instruction, following the stage chain
/// (`FROM <stage>` starts where that stage ended); ONBUILD triggers do not
/// count. An absolute WORKDIR resets it, a relative one resolves against it,
/// one that still holds a variable makes it unknown until the next absolute.
fn all_workdirs(ctx: &Context) -> Vec<Option<String>> {
    let n = ctx.df.instructions.len();
    let mut before: Vec<Option<String>> = vec![None; n];
    let mut end_of: Vec<Option<String>> = vec![None; ctx.sem.stages.len()];
    for (s, st) in ctx.sem.stages.iter().enumerate() {
        let mut state = match st.base {
            crate::semantic::Base::Stage(p) if p < s => end_of[p].clone(),
            _ => Some(normalize("/")),
        };
        for i in st.instructions.clone() {
            if let Some(slot) = before.get_mut(i) {
                *slot = state.clone();
            }
            if ctx.is_onbuild(i) {
                continue;
            }
            let Some(inst) = ctx.df.instructions.get(i) else { continue };
            if inst.keyword != Keyword::Workdir {
                continue;
            }
            let Args::Text(w) = &inst.args else { continue };
            let v = expand(ctx, i, &w.value);
            state = if v.contains('$') {
                None
            } else if v.starts_with('/') {
                Some(normalize(&v))
            } else {
                state.map(|cwd| resolve(&v, Some(&cwd)))
            };
        }
        end_of[s] = state;
    }
    before
}

/// Normalises `${name}` to `$name`, `~` and `$HOME` to `/root`.
fn canonical_vars(p: &str) -> String {
    let mut s = p.to_string();
    if s == "~" || s.starts_with("~/") {
        s = format!("/root{}", &s[1..]);
    }
    for home in ["${HOME}", "$HOME"] {
        if let Some(rest) = s.strip_prefix(home) {
            s = format!("/root{rest}");
        }
    }
    // ${name} → $name (simple names only).
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find('}') {
            Some(j) if after[..j].chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) && j > 0 => {
                out.push('$');
                out.push_str(&after[..j]);
                rest = &after[j + 1..];
            }
            _ => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Resolves a path against a working directory and normalises it (`.`, `..`,
/// duplicate and trailing slashes).
pub fn resolve(path: &str, cwd: Option<&str>) -> String {
    let p = canonical_vars(path);
    let joined = if is_rooted(&p) {
        p
    } else {
        match cwd {
            Some(c) => format!("{}/{}", c.trim_end_matches('/'), p),
            None => p,
        }
    };
    normalize(&joined)
}

/// Cleans a path: removes `.` and empty segments, applies `..`.
pub fn normalize(p: &str) -> String {
    let absolute = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let body = parts.join("/");
    if absolute {
        format!("/{body}")
    } else if body.is_empty() {
        ".".to_string()
    } else {
        body
    }
}

/// Rooted: absolute, or a variable alone or followed by `/` (`$tmp/x`; not
/// `$NAME.tar.gz`, a file name).
pub fn is_rooted(p: &str) -> bool {
    if p.starts_with('/') {
        return true;
    }
    let Some(rest) = p.strip_prefix('$') else { return false };
    let name_len = rest.chars().take_while(|c| *c == '_' || c.is_ascii_alphanumeric()).count();
    name_len > 0 && matches!(rest.as_bytes().get(name_len), None | Some(b'/'))
}

/// The last path component (of a URL too: query and fragment removed).
pub fn basename(p: &str) -> &str {
    let p = p.split(['?', '#']).next().unwrap_or(p);
    let t = p.trim_end_matches('/');
    t.rsplit('/').next().filter(|b| !b.is_empty()).unwrap_or(t)
}

/// Shell glob match of one path segment (`*`, `?`, `[...]`).
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let (mut star, mut mark) = (None::<usize>, 0usize);
    while ti < t.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some(pi);
                    mark = ti;
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                '[' => {
                    if let Some((matched, next)) = class_match(&p, pi, t[ti]) {
                        if matched {
                            pi = next;
                            ti += 1;
                            continue;
                        }
                    } else if t[ti] == '[' {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
                c if c == t[ti] => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some(s) => {
                pi = s + 1;
                mark += 1;
                ti = mark;
            }
            None => return false,
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// `[...]` at `p[start]`: whether `c` matches and the index after `]`;
/// `None` when the class is not closed.
fn class_match(p: &[char], start: usize, c: char) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negate = matches!(p.get(i), Some('!') | Some('^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    while i < p.len() {
        if p[i] == ']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|e| *e != ']') {
            if p[i] <= c && c <= p[i + 2] {
                matched = true;
            }
            i += 3;
        } else {
            if p[i] == c {
                matched = true;
            }
            i += 1;
        }
    }
    None
}

/// How a path pattern (an `rm` argument, a mount target) relates to a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cover {
    /// The pattern names the path.
    Exact,
    /// The pattern names a directory above the path.
    Parent,
    /// The pattern names something inside the path.
    Inside,
}

/// Whether `pattern` (globs allowed) names `path`, a directory above it, or
/// something inside it. Rooted paths are compared segment by segment;
/// otherwise only the last components are compared.
pub fn cover(pattern: &str, path: &str) -> Option<Cover> {
    if !(is_rooted(pattern) && is_rooted(path)) {
        return glob_match(basename(pattern), basename(path)).then_some(Cover::Exact);
    }
    let ps: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let ts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let n = ps.len().min(ts.len());
    if !ps.iter().zip(&ts).take(n).all(|(p, t)| glob_match(p, t)) {
        return None;
    }
    Some(match ps.len().cmp(&ts.len()) {
        std::cmp::Ordering::Equal => Cover::Exact,
        std::cmp::Ordering::Less => Cover::Parent,
        std::cmp::Ordering::Greater => Cover::Inside,
    })
}

/// `pattern` removes `path` (names it or a directory above it).
pub fn removes_path(pattern: &str, path: &str) -> bool {
    matches!(cover(pattern, path), Some(Cover::Exact | Cover::Parent))
}

/// The paths an `rm` command removes (resolved), with their words.
pub fn rm_targets<'a>(c: &Cmd<'a>) -> Vec<(String, &'a Word)> {
    // The php images' helper: `docker-php-source delete` removes /usr/src/php.
    if c.name() == Some("docker-php-source") {
        if let Some(w) = c.cmd.args().first().filter(|w| w.value == "delete") {
            return vec![("/usr/src/php".to_string(), w)];
        }
    }
    if c.name() != Some("rm") {
        return Vec::new();
    }
    c.cmd.positional_args(&[]).into_iter().map(|w| (c.path(w), w)).collect()
}

/// Whether a command after position `after` in `cmds` removes `path`.
pub fn removed_after(cmds: &[Cmd], after: usize, path: &str) -> bool {
    cmds.iter().skip(after + 1).any(|c| rm_targets(c).iter().any(|(p, _)| removes_path(p, path)))
}

/// Options of curl that take a value (the common ones).
const CURL_VALUE: &[&str] = &[
    "-o",
    "--output",
    "-H",
    "--header",
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-urlencode",
    "-u",
    "--user",
    "-A",
    "--user-agent",
    "-e",
    "--referer",
    "-X",
    "--request",
    "-w",
    "--write-out",
    "-C",
    "--continue-at",
    "-m",
    "--max-time",
    "-r",
    "--range",
    "-T",
    "--upload-file",
    "-x",
    "--proxy",
    "-E",
    "--cert",
    "-K",
    "--config",
    "-b",
    "--cookie",
    "-c",
    "--cookie-jar",
    "-F",
    "--form",
    "-y",
    "--speed-time",
    "-Y",
    "--speed-limit",
    "-z",
    "--time-cond",
    "--retry",
    "--retry-delay",
    "--retry-max-time",
    "--connect-timeout",
    "--proto",
    "--proto-redir",
    "--output-dir",
    "--cacert",
    "--capath",
    "--key",
    "--resolve",
    "--max-filesize",
    "--limit-rate",
    "--url",
    "--tlsv1.2",
    "--ciphers",
    "--interface",
    "--dns-servers",
    "--netrc-file",
    "--oauth2-bearer",
    "--variable",
    "--expand-url",
    "--hostpubsha256",
    "--pinnedpubkey",
    "--noproxy",
    "--proxy-user",
    "-Q",
    "--quote",
];

/// Options of wget that take a value (the common ones).
const WGET_VALUE: &[&str] = &[
    "-O",
    "--output-document",
    "-o",
    "--output-file",
    "-a",
    "--append-output",
    "-P",
    "--directory-prefix",
    "-t",
    "--tries",
    "-T",
    "--timeout",
    "-w",
    "--wait",
    "-U",
    "--user-agent",
    "--header",
    "-e",
    "--execute",
    "-i",
    "--input-file",
    "-B",
    "--base",
    "--user",
    "--password",
    "--http-user",
    "--http-password",
    "--ca-certificate",
    "--certificate",
    "--private-key",
    "-Q",
    "--quota",
    "--limit-rate",
    "--post-data",
    "--post-file",
    "-l",
    "--level",
    "--progress",
    "--bind-address",
    "--dns-timeout",
    "--connect-timeout",
    "--read-timeout",
    "--waitretry",
];

/// A file a command downloads: the resolved path and the word naming it (the
/// output file, or the URL when the name comes from it).
pub struct Download<'a> {
    pub path: String,
    pub word: &'a Word,
}

fn is_url(v: &str) -> bool {
    v.contains("://") || (v.contains('$') && v.to_ascii_lowercase().contains("url"))
}

/// The files a `curl` or `wget` command writes (not to stdout).
pub fn downloads<'a>(c: &Cmd<'a>) -> Vec<Download<'a>> {
    let args = c.cmd.args();
    let find_word = |val: &str| -> Option<&'a Word> {
        args.iter().find(|w| w.value == val).or_else(|| args.iter().find(|w| w.value.ends_with(val)))
    };
    let mut out = Vec::new();
    match c.name() {
        Some("curl") => {
            let dir = c.cmd.flag_value(&["--output-dir"], CURL_VALUE).map(|d| resolve(d, c.cwd));
            let at = |name: &str| match &dir {
                Some(d) if !is_rooted(name) => resolve(name, Some(d)),
                _ => c.path_str(name),
            };
            if let Some(o) = c.cmd.flag_value(&["-o", "--output"], CURL_VALUE) {
                if o != "-" && o != "/dev/null" {
                    if let Some(w) = find_word(o) {
                        out.push(Download { path: at(o), word: w });
                    }
                }
            } else if c.cmd.has_flag_with(&["-O", "--remote-name", "--remote-name-all"], CURL_VALUE) {
                for w in c.cmd.positional_args(CURL_VALUE) {
                    if is_url(&w.value) {
                        out.push(Download { path: at(basename(&w.value)), word: w });
                    }
                }
            }
        }
        Some("wget") => {
            if let Some(o) = c.cmd.flag_value(&["-O", "--output-document"], WGET_VALUE) {
                if o != "-" && o != "/dev/null" {
                    if let Some(w) = find_word(o) {
                        out.push(Download { path: c.path_str(o), word: w });
                    }
                }
            } else if !c.cmd.has_flag_with(&["--spider"], WGET_VALUE) {
                let dir =
                    c.cmd.flag_value(&["-P", "--directory-prefix"], WGET_VALUE).map(|d| resolve(d, c.cwd));
                for w in c.cmd.positional_args(WGET_VALUE) {
                    if is_url(&w.value) {
                        let name = basename(&w.value);
                        let path = match &dir {
                            Some(d) => resolve(name, Some(d)),
                            None => c.path_str(name),
                        };
                        out.push(Download { path, word: w });
                    }
                }
            }
        }
        _ => {}
    }
    out
}

impl Cmd<'_> {
    /// A path string resolved against the working directory.
    pub fn path_str(&self, p: &str) -> String {
        resolve(p, self.cwd)
    }
}

/// File name endings of archives.
pub const ARCHIVE_EXTS: &[&str] = &[
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz",
    ".tbz2",
    ".tar.xz",
    ".txz",
    ".tar.zst",
    ".tzst",
    ".tar.lz",
    ".tar.lzma",
    ".tlz",
    ".zip",
    ".7z",
];

pub fn is_archive(name: &str) -> bool {
    let n = basename(name).to_ascii_lowercase();
    ARCHIVE_EXTS.iter().any(|e| n.ends_with(e))
}

/// Short tar options that take a value (old-style clusters take theirs from
/// the following words, in order).
const TAR_VALUE_LETTERS: &[char] = &['f', 'C', 'T', 'X', 'b', 'K', 'N', 'g', 'L', 'V', 'F', 'H'];

/// The archive a command extracts (its resolved path and word): `tar -x
/// -f FILE` (any spelling), `unzip FILE`, `7z x FILE`. `None` for stdin.
pub fn extracted_archive<'a>(c: &Cmd<'a>) -> Option<(String, &'a Word)> {
    let args = c.cmd.args();
    match c.name()? {
        "tar" | "bsdtar" | "gtar" => {
            let mut extract = false;
            let mut file: Option<&Word> = None;
            let mut i = 0;
            while i < args.len() {
                let w = &args[i];
                let v = w.value.as_str();
                i += 1;
                if v == "--extract" || v == "--get" {
                    extract = true;
                } else if v == "--file" || v == "--directory" {
                    if v == "--file" {
                        file = args.get(i);
                    }
                    i += 1;
                } else if let Some(f) = v.strip_prefix("--file=") {
                    let _ = f;
                    file = Some(w);
                } else if v.starts_with("--") {
                } else if v.starts_with('-')
                    || (i == 1 && !v.is_empty() && v.chars().all(|ch| ch.is_ascii_alphabetic()))
                {
                    let letters: Vec<char> = v.trim_start_matches('-').chars().collect();
                    let dashed = v.starts_with('-');
                    let mut pending = 0usize;
                    for (k, ch) in letters.iter().enumerate() {
                        if *ch == 'x' {
                            extract = true;
                        }
                        if TAR_VALUE_LETTERS.contains(ch) {
                            if dashed && k + 1 < letters.len() {
                                // `-fFILE`: the rest is the value.
                                if *ch == 'f' {
                                    file = Some(w);
                                }
                                break;
                            }
                            if *ch == 'f' {
                                file = args.get(i + pending);
                            }
                            pending += 1;
                        }
                    }
                    i += pending;
                }
            }
            if !extract {
                return None;
            }
            let w = file?;
            let v = w.value.strip_prefix("--file=").unwrap_or(&w.value);
            let v = if v.starts_with('-') && v.len() > 2 && !v.starts_with("--") {
                // `-xzfFILE`
                v.find('f').map(|k| &v[k + 1..]).unwrap_or(v)
            } else {
                v
            };
            (v != "-" && !v.is_empty()).then(|| (c.path_str(v), w))
        }
        "unzip" => {
            let w = c.cmd.positional_args(&["-d", "-P", "-x"]).into_iter().next()?;
            Some((c.path(w), w))
        }
        "7z" | "7za" | "7zr" => {
            let pos = c.cmd.positional_args(&[]);
            if !matches!(pos.first().map(|w| w.value.as_str()), Some("x" | "e")) {
                return None;
            }
            let w = *pos.get(1)?;
            Some((c.path(w), w))
        }
        _ => None,
    }
}

/// A `--mount` of type cache or tmpfs on a RUN: its target.
pub fn cache_mount_targets(inst: &Instruction) -> Vec<String> {
    let mut out = Vec::new();
    for f in inst.flags.iter().filter(|f| f.name == "mount") {
        let Some(v) = &f.value else { continue };
        let opts = mount_options(v);
        let kind = opts.iter().find(|(k, _)| k == "type").map(|(_, v)| v.as_str()).unwrap_or("bind");
        if kind != "cache" && kind != "tmpfs" {
            continue;
        }
        if let Some((_, t)) = opts.iter().find(|(k, _)| k == "target" || k == "dst" || k == "destination") {
            out.push(normalize(&canonical_vars(t)));
        }
    }
    out
}

/// Whether a cache or tmpfs mount of instruction `idx` holds `path` (its
/// target is the path or a directory above it).
pub fn mounted(ctx: &Context, idx: usize, path: &str) -> bool {
    let Some(inst) = ctx.df.instructions.get(idx) else { return false };
    cache_mount_targets(inst.effective()).iter().any(|t| removes_path(t, path))
}

/// COPY/ADD: the source words and the destination word (raw values; heredoc
/// sources excluded). `None` for other instructions.
pub fn copy_parts(inst: &Instruction) -> Option<(Vec<&crate::ast::Word>, &crate::ast::Word)> {
    if !matches!(inst.keyword, Keyword::Copy | Keyword::Add) {
        return None;
    }
    let words = match &inst.args {
        Args::List(w) | Args::Exec(w) => w,
        _ => return None,
    };
    let (dest, srcs) = words.split_last()?;
    let srcs = srcs.iter().filter(|w| !w.value.starts_with("<<")).collect();
    Some((srcs, dest))
}

/// Strips the quotes BuildKit keeps in raw list words.
pub fn unquote(v: &str) -> &str {
    let b = v.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        &v[1..v.len() - 1]
    } else {
        v
    }
}

/// The paths in the image a COPY/ADD writes: for each source, the
/// destination itself (a single file, or the contents of a directory source
/// such as `.`) or `dest/<source name>` when the destination is a directory.
/// Returns (path, whole-context source) pairs.
pub fn copied_paths(ctx: &Context, idx: usize) -> Vec<(String, bool)> {
    let Some(inst) = ctx.df.instructions.get(idx).map(|i| i.effective()) else { return Vec::new() };
    let Some((srcs, dest)) = copy_parts(inst) else { return Vec::new() };
    let dest_raw = expand(ctx, idx, &dest.value);
    let cwd = workdir_at(ctx, idx);
    let dest_path = resolve(&dest_raw, cwd.as_deref());
    let dest_is_dir = dest_raw.ends_with('/') || dest_raw == "." || srcs.len() > 1;
    let mut out = Vec::new();
    for s in srcs {
        let v = expand(ctx, idx, &s.value);
        let whole = is_whole_context(&v);
        if whole || !dest_is_dir {
            out.push((dest_path.clone(), whole));
        } else {
            let name = basename(&v);
            out.push((resolve(name, Some(&dest_path)), false));
        }
    }
    out
}

/// `.`, `./`, `*`, `./*`: the whole build context.
pub fn is_whole_context(src: &str) -> bool {
    matches!(unquote(src).trim_end_matches('/'), "." | "" | "*" | "./*" | "./.")
}

/// Whether an image reference names an official image (`node`, `library/node`).
pub fn official(img: &ImageRef, name: &str) -> bool {
    img.is_official() && img.repository.strip_prefix("library/") == Some(name)
}

/// The tag of an image, `latest` when none is given.
pub fn tag(img: &ImageRef) -> &str {
    img.tag.as_deref().unwrap_or("latest")
}

/// Whether a RUN (any script) has a command matching `pred`.
pub fn any_command(ctx: &Context, idx: usize, pred: impl Fn(&Command) -> bool) -> bool {
    ctx.scripts_of(idx).any(|s| s.script.commands.iter().any(&pred))
}

/// `yarn` alone (not `yarn --version`) or `yarn install`: the word to
/// point at (the subcommand, or the program for a bare `yarn`).
pub fn yarn_install<'a>(c: &Cmd<'a>) -> Option<&'a Word> {
    if c.name() != Some("yarn") {
        return None;
    }
    match c.cmd.subcommand() {
        Some(w) if w.value == "install" => Some(w),
        Some(_) => None,
        None => (!c.cmd.has_flag(&["--version", "-v", "--help", "-h"])).then(|| c.cmd.program()).flatten(),
    }
}

/// The 1-based line of an instruction.
pub fn line_of(ctx: &Context, idx: usize) -> usize {
    ctx.df.instructions.get(idx).map(|i| i.start_line).unwrap_or(0)
}

/// The apt-get/apt/yum/dnf/microdnf/zypper/apk package arguments of an
/// install command: (manager, packages). `None` when the command is not an
/// install.
pub fn package_install<'a>(c: &Cmd<'a>) -> Option<(&'static str, Vec<&'a Word>)> {
    let name = c.name()?;
    let (mgr, subs, takes): (&'static str, &[&str], &[&str]) = match name {
        "apt-get" | "apt" => ("apt", &["install"], &["-o", "-t", "--target-release", "-c", "--config-file"]),
        "yum" | "dnf" | "microdnf" | "tdnf" => {
            ("yum", &["install"], &["--enablerepo", "--disablerepo", "--setopt", "--releasever", "-c", "--installroot"])
        }
        "zypper" => ("zypper", &["install", "in"], &["-r", "--repo"]),
        "apk" => ("apk", &["add"], &["-t", "--virtual", "-X", "--repository", "--root", "-p", "--arch"]),
        _ => return None,
    };
    let pos = c.cmd.positional_args(takes);
    let (first, rest) = pos.split_first()?;
    if !subs.contains(&first.value.as_str()) {
        return None;
    }
    Some((mgr, rest.to_vec()))
}

#[cfg(test)]
pub mod test {
    //! Test helpers.

    /// Runs the analysis and returns (range text, message) of the findings
    /// with this code.
    pub fn run(src: &str, code: &str) -> Vec<(String, String)> {
        run_with(src, None, code)
    }

    pub fn run_with(src: &str, ignore: Option<&str>, code: &str) -> Vec<(String, String)> {
        crate::rules::test_util::findings(src, ignore, code)
    }

    /// The range texts only.
    pub fn texts(src: &str, code: &str) -> Vec<String> {
        run(src, code).into_iter().map(|(t, _)| t).collect()
    }

    /// The findings with this code (full diagnostics).
    pub fn diags(src: &str, code: &str) -> Vec<crate::Diagnostic> {
        let report = crate::analyze(&crate::Input { dockerfile: src, dockerignore: None, config: None });
        report.findings.into_iter().filter(|f| f.diagnostic.code == code).map(|f| f.diagnostic).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(resolve("a/../b/./c/", Some("/x")), "/x/b/c");
        assert_eq!(resolve("${tmp}/x", None), "$tmp/x");
        assert_eq!(resolve("~/.npm", None), "/root/.npm");
        assert_eq!(resolve("$REV.tar.gz", Some("$tmp")), "$tmp/$REV.tar.gz");
        assert!(!is_rooted("$REV.tar.gz"));
        assert!(is_rooted("$tmp"));
        assert_eq!(basename("https://x.org/a/b.tar.gz?x=1"), "b.tar.gz");
        assert!(glob_match("*.tar.*", "a.tar.gz"));
        assert!(glob_match("[a-c]?", "bz"));
        assert!(!glob_match("*.zip", "a.tar"));
        assert_eq!(cover("/tmp/*", "/tmp/x/y.tgz"), Some(Cover::Parent));
        assert_eq!(cover("/var/lib/apt/lists/*", "/var/lib/apt/lists"), Some(Cover::Inside));
        assert_eq!(cover("x.tgz", "/tmp/x.tgz"), Some(Cover::Exact));
        assert_eq!(cover("/a/b", "/a/c"), None);
        assert!(is_archive("node-v20.tar.xz"));
        assert!(!is_rooted("$REV.tar.gz"));
        assert!(!is_archive("node.asc"));
    }

    #[test]
    fn workdirs_and_cwd() {
        let df = crate::parse("FROM a AS p\nWORKDIR /x\nWORKDIR y\nONBUILD WORKDIR /no\nFROM p\nWORKDIR z\nRUN cd w && (cd /s && a) && b\nARG D=/d\nWORKDIR $D\nRUN c\n");
        let cfg = crate::lint::Config::default();
        let ctx = Context::new(&df, None, &cfg);
        assert_eq!(workdir_at(&ctx, 1).as_deref(), Some("/"));
        assert_eq!(workdir_at(&ctx, 6).as_deref(), Some("/x/y/z"));
        assert_eq!(workdir_at(&ctx, 9).as_deref(), Some("/d"));
        let cwds: Vec<(String, Option<String>)> =
            commands(&ctx, 6).iter().map(|c| (c.name().unwrap_or("").to_string(), c.cwd.map(str::to_string))).collect();
        let at = |n: &str| cwds.iter().find(|(c, _)| c == n).and_then(|(_, d)| d.clone());
        assert_eq!(at("a").as_deref(), Some("/s"));
        assert_eq!(at("b").as_deref(), Some("/x/y/z/w"), "a cd in a subshell does not leak");
    }
}

/// A fix appending ` && rm -f PATH` to RUN `idx` (a plain shell-form RUN,
/// see `append_point`), for a file the RUN downloaded (`written`: its path as
/// written) and no longer needs: safe when no later instruction names the
/// file, else unsafe. `None` when the path is not plain, or is relative and
/// the RUN changes directory (the `rm` at the end would miss it).
pub fn remove_file_fix(ctx: &Context, idx: usize, written: &str, cmds: &[Cmd]) -> Option<crate::fix::Fix> {
    let path = written;
    let plain = |ch: char| ch.is_ascii_alphanumeric() || "/._-+@".contains(ch);
    if path.is_empty() || path.starts_with('-') || !path.chars().all(plain) || path.ends_with('/') {
        return None;
    }
    if !path.starts_with('/') && cmds.iter().any(|c| matches!(c.name(), Some("cd" | "pushd" | "popd"))) {
        return None;
    }
    let run = crate::rules::shell::util::runs(ctx).into_iter().find(|r| r.idx == idx)?;
    let at = crate::rules::shell::util::append_point(ctx, &run)?;
    let name = basename(path);
    let later = ctx.instructions().skip(idx + 1).any(|(_, i)| ctx.text(i.range).contains(name));
    let title = format!("add `&& rm -f {path}` at the end of this RUN");
    let edits = vec![crate::fix::Edit::insert(at, format!(" && rm -f {path}"))];
    Some(if later { crate::fix::Fix::unsafe_(title, edits) } else { crate::fix::Fix::safe(title, edits) })
}
