//! Technique 5: package-manager RUNs. Consecutive package RUNs (update,
//! install, cleanup) become one RUN in the order that saves space, and each
//! install gets what keeps its layer small: `--no-install-recommends` and
//! `rm -rf /var/lib/apt/lists/*` for apt, `--no-cache` for apk,
//! `--no-cache-dir` for pip, `clean all` for yum/dnf. With `cache_mounts`,
//! BuildKit cache mounts replace the cleanup.

use super::{Doc, Proposal, State};
use crate::ast::{Args, Instruction, Keyword};
use crate::fix::Applicability;
use crate::shell::{self, ConnectorKind};

/// The commands of a RUN when it is a plain `a && b && c` list, with the
/// offset of the script in the instruction's logical line.
fn and_list(inst: &Instruction) -> Option<(shell::Script, String, usize)> {
    if inst.keyword != Keyword::Run || !inst.heredocs.is_empty() {
        return None;
    }
    let Args::Shell(w) = &inst.args else { return None };
    let text = inst.logical.text.get(w.logical.start..w.logical.end)?.to_string();
    let script = shell::parse(&text);
    let plain = script.diagnostics.is_empty()
        && script.compounds.is_empty()
        && script.blocks.len() == 1
        && !script.commands.is_empty()
        && script.pipelines.iter().all(|p| p.elements.len() == 1 && !p.negated && !p.background)
        && script
            .commands
            .iter()
            .all(|c| matches!(c.connector.kind, ConnectorKind::Start | ConnectorKind::And) && c.assignments.is_empty());
    plain.then_some((script, text, w.logical.start))
}

fn name(c: &shell::Command) -> &str {
    c.words.first().map(|w| w.value.as_str()).unwrap_or("")
}

fn sub(c: &shell::Command) -> Option<&str> {
    c.words.iter().skip(1).find(|w| !w.value.starts_with('-')).map(|w| w.value.as_str())
}

fn has(c: &shell::Command, flag: &str) -> bool {
    c.words.iter().any(|w| w.value == flag || w.value.starts_with(&format!("{flag}=")))
}

/// A cleanup command of package caches.
fn is_cache_rm(c: &shell::Command) -> bool {
    name(c) == "rm"
        && c.words.iter().skip(1).filter(|w| !w.value.starts_with('-')).all(|w| {
            let v = w.value.as_str();
            v.starts_with("/var/lib/apt/lists")
                || v.starts_with("/var/cache/apt")
                || v.starts_with("/var/cache/apk")
                || v.starts_with("/var/cache/yum")
                || v.starts_with("/var/cache/dnf")
                || v.starts_with("/root/.cache")
                || v.starts_with("/tmp/")
        })
}

/// Whether every command of a RUN is a package-manager step or a cache
/// cleanup (so merging it with its neighbours changes nothing else).
fn is_package_run(script: &shell::Script) -> bool {
    script.commands.iter().all(|c| {
        matches!(name(c), "apt-get" | "apt" | "apk" | "yum" | "dnf" | "microdnf" | "pip" | "pip3")
            || is_cache_rm(c)
    })
}

/// Whether a RUN only removes caches (it joins a group, never starts one).
fn only_cleanup(script: &shell::Script) -> bool {
    script.commands.iter().all(is_cache_rm)
}

struct RunInfo {
    idx: usize,
    /// The command text (source, continuations kept) with the edits.
    text: String,
    /// Flags as written (`--mount=...`), normalised to a sorted list.
    flags: Vec<String>,
    apt_update: bool,
    apt_install: bool,
    lists_removed: bool,
    apk_update: bool,
    apk_add: bool,
    apk_cache_removed: bool,
    yum: Option<&'static str>,
    yum_cleaned: bool,
    pip: bool,
    changed: bool,
    cleanup_only: bool,
}

fn analyse(st: &State, idx: usize, pip_env: bool) -> Option<RunInfo> {
    let inst = st.inst(idx)?;
    let (script, _text, base) = and_list(inst)?;
    if !is_package_run(&script) {
        return None;
    }
    let flags: Vec<String> = inst.flags.iter().map(|f| st.df.text(f.range).to_string()).collect();
    if flags.iter().any(|f| !f.starts_with("--mount=type=cache")) {
        return None;
    }
    let has_cache = |target: &str| flags.iter().any(|f| f.contains(&format!("target={target}")));
    let apk_cache = has_cache("/etc/apk/cache");
    let pip_cache = has_cache("/root/.cache/pip");
    let src_start = inst.args_range.start;
    let src = st.df.text(crate::TextRange::new(src_start, inst.range.end));
    if src.contains('#') {
        return None;
    }
    let mut edits: Vec<(usize, String)> = Vec::new();
    let after_word = |w: &shell::Word| inst.logical.to_source(base + w.range.end - 1) + 1;
    let mut info = RunInfo {
        idx,
        text: String::new(),
        flags,
        apt_update: false,
        apt_install: false,
        lists_removed: false,
        apk_update: false,
        apk_add: false,
        apk_cache_removed: false,
        yum: None,
        yum_cleaned: false,
        pip: false,
        changed: false,
        cleanup_only: only_cleanup(&script),
    };
    for c in &script.commands {
        let n = name(c);
        let s = sub(c);
        match (n, s) {
            ("apt-get" | "apt", Some("update")) => info.apt_update = true,
            ("apt-get" | "apt", Some("install")) => {
                info.apt_install = true;
                if !has(c, "--no-install-recommends") && !c.words.iter().any(|w| w.value.contains("Install-Recommends")) {
                    if let Some(w) = c.words.iter().find(|w| w.value == "install") {
                        edits.push((after_word(w), " --no-install-recommends".into()));
                    }
                }
            }
            ("apk", Some("update")) => info.apk_update = true,
            ("apk", Some("add")) if !has(c, "--no-cache") && !st.cache_mounts && !apk_cache => {
                info.apk_add = true;
                if let Some(w) = c.words.iter().find(|w| w.value == "add") {
                    edits.push((after_word(w), " --no-cache".into()));
                }
            }
            ("apk", Some("add")) => info.apk_add = true,
            ("yum" | "dnf" | "microdnf", Some("install")) => {
                info.yum = Some(if n == "yum" { "yum" } else if n == "dnf" { "dnf" } else { "microdnf" });
            }
            ("yum" | "dnf" | "microdnf", Some("clean")) => info.yum_cleaned = true,
            ("pip" | "pip3", Some("install")) => {
                info.pip = true;
                if !has(c, "--no-cache-dir") && !pip_env && !st.cache_mounts && !pip_cache {
                    if let Some(w) = c.words.iter().find(|w| w.value == "install") {
                        edits.push((after_word(w), " --no-cache-dir".into()));
                    }
                }
            }
            ("rm", _) => {
                if c.words.iter().any(|w| w.value.starts_with("/var/lib/apt/lists")) {
                    info.lists_removed = true;
                }
                if c.words.iter().any(|w| w.value.starts_with("/var/cache/apk")) {
                    info.apk_cache_removed = true;
                }
                if c.words.iter().any(|w| w.value.starts_with("/var/cache/yum") || w.value.starts_with("/var/cache/dnf")) {
                    info.yum_cleaned = true;
                }
            }
            _ => {}
        }
    }
    crate::sort::sort_by_key(&mut edits, |e| e.0);
    let mut out = String::new();
    let mut at = src_start;
    for (pos, ins) in &edits {
        let piece = st.df.source.get(at..*pos)?;
        out.push_str(piece);
        out.push_str(ins);
        at = *pos;
    }
    out.push_str(st.df.source.get(at..inst.range.end)?);
    info.changed = !edits.is_empty();
    info.text = out.trim_end().to_string();
    Some(info)
}

const APT_MOUNTS: [&str; 2] = [
    "--mount=type=cache,target=/var/cache/apt,sharing=locked",
    "--mount=type=cache,target=/var/lib/apt,sharing=locked",
];

pub(super) fn propose(st: &State) -> Option<Proposal> {
    // Windows images and custom shells: leave alone.
    if st.df.instructions.iter().any(|i| i.keyword == Keyword::Shell) {
        return None;
    }
    let pip_env = st
        .df
        .instructions
        .iter()
        .any(|i| i.keyword == Keyword::Env && i.logical.text.contains("PIP_NO_CACHE_DIR"));
    let mut doc = Doc::new(&st.df);
    let mut changes = Vec::new();
    let mut merged_any = false;
    for stage in 0..st.sem.stages.len() {
        let body = st.body(stage);
        let mut i = body.start;
        while i < body.end {
            let Some(first) = analyse(st, i, pip_env).filter(|f| !f.cleanup_only) else {
                i += 1;
                continue;
            };
            // Consecutive package RUNs with the same flags.
            let mut group = vec![first];
            let mut j = i + 1;
            while j < body.end {
                match analyse(st, j, pip_env) {
                    Some(next) if next.flags == group[0].flags => {
                        group.push(next);
                        j += 1;
                    }
                    _ => break,
                }
            }
            // Merge only when a RUN leaves work for another one (a lone
            // update, a later cleanup, an install whose update ran before);
            // RUNs that are each complete stay apart.
            let lone_update = |g: &RunInfo| (g.apt_update && !g.apt_install) || (g.apk_update && !g.apk_add);
            let needs_merge = group.iter().any(|g| g.cleanup_only || lone_update(g))
                || (group.iter().any(|g| g.apt_update) && group.iter().any(|g| g.apt_install && !g.apt_update));
            if !needs_merge {
                group.truncate(1);
                j = i + 1;
            }
            i = j;
            let apt_update = group.iter().any(|g| g.apt_update);
            let apt_install = group.iter().any(|g| g.apt_install);
            let lists_removed = group.iter().any(|g| g.lists_removed);
            let apk_update = group.iter().any(|g| g.apk_update);
            let apk_cache_removed = group.iter().any(|g| g.apk_cache_removed);
            let yum = group.iter().find_map(|g| g.yum);
            let yum_cleaned = group.iter().any(|g| g.yum_cleaned);
            let mut flags = group[0].flags.clone();
            let mut tail: Vec<String> = Vec::new();
            let mut head: Vec<String> = Vec::new();
            let mut what = Vec::new();
            if st.cache_mounts {
                if apt_install {
                    let mut added = false;
                    for m in APT_MOUNTS {
                        if !flags.iter().any(|f| f == m) {
                            flags.push(m.to_string());
                            added = true;
                        }
                    }
                    if added {
                        head.push("rm -f /etc/apt/apt.conf.d/docker-clean".into());
                        what.push("apt cache mounts");
                    }
                }
                if group.iter().any(|g| g.text.contains("apk add")) && !flags.iter().any(|f| f.contains("/etc/apk/cache")) && !group.iter().any(|g| g.text.contains("--no-cache")) {
                    flags.push("--mount=type=cache,target=/etc/apk/cache".into());
                    what.push("apk cache mount");
                }
                if group.iter().any(|g| g.pip) && !pip_env && !flags.iter().any(|f| f.contains("/root/.cache/pip")) && !group.iter().any(|g| g.text.contains("--no-cache-dir")) {
                    flags.push("--mount=type=cache,target=/root/.cache/pip".into());
                    what.push("pip cache mount");
                }
            } else {
                if apt_update && apt_install && !lists_removed && !flags.iter().any(|f| f.contains("target=/var/lib/apt")) {
                    tail.push("rm -rf /var/lib/apt/lists/*".into());
                    what.push("apt lists removed in the same layer");
                }
                if apk_update && !apk_cache_removed && !flags.iter().any(|f| f.contains("/var/cache/apk") || f.contains("/etc/apk/cache")) {
                    tail.push("rm -rf /var/cache/apk/*".into());
                    what.push("apk index removed in the same layer");
                }
                if let Some(y) = yum {
                    if !yum_cleaned && !flags.iter().any(|f| f.contains("/var/cache/yum") || f.contains("/var/cache/dnf")) {
                        tail.push(format!("{y} clean all"));
                        what.push("yum/dnf cache cleaned");
                    }
                }
            }
            if group.iter().any(|g| g.text.contains("--no-install-recommends") && g.changed) {
                what.push("--no-install-recommends");
            }
            if group.iter().any(|g| g.changed && (g.text.contains("--no-cache ") || g.text.ends_with("--no-cache"))) {
                what.push("apk --no-cache");
            }
            if group.iter().any(|g| g.changed && g.text.contains("--no-cache-dir")) {
                what.push("pip --no-cache-dir");
            }
            let merge = group.len() > 1;
            if merge {
                what.insert(0, "consecutive package RUNs merged");
            }
            let edited = group.iter().any(|g| g.changed);
            if !merge && !edited && tail.is_empty() && head.is_empty() && flags == group[0].flags {
                continue;
            }
            let mut parts: Vec<String> = head;
            parts.extend(group.iter().map(|g| g.text.clone()));
            parts.extend(tail);
            let flag_text: String = flags.iter().map(|f| format!("{f} ")).collect();
            let new = format!("RUN {flag_text}{}", parts.join(" && \\\n    "));
            // The first RUN takes the merged text; the others go, their
            // comment lines move above it.
            let first_idx = group[0].idx;
            doc.replace(first_idx, &new);
            let mut leads = String::new();
            for g in &group[1..] {
                if let Some(p) = doc.remove(g.idx) {
                    leads.push_str(&p.lead);
                }
            }
            if !leads.is_empty() {
                if let Some(p) = doc.pos(first_idx) {
                    doc.pieces[p].lead.push_str(&leads);
                }
            }
            merged_any |= merge;
            let line = st.inst(first_idx).map_or(0, |x| x.start_line);
            changes.push(format!("line {line}: {}", what.join(", ")));
        }
    }
    if changes.is_empty() {
        return None;
    }
    let mut caveats = Vec::new();
    if merged_any {
        caveats.push("merged RUNs share one cache entry: changing one package re-runs the whole step".to_string());
    }
    if st.cache_mounts {
        caveats.push("cache mounts need BuildKit (the default builder since Docker 23)".to_string());
    }
    if changes.iter().any(|c| c.contains("no-install-recommends")) {
        caveats.push("without recommended packages, a program that relied on one may miss it".to_string());
    }
    Some(Proposal {
        title: format!("package RUNs: {}", changes.join("; ")),
        explanation: if st.cache_mounts {
            "package caches live in BuildKit cache mounts, never in a layer, and stay warm between builds".to_string()
        } else {
            "update, install and cleanup in one layer: files deleted in a later RUN still weigh in the layer that created them".to_string()
        },
        caveats,
        applicability: Applicability::Unsafe,
        dockerfile: doc.print(),
        dockerignore: st.dockerignore.map(str::to_string),
        alternatives: Vec::new(),
    })
}
