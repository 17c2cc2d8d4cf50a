//! Helpers shared by the RUN-command rules: walking every RUN's commands,
//! cache mounts, ranges, variable expansion, stage questions.

use crate::ast::{Args, Instruction, Keyword};
use crate::expand::{variable_refs, Lexer};
use crate::lint::context::RunScript;
use crate::lint::Context;
use crate::semantic::{mount_options, Scope};
use crate::shell::{Command, Word};
use crate::TextRange;

/// One RUN instruction (ONBUILD RUN included) with its scripts.
pub(crate) struct Run<'a> {
    pub idx: usize,
    pub inst: &'a Instruction,
    pub onbuild: bool,
    pub scripts: Vec<&'a RunScript>,
}

impl<'a> Run<'a> {
    /// Every simple command of every script, with its script.
    pub fn commands(&self) -> impl Iterator<Item = (&'a RunScript, usize, &'a Command)> + '_ {
        self.scripts.iter().flat_map(|s| s.script.commands.iter().enumerate().map(move |(i, c)| (*s, i, c)))
    }

    /// The commands whose program (see `Command::name`) is one of `names`.
    pub fn named<'n>(&'n self, names: &'n [&'n str]) -> impl Iterator<Item = (&'a RunScript, usize, &'a Command)> + 'n {
        self.commands().filter(move |(_, _, c)| c.name().is_some_and(|n| names.contains(&n)))
    }

    /// Whether a `--mount=type=cache|tmpfs` covers `dir` (see [`covers`]).
    pub fn mounts_cache(&self, dir: &str) -> bool {
        cache_mount_targets(self.inst).iter().any(|t| covers(t, dir))
    }
}

/// Every RUN (and ONBUILD RUN) with its scripts, in source order.
pub(crate) fn runs<'a>(ctx: &'a Context) -> Vec<Run<'a>> {
    let mut out: Vec<Run<'a>> = Vec::new();
    for (idx, inst) in ctx.instructions() {
        if inst.keyword != Keyword::Run {
            continue;
        }
        out.push(Run { idx, inst, onbuild: ctx.is_onbuild(idx), scripts: ctx.scripts_of(idx).collect() });
    }
    out
}

/// The targets of the instruction's cache and tmpfs mounts.
pub(crate) fn cache_mount_targets(inst: &Instruction) -> Vec<String> {
    let mut out = Vec::new();
    for f in inst.flags.iter().filter(|f| f.name == "mount") {
        let Some(spec) = &f.value else { continue };
        let opts = mount_options(spec);
        let ty = opts.iter().find(|(k, _)| k == "type").map(|(_, v)| v.as_str()).unwrap_or("bind");
        if ty != "cache" && ty != "tmpfs" {
            continue;
        }
        if let Some((_, t)) = opts.iter().find(|(k, _)| k == "target" || k == "dst" || k == "destination") {
            out.push(t.clone());
        }
    }
    out
}

/// A mount at `target` keeps `dir` out of the layer: `dir` is the target or
/// inside it, or (as hadolint accepts) the target is inside `dir`.
pub(crate) fn covers(target: &str, dir: &str) -> bool {
    let t = target.trim_end_matches('/');
    let d = dir.trim_end_matches('/');
    if t.is_empty() {
        return false;
    }
    let within = |a: &str, b: &str| a == b || a.strip_prefix(b).is_some_and(|r| r.starts_with('/'));
    within(d, t) || within(t, d)
}

/// A shell word's range in the file.
pub(crate) fn word_range(ctx: &Context, script: &RunScript, word: &Word) -> TextRange {
    ctx.source_range(script, word.range)
}

/// From the command's program word to the end of `last` (`apt-get install`).
pub(crate) fn span(ctx: &Context, script: &RunScript, cmd: &Command, last: &Word) -> TextRange {
    let start = cmd.program().map_or(last.range.start, |p| p.range.start.min(last.range.start));
    ctx.source_range(script, TextRange::new(start, last.range.end.max(start)))
}

/// The program word's range.
pub(crate) fn program_range(ctx: &Context, script: &RunScript, cmd: &Command) -> TextRange {
    match cmd.program() {
        Some(p) => ctx.source_range(script, p.range),
        None => ctx.source_range(script, cmd.range),
    }
}

/// The variables an instruction sees. Before any FROM (an invalid file that
/// hadolint still checks) the ARG and ENV instructions above it count.
pub(crate) fn scope(ctx: &Context, idx: usize) -> Scope {
    if ctx.stage_of(idx).is_none() {
        return ctx.sem.loose_scope_at(idx);
    }
    ctx.sem.scope_at(ctx.df, idx)
}

/// The word's value with Dockerfile variables that are set substituted
/// (`git-core-${version}` with `ENV version=2.5` → `git-core-2.5`). A word
/// referring to an unset variable (or a shell-only one) is kept as written.
pub(crate) fn expanded_value(ctx: &Context, idx: usize, word: &Word) -> String {
    if !word.has_expansion || !word.value.contains('$') {
        return word.value.clone();
    }
    let refs = variable_refs(&word.value, '\\');
    if refs.is_empty() {
        return word.value.clone();
    }
    let mut scope = scope(ctx, idx);
    // Like hadolint, a build arg declared in another stage counts with its
    // default (the version is meant to come from the build arg).
    for r in &refs {
        if scope.get_var(&r.name).is_none() {
            if let Some(v) = ctx.sem.arg_default_before(&r.name, idx) {
                scope.vars.push(v.clone());
            }
        }
    }
    if refs.iter().any(|r| r.name.is_empty() || scope.get_var(&r.name).and_then(|v| v.value.as_ref()).is_none()) {
        return word.value.clone();
    }
    match Lexer::new('\\').process_word(&word.value, &scope) {
        Ok(e) => e.value,
        Err(_) => word.value.clone(),
    }
}

/// Whether the instruction's layer ends up in the built image, as hadolint
/// decides it for DL3009/DL3060: an ONBUILD trigger always (it runs in the
/// image built from this one), an instruction before any FROM always, else
/// when its stage is the target or a stage the target is built FROM.
pub(crate) fn ships(ctx: &Context, idx: usize) -> bool {
    if ctx.is_onbuild(idx) {
        return true;
    }
    match ctx.stage_of(idx) {
        None => true,
        Some(s) => ctx.final_chain.contains(&s),
    }
}

/// Whether the RUN's shell is a POSIX shell (no SHELL instruction in its
/// stage, or one naming sh/bash/dash/ash/zsh/ksh): fixes that add shell
/// syntax are only offered then.
pub(crate) fn posix_shell(ctx: &Context, idx: usize) -> bool {
    let Some(shell) = ctx.sem.shell_before(idx) else { return true };
    match &ctx.df.instructions[shell].effective().args {
        Args::Exec(words) => words.first().is_some_and(|w| {
            let base = w.value.rsplit('/').next().unwrap_or("");
            ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"].contains(&base)
        }),
        _ => false,
    }
}

/// The first positional argument of a command (its subcommand), reading
/// `takes_value` options as taking the next word.
pub(crate) fn subcommand<'c>(cmd: &'c Command, takes_value: &[&str]) -> Option<&'c Word> {
    cmd.positional_args(takes_value).into_iter().next()
}

/// The positionals after the subcommand.
pub(crate) fn operands<'c>(cmd: &'c Command, takes_value: &[&str]) -> Vec<&'c Word> {
    cmd.positional_args(takes_value).into_iter().skip(1).collect()
}

/// DL3030 (yum) and DL3038 (dnf, microdnf): an install subcommand of these
/// programs without `-y`; the fix inserts ` -y` after the subcommand.
pub(crate) fn check_rpm_yes(ctx: &Context, out: &mut Vec<crate::lint::Violation>, programs: &[&str], installs: &[&str]) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.named(programs) {
            let Some(sub) = has_operand(cmd, programs, installs, RPM_VALUE_OPTS) else { continue };
            if cmd.has_flag_with(&["-y", "--assumeyes"], RPM_VALUE_OPTS) {
                continue;
            }
            let program = cmd.name().unwrap_or(programs.first().copied().unwrap_or("dnf"));
            let at = ctx.source_range(script, sub.range).end;
            out.push(
                crate::lint::Violation::new(span(ctx, script, cmd, sub), format!("`{program} {}` without `-y`", sub.value))
                    .note("the build cannot answer the confirmation prompt: the install is aborted")
                    .with_fix(crate::fix::Fix::safe("add `-y`", vec![crate::fix::Edit::insert(at, " -y")])),
            );
        }
    }
}

/// DL3033 (yum) and DL3041 (dnf, microdnf): packages without a version and
/// modules without a stream in `install` commands of these programs.
pub(crate) fn check_rpm_pins(ctx: &Context, out: &mut Vec<crate::lint::Violation>, programs: &[&str]) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.named(programs) {
            let Some((packages, modules)) = rpm_install_args(cmd, programs) else { continue };
            for w in packages {
                report_unpinned(
                    ctx,
                    run.idx,
                    script,
                    w,
                    rpm_version_fixed,
                    "unpinned packages make builds unreproducible: each build takes whatever the repository has",
                    "pin the version: `{name}-<version>`",
                    out,
                );
            }
            for w in modules {
                if expanded_value(ctx, run.idx, w).contains(':') {
                    continue;
                }
                out.push(
                    crate::lint::Violation::new(word_range(ctx, script, w), format!("module `{}` is installed without a stream", w.value))
                        .note("without a stream the module's default stream is taken, which changes between releases")
                        .fix_title(format!("name the stream: `{}:<stream>`", w.value)),
                );
            }
        }
    }
}



/// Options of apt-get that take a value word.
pub(crate) const APT_GET_VALUE_OPTS: &[&str] =
    &["-o", "--option", "-c", "--config-file", "-t", "--target-release", "--default-release", "-a", "--host-architecture"];

/// `apt-get install` commands, with their `install` word.
pub(crate) fn apt_get_installs<'a>(run: &Run<'a>) -> Vec<(&'a RunScript, usize, &'a Command, &'a Word)> {
    run.named(&["apt-get"])
        .filter_map(|(s, i, c)| {
            let sub = subcommand(c, APT_GET_VALUE_OPTS)?;
            (sub.value == "install").then_some((s, i, c, sub))
        })
        .collect()
}

/// Whether a `--mount=type=cache|tmpfs` target is `dir` or inside it.
pub(crate) fn mounts_under(inst: &Instruction, dir: &str) -> bool {
    let d = dir.trim_end_matches('/');
    cache_mount_targets(inst).iter().any(|t| {
        let t = t.trim_end_matches('/');
        t == d || t.strip_prefix(d).is_some_and(|r| r.starts_with('/'))
    })
}

/// Where text can be appended to a plain shell-form RUN so that it runs
/// last (`... && more`): right after the last code byte of the command. `None`
/// when that is not certain: heredocs, exec form, a non-POSIX SHELL, shell
/// syntax problems, a trailing `;`, `&` or comment.
pub(crate) fn append_point(ctx: &Context, run: &Run) -> Option<usize> {
    if !run.inst.heredocs.is_empty() || !posix_shell(ctx, run.idx) {
        return None;
    }
    let Args::Shell(_) = &run.inst.args else { return None };
    let [script] = run.scripts.as_slice() else { return None };
    let s = &script.script;
    if !s.diagnostics.is_empty() {
        return None;
    }
    let block = s.blocks.first()?;
    let last = s.pipelines.get(*block.pipelines.last()?)?;
    if last.background {
        return None;
    }
    let trimmed = script.text.trim_end();
    if last.range.end != trimmed.len() || trimmed.is_empty() {
        return None;
    }
    let end = ctx.source_range(script, TextRange::new(trimmed.len() - 1, trimmed.len())).end;
    Some(end)
}

/// A safe fix appending `tail` (` && yum clean all`) at the end of RUN
/// instruction `idx`, when [`append_point`] finds a certain place for it.
pub(crate) fn append_fix(ctx: &Context, idx: usize, tail: &str) -> Option<crate::fix::Fix> {
    let run = runs(ctx).into_iter().find(|r| r.idx == idx)?;
    let at = append_point(ctx, &run)?;
    let title = format!("add `{}` at the end of this RUN", tail.trim_start());
    Some(crate::fix::Fix::safe(title, vec![crate::fix::Edit::insert(at, tail.to_string())]))
}

/// The file's line break: `\r\n` when its first line ends so, else `\n`
/// (inserted lines follow the file's style).
pub(crate) fn line_break(ctx: &Context) -> &'static str {
    match ctx.df.source.find('\n') {
        Some(i) if ctx.df.source[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// Attaches [`append_fix`] when there is one, else the fix title alone.
pub(crate) fn with_append_fix(v: crate::lint::Violation, ctx: &Context, idx: usize, tail: &str) -> crate::lint::Violation {
    match append_fix(ctx, idx, tail) {
        Some(fix) => v.with_fix(fix),
        None => v.fix_title(format!("add `{}` at the end of this RUN", tail.trim_start())),
    }
}

/// The last RUN that runs one of `programs`: a RUN after instruction `idx`
/// does exactly when this is after `idx` (rules compute it once, not per
/// RUN).
pub(crate) fn last_run_using(ctx: &Context, programs: &[&str]) -> Option<usize> {
    ctx.df.instructions.iter().enumerate().rev().find_map(|(i, outer)| {
        let inst = outer.effective();
        (inst.keyword == Keyword::Run
            && Run { idx: i, inst, onbuild: ctx.is_onbuild(i), scripts: ctx.scripts_of(i).collect() }
                .named(programs)
                .next()
                .is_some())
        .then_some(i)
    })
}

/// The values of every `-o`/`--option` given to an apt command.
pub(crate) fn apt_options(cmd: &Command) -> Vec<String> {
    let mut out = Vec::new();
    let args = cmd.args();
    let mut i = 0;
    while let Some(w) = args.get(i) {
        let v = w.value.as_str();
        i += 1;
        if v == "--" {
            break;
        }
        if v == "-o" || v == "--option" {
            if let Some(n) = args.get(i) {
                out.push(n.value.clone());
                i += 1;
            }
        } else if let Some(rest) = v.strip_prefix("--option=") {
            out.push(rest.to_string());
        } else if let Some(rest) = v.strip_prefix("-o").filter(|_| !v.starts_with("--")) {
            out.push(rest.to_string());
        }
    }
    out
}

/// Whether an apt `-o Key=value` option sets `key` (case-insensitive) to a
/// value apt reads as true (`want`) or false (`!want`).
pub(crate) fn apt_option_is(cmd: &Command, key: &str, want: bool) -> bool {
    apt_options(cmd).iter().any(|o| {
        let Some((k, v)) = o.split_once('=') else { return false };
        let v = v.trim_matches(|c| c == '"' || c == '\'').to_ascii_lowercase();
        let truthy = matches!(v.as_str(), "1" | "true" | "yes" | "on" | "with" | "enable");
        let falsy = matches!(v.as_str(), "0" | "false" | "no" | "off" | "without" | "disable");
        k.trim().eq_ignore_ascii_case(key) && if want { truthy } else { falsy }
    })
}

/// Options of apk that take a value word.
pub(crate) const APK_VALUE_OPTS: &[&str] = &[
    "-X",
    "--repository",
    "-t",
    "--virtual",
    "-p",
    "--root",
    "--keys-dir",
    "--arch",
    "--cache-dir",
    "--repositories-file",
    "--cache-max-age",
    "--timeout",
];

/// `apk add` commands, with their `add` word.
pub(crate) fn apk_adds<'a>(run: &Run<'a>) -> Vec<(&'a RunScript, usize, &'a Command, &'a Word)> {
    run.named(&["apk"])
        .filter_map(|(s, i, c)| {
            let sub = subcommand(c, APK_VALUE_OPTS)?;
            (sub.value == "add").then_some((s, i, c, sub))
        })
        .collect()
}

/// Arguments read as options and operands.
pub(crate) struct ParsedArgs<'w> {
    pub operands: Vec<&'w Word>,
    /// `(name, value)`: `--name`, `-x` (one per letter of a cluster), or a
    /// single-dash long option listed in `takes_value`/`known` (`-nv`).
    pub options: Vec<(String, Option<String>)>,
}

impl ParsedArgs<'_> {
    pub fn has(&self, names: &[&str]) -> bool {
        self.options.iter().any(|(n, _)| names.contains(&n.as_str()))
    }
    pub fn value(&self, names: &[&str]) -> Option<&str> {
        self.options.iter().find(|(n, _)| names.contains(&n.as_str())).and_then(|(_, v)| v.as_deref())
    }
}

/// Reads `words` as options and operands. `takes_value` options consume the
/// next word (or the rest of a short cluster); `known` lists single-dash
/// long options (`-nv`, `-tool`) read whole. After `--` everything is an
/// operand.
pub(crate) fn parse_args<'w>(words: &'w [Word], takes_value: &[&str], known: &[&str]) -> ParsedArgs<'w> {
    let mut out = ParsedArgs { operands: Vec::new(), options: Vec::new() };
    let mut i = 0;
    let mut done = false;
    while let Some(w) = words.get(i) {
        let v = w.value.as_str();
        i += 1;
        if done || v == "-" || !v.starts_with('-') {
            out.operands.push(w);
            continue;
        }
        if v == "--" {
            done = true;
            continue;
        }
        let (name, inline) = v.split_once('=').map_or((v, None), |(n, val)| (n, Some(val.to_string())));
        let whole = v.starts_with("--") || known.contains(&name) || (name.len() > 2 && takes_value.contains(&name));
        if whole {
            let value = match inline {
                Some(val) => Some(val),
                None if takes_value.contains(&name) => {
                    let next = words.get(i).map(|w| w.value.clone());
                    i += usize::from(next.is_some());
                    next
                }
                None => None,
            };
            out.options.push((name.to_string(), value));
            continue;
        }
        for (pos, c) in v.char_indices().skip(1) {
            let mut flag = String::with_capacity(1 + c.len_utf8());
            flag.push('-');
            flag.push(c);
            if takes_value.contains(&flag.as_str()) {
                let rest = &v[pos + c.len_utf8()..];
                let value = if rest.is_empty() {
                    let next = words.get(i).map(|w| w.value.clone());
                    i += usize::from(next.is_some());
                    next
                } else {
                    Some(rest.trim_start_matches('=').to_string())
                };
                out.options.push((flag, value));
                break;
            }
            out.options.push((flag, None));
        }
    }
    out
}

/// A pip (or pipx) `install` command: its `install` word and the words
/// after the program.
pub(crate) struct PipInstall<'a> {
    pub script: &'a RunScript,
    pub index: usize,
    pub cmd: &'a Command,
    pub install: &'a Word,
    /// The words after the pip program (`install ...`).
    pub args: &'a [Word],
}

/// Options of pip/pipx install that take a value word.
pub(crate) const PIP_VALUE_OPTS: &[&str] = &[
    "-b", "--build", "-e", "--editable", "--extra-index-url", "-f", "--find-links", "-i", "--index-url",
    "--implementation", "--no-binary", "--only-binary", "--platform", "--prefix", "--progress-bar", "--proxy",
    "--python-version", "--root", "--src", "-t", "--target", "--trusted-host", "--upgrade-strategy", "--abi", "-c",
    "--constraint", "-r", "--requirement", "--root-user-action", "--python", "--cache-dir", "--log", "--timeout",
    "--retries", "--exists-action", "--cert", "--client-cert", "--global-option", "--install-option",
    "--config-settings", "-C", "--report", "--index", "--pip-args", "--suffix", "--spec", "--log-file",
];

fn is_pip_name(name: &str) -> bool {
    name.strip_prefix("pip").is_some_and(|r| r.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

fn is_python_name(name: &str) -> bool {
    name.strip_prefix("python").is_some_and(|r| r.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// Every `pip install` (`pip3`, `pip3.12`, `python -m pip`; `pipx install`
/// when `with_pipx`).
pub(crate) fn pip_installs<'a>(run: &Run<'a>, with_pipx: bool) -> Vec<PipInstall<'a>> {
    let mut out = Vec::new();
    for (script, index, cmd) in run.commands() {
        let Some(name) = cmd.name() else { continue };
        let args: &'a [Word] = if is_pip_name(name) || (with_pipx && name == "pipx") {
            cmd.args()
        } else if is_python_name(name) {
            // python [-opts] -m pip ...
            let a = cmd.args();
            let Some(k) = a.windows(2).position(|w| w[0].value == "-m" && w[1].value == "pip") else { continue };
            if a[..k].iter().any(|w| !w.value.starts_with('-')) {
                continue;
            }
            &a[k + 2..]
        } else {
            continue;
        };
        let parsed = parse_args(args, PIP_VALUE_OPTS, &[]);
        let Some(install) = parsed.operands.first().copied() else { continue };
        if install.value != "install" {
            continue;
        }
        out.push(PipInstall { script, index, cmd, install, args });
    }
    out
}

/// The last command for which `install` returns a word (the subcommand to
/// point at) when no command after it satisfies `clean`: the install whose
/// cache is left behind. Commands are taken in execution order (scripts in
/// order, commands in source order).
pub(crate) fn unclean_install<'a>(
    run: &Run<'a>,
    install: impl Fn(&'a Command) -> Option<&'a Word>,
    clean: impl Fn(&'a Command) -> bool,
) -> Option<(&'a RunScript, &'a Command, &'a Word)> {
    let mut last = None;
    for (script, _, cmd) in run.commands() {
        if let Some(w) = install(cmd) {
            last = Some((script, cmd, w));
        } else if clean(cmd) {
            last = None;
        }
    }
    last
}

/// `rm` of a path under `dir` (`rm -rf /var/cache/yum/*`).
pub(crate) fn removes(cmd: &Command, dir: &str) -> bool {
    cmd.name() == Some("rm") && cmd.positional_args(&[]).iter().any(|w| covers(&w.value.replace("/*", ""), dir))
}

/// Options of yum/dnf/microdnf that take a value word.
pub(crate) const RPM_VALUE_OPTS: &[&str] = &[
    "-c", "--config", "--installroot", "--releasever", "--setopt", "--enablerepo", "--disablerepo", "-x", "--exclude",
    "--repo", "--repoid", "--downloaddir", "--destdir", "-d", "--debuglevel", "-e", "--errorlevel", "--rpmverbosity",
    "--forcearch", "--color", "--advisory", "--bz", "--cve", "--sec-severity", "--comment", "--use-host-config",
];

/// Options of zypper that take a value word.
pub(crate) const ZYPPER_VALUE_OPTS: &[&str] = &[
    "-c", "--config", "-R", "--root", "-r", "--repo", "--from", "-t", "--type", "-D", "--reposd-dir", "-C",
    "--cache-dir", "--raw-cache-dir", "--solv-cache-dir", "--pkg-cache-dir", "-p", "--plus-repo", "--download",
];

/// The operands of a command (see [`parse_args`]).
pub(crate) fn operand_words<'c>(cmd: &'c Command, takes_value: &[&str]) -> Vec<&'c Word> {
    parse_args(cmd.args(), takes_value, &[]).operands
}

/// The first operand of `cmd` (run by one of `programs`) that is one of `subs`.
pub(crate) fn has_operand<'c>(cmd: &'c Command, programs: &[&str], subs: &[&str], takes_value: &[&str]) -> Option<&'c Word> {
    if !cmd.name().is_some_and(|n| programs.contains(&n)) {
        return None;
    }
    operand_words(cmd, takes_value).into_iter().find(|w| subs.contains(&w.value.as_str()))
}

/// The rpm-family packages of an install: `(packages, modules)`; groups
/// (`group install`, `groupinstall`, `@group`) are neither.
pub(crate) fn rpm_install_args<'c>(cmd: &'c Command, programs: &[&str]) -> Option<(Vec<&'c Word>, Vec<&'c Word>)> {
    if !cmd.name().is_some_and(|n| programs.contains(&n)) {
        return None;
    }
    let ops = operand_words(cmd, RPM_VALUE_OPTS);
    let first = ops.first()?;
    match first.value.as_str() {
        "install" | "in" => Some((ops[1..].iter().copied().filter(|w| !w.value.starts_with('@')).collect(), Vec::new())),
        "module" if ops.get(1).is_some_and(|w| w.value == "install") => Some((Vec::new(), ops[2..].to_vec())),
        _ => None,
    }
}

/// dnf's test for a versioned package: `name-version[-release]`, where the
/// part after the first dash is made of version characters and has a part
/// starting with a digit; `.rpm` files always count.
pub(crate) fn rpm_version_fixed(package: &str) -> bool {
    if package.ends_with(".rpm") {
        return true;
    }
    let mut parts = package.split('-');
    parts.next();
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        return false;
    }
    let valid = |c: char| c.is_ascii_alphanumeric() || ".~^_:+".contains(c);
    rest.iter().all(|p| p.chars().all(valid)) && rest.iter().any(|p| p.starts_with(|c: char| c.is_ascii_digit()))
}

/// The package names a package word stands for: its value; with Dockerfile
/// variables in scope expanded (`$DEPS` set by `ENV DEPS="a b"` gives `a`
/// and `b`). A word that is only a variable the Dockerfile does not set (a
/// shell variable) gives nothing: what it installs is unknown. A word with
/// an unset variable inside (`git-core-${version}`) is taken as written, as
/// hadolint does.
pub(crate) fn package_names(ctx: &Context, idx: usize, word: &Word) -> Vec<String> {
    let value = expanded_value(ctx, idx, word);
    if !word.has_expansion || !word.value.contains('$') {
        return vec![value];
    }
    if value != word.value {
        return value.split_whitespace().map(str::to_string).collect();
    }
    let refs = variable_refs(&word.value, '\\');
    let whole = refs.len() == 1 && refs[0].range.start == 0 && refs[0].range.end == word.value.len();
    if whole {
        Vec::new()
    } else {
        vec![value]
    }
}

/// "`x` is installed without a pinned version", naming the variable the
/// package came from when it differs from the word.
/// Reports every package `word` names (after Dockerfile variables are
/// expanded) that `pinned` does not accept: the shared body of the
/// version-pinning rules. `fix` is the fix title with `{name}` for the
/// package.
#[allow(clippy::too_many_arguments)]
pub(crate) fn report_unpinned(
    ctx: &Context,
    idx: usize,
    script: &RunScript,
    word: &Word,
    pinned: impl Fn(&str) -> bool,
    note: &str,
    fix: &str,
    out: &mut Vec<crate::lint::Violation>,
) {
    for name in &package_names(ctx, idx, word) {
        if pinned(name) {
            continue;
        }
        out.push(
            crate::lint::Violation::new(word_range(ctx, script, word), unpinned_message(name, word))
                .note(note)
                .fix_title(fix.replace("{name}", name)),
        );
    }
}

pub(crate) fn unpinned_message(name: &str, word: &Word) -> String {
    if name == word.value {
        format!("`{name}` is installed without a pinned version")
    } else {
        format!("`{name}` (from `{}`) is installed without a pinned version", word.value)
    }
}

#[cfg(test)]
pub(crate) mod test {
    use crate::{analyze, Input};

    /// `(range text, message, fix applied or None)` of every finding of `code`.
    pub fn findings(src: &str, code: &str) -> Vec<(String, String, Option<String>)> {
        let report = analyze(&Input { dockerfile: src, dockerignore: None, config: None });
        report
            .findings
            .iter()
            .filter(|f| f.diagnostic.code == code)
            .map(|f| {
                let d = &f.diagnostic;
                (d.range.slice(src).to_string(), d.message.clone(), d.fix.as_ref().and_then(|x| x.apply(src)))
            })
            .collect()
    }

    /// Odd RUN lines (unterminated quotes, lone flags, heredocs, unicode,
    /// ONBUILD, exec form) through every rule: no panic, and every fix
    /// applies.
    #[test]
    fn odd_runs_never_panic() {
        let heads = ["RUN ", "ONBUILD RUN ", "RUN --mount=type=cache,target= ", "RUN [\"sh\", \"-c\", \"a | b\"] ", "SHELL [\"pwsh\"]\nRUN "];
        let bodies = [
            "", "apt-get", "apt-get install", "apt-get -o", "apt-get install -t", "apt-get update; ", "apt-get update &",
            "apt update && apt", "pip install -r", "pip", "python -m pip", "python -m", "pip install \"é=1\" ü",
            "npm install @", "npm i @s", "gem i -- x", "gem install --x", "yum module install", "dnf -y",
            "zypper", "zypper -n", "useradd -u", "useradd -lu", "wget -", "go run", "go install -o", "ln /bin/sh",
            "set -o pipefail | x", "apk add --virtual", "apk add -X", "yarn install && yarn cache", "echo 'unterminated",
            "$(apt-get install x", "a | b | c", "<<EOF\napt-get update\nEOF", "bash <<EOF\npip install x\nEOF",
            "apt-get install ${A:-x} $B", "\\\n", "é | ü", "apt-get install x=\u{1F600}",
        ];
        for h in heads {
            for b in bodies {
                for tail in ["", "\n", " \\\n  # c\n  && rm -rf /var/lib/apt/lists/*\n"] {
                    let src = format!("FROM a AS b\n{h}{b}{tail}\nFROM b\n{h}{b}{tail}");
                    let report = crate::analyze(&crate::Input { dockerfile: &src, dockerignore: None, config: None });
                    for f in &report.findings {
                        if let Some(fix) = &f.diagnostic.fix {
                            assert!(fix.apply(&src).is_some(), "{} fix does not apply to {src:?}", f.diagnostic.code);
                        }
                    }
                }
            }
        }
    }

    /// The range texts of every finding of `code`.
    pub fn ranges(src: &str, code: &str) -> Vec<String> {
        findings(src, code).into_iter().map(|f| f.0).collect()
    }
}
