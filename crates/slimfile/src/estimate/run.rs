//! RUN layers: package managers, language installs, caches, downloads and
//! source builds, from the shell model of the RUN's scripts.

use super::figures::*;
use super::{Confidence, Env, Size};
use crate::shell::{Command, Script};
use crate::sizedata::{self, BasePackages, DocExcludes, PackageDb, PackageSet};

/// A command of the RUN with its program name.
type Named<'a> = (&'a Command, Option<&'a str>);

/// One contribution to a layer.
struct Part {
    unc: f64,
    comp: f64,
    low: f64,
    high: f64,
    conf: Confidence,
    text: String,
    /// False when this part's size cannot be known (package data not
    /// loaded): the whole layer is then unknown.
    known: bool,
}

impl Part {
    fn unknown(text: String) -> Part {
        Part {
            unc: 0.0,
            comp: 0.0,
            low: 0.0,
            high: 0.0,
            conf: Confidence::Low,
            text,
            known: false,
        }
    }
}

/// Records a Debian suite whose package data a layer needs and that is not
/// loaded, and the layer part it leaves unknown.
fn debian_data_missing(what: &str, suite: &'static str, env: &mut Env, parts: &mut Vec<Part>) {
    if !env.needed_missing.contains(&suite) {
        env.needed_missing.push(suite);
    }
    parts.push(Part::unknown(format!(
        "{what}: size unknown while the Debian {suite} package data is not loaded (it loads on demand)"
    )));
}

/// `unc` uncompressed bytes in `[unc_lo, unc_hi]`, compressed with `ratio`
/// in `[r_lo, r_hi]`.
#[allow(clippy::too_many_arguments)]
fn part(
    text: String,
    unc: f64,
    unc_lo: f64,
    unc_hi: f64,
    ratio: f64,
    r_lo: f64,
    r_hi: f64,
    conf: Confidence,
) -> Part {
    Part {
        unc,
        comp: unc * ratio,
        low: unc_lo * r_lo,
        high: unc_hi * r_hi,
        conf,
        text,
        known: true,
    }
}

/// Installed sizes in explanations: MB (10^6 bytes) like every other size
/// slimfile shows, one decimal.
fn mb1(b: f64) -> String {
    format!("{} MB", crate::numfmt::fixed(if b > 0.0 { b / MB } else { 0.0 }, 1))
}

fn mbs(b: f64) -> String {
    format!("{} MB", crate::numfmt::fixed(if b > 0.0 { b / MB } else { 0.0 }, 0))
}

const APT_TAKES: &[&str] = &[
    "-o",
    "--option",
    "-c",
    "--config-file",
    "-t",
    "--target-release",
    "-a",
    "--host-architecture",
];
const APK_TAKES: &[&str] = &[
    "-t",
    "--virtual",
    "-X",
    "--repository",
    "--root",
    "-p",
    "--arch",
    "--cache-dir",
    "--keys-dir",
    "--repositories-file",
];
const PIP_TAKES: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-t",
    "--target",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--prefix",
    "--root",
    "--platform",
    "--python-version",
];
const DNF_TAKES: &[&str] = &[
    "--setopt",
    "--enablerepo",
    "--disablerepo",
    "--repo",
    "--releasever",
    "--installroot",
    "-x",
    "--exclude",
];

/// The package names among `words`: literal words that are not options, and
/// words that are exactly one variable reference (`$PHPIZE_DEPS`,
/// `${DEPS}`) whose value the Dockerfile sets (ENV/ARG with a value), split
/// on whitespace. Other words with an expansion are counted as dynamic.
fn literal_names(words: &[&crate::shell::Word], vars: &Vars) -> (Vec<String>, usize) {
    let mut names = Vec::new();
    let mut dynamic = 0;
    for w in words {
        if w.has_expansion {
            let v = w.value.as_str();
            let var = v
                .strip_prefix("${")
                .and_then(|r| r.strip_suffix('}'))
                .or_else(|| v.strip_prefix('$'))
                .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            match var.and_then(vars) {
                Some(value) => names.extend(
                    value
                        .split_whitespace()
                        .filter(|t| !t.starts_with('-') && !t.contains('$'))
                        .map(str::to_string),
                ),
                None => dynamic += 1,
            }
        } else if !w.value.starts_with('-') && !w.value.is_empty() {
            names.push(w.value.clone());
        }
    }
    (names, dynamic)
}

/// The value of a variable set by the Dockerfile where the RUN is.
pub(crate) type Vars<'a> = dyn Fn(&str) -> Option<String> + 'a;

fn args_mention(cmd: &Command, needle: &str) -> bool {
    cmd.args().iter().any(|w| w.value.contains(needle))
}

/// Estimates one RUN from its scripts (`texts` are their sources).
/// `cache_mount`: the RUN has a `--mount=type=cache` (caches stay out of the
/// layer).
pub(crate) fn estimate_run(
    scripts: &[&Script],
    texts: &[&str],
    cache_mount: bool,
    vars: &Vars,
    env: &mut Env,
) -> Size {
    // Each command with its program name, computed once (a name is a walk
    // over the words: wrappers, assignments, paths).
    let cmds: Vec<Named> = scripts
        .iter()
        .flat_map(|s| s.commands.iter())
        .map(|c| (c, c.name()))
        .collect();
    let cleanups: Vec<&Command> = cmds
        .iter()
        .filter(|(_, n)| matches!(n, Some("rm" | "find")))
        .map(|&(c, _)| c)
        .collect();
    let all_text = texts.join("\n");
    if all_text.contains("Install-Recommends")
        && (all_text.contains("\"false\"") || all_text.contains("\"0\""))
    {
        env.apt_no_recommends = true;
    }
    let removes = |needle: &str| cleanups.iter().any(|c| args_mention(c, needle));
    let mut parts: Vec<Part> = Vec::new();
    apt(
        &cmds,
        vars,
        removes("/var/lib/apt/lists"),
        removes("/var/cache/apt"),
        env,
        &mut parts,
    );
    apk(
        &cmds,
        vars,
        removes("/var/cache/apk") || cache_mount,
        env,
        &mut parts,
    );
    languages(&cmds, cache_mount, &removes, vars, env, &mut parts);
    let mut out = Size {
        compressed_bytes: 0,
        uncompressed_bytes: 0,
        low_bytes: 0,
        high_bytes: 0,
        confidence: Confidence::High,
        explanation: String::new(),
        known: true,
    };
    if parts.is_empty() {
        let programs: Vec<&str> = cmds.iter().filter_map(|&(_, n)| n).take(4).collect();
        out.high_bytes = OTHER_HIGH as u64;
        out.confidence = Confidence::Medium;
        out.explanation = if programs.is_empty() {
            "RUN: no command to size".into()
        } else {
            format!("RUN {}: no size model; assumed ≤1 MB", programs.join(", "))
        };
        return out;
    }
    if parts.iter().any(|p| !p.known) {
        let texts: Vec<&str> = parts.iter().map(|p| p.text.as_str()).collect();
        return Size::unknown(texts.join("; "));
    }
    let (mut u, mut c, mut lo, mut hi) = (0.0, 0.0, 0.0, 0.0);
    let mut conf = Confidence::High;
    let mut texts = Vec::new();
    for p in &parts {
        u += p.unc;
        c += p.comp;
        lo += p.low;
        hi += p.high;
        conf = conf.min(p.conf);
        texts.push(p.text.as_str());
    }
    out.uncompressed_bytes = u.max(0.0).round() as u64;
    out.compressed_bytes = c.max(0.0).round() as u64;
    out.low_bytes = lo.max(0.0).floor() as u64;
    out.high_bytes = hi.max(0.0).ceil() as u64;
    out.confidence = conf;
    out.explanation = texts.join("; ");
    out
}

/// The Debian database and installed set for apt, falling back to bookworm's
/// minbase for a base without package data; `Err(suite)` when the suite's
/// package data is not loaded.
fn debian_state(env: &mut Env) -> Result<(bool, &'static PackageDb), &'static str> {
    if let Some(BasePackages::Debian {
        installed,
        approximate,
        ..
    }) = &env.packages
    {
        return Ok((*approximate, installed.db()));
    }
    if let Some(suite) = env.debian_missing {
        return Err(suite);
    }
    let db = sizedata::debian_packages("bookworm").ok_or("bookworm")?;
    // Only a base without package data takes the assumed set; an Alpine
    // base keeps its own (apt-get would fail there anyway).
    if env.packages.is_none() {
        env.packages = Some(BasePackages::Debian {
            installed: db.minbase(),
            approximate: true,
            basis: "unknown base: bookworm minbase assumed".into(),
            doc_excludes: None,
        });
    }
    Ok((true, db))
}

fn installed_set(env: &Env) -> Option<PackageSet<'static>> {
    match &env.packages {
        Some(BasePackages::Debian { installed, .. }) => Some(installed.clone()),
        _ => None,
    }
}

fn apt(
    cmds: &[Named],
    vars: &Vars,
    lists_removed: bool,
    debs_removed: bool,
    env: &mut Env,
    parts: &mut Vec<Part>,
) {
    let mut update = false;
    let mut dist_clean = false;
    let mut installs: Vec<(Vec<String>, bool)> = Vec::new();
    let mut purged: Vec<String> = Vec::new();
    let mut autoremove = false;
    let mut dynamic = 0;
    let mut clean = false;
    for &(c, name) in cmds {
        if !matches!(name, Some("apt-get" | "apt" | "aptitude")) {
            continue;
        }
        let pos = c.positional_args(APT_TAKES);
        let Some(sub) = pos.first() else { continue };
        let (names, dyn_n) = literal_names(&pos[1..], vars);
        match sub.value.as_str() {
            "update" => update = true,
            "dist-clean" | "distclean" => dist_clean = true,
            "clean" | "autoclean" => clean = true,
            "install" | "reinstall" => {
                dynamic += dyn_n;
                let no_rec = c.has_flag_with(&["--no-install-recommends"], APT_TAKES)
                    || c.args().iter().any(|w| {
                        let v = w.value.to_ascii_lowercase();
                        v.contains("install-recommends=false")
                            || v.contains("install-recommends=0")
                            || v.contains("install-recommends=no")
                    })
                    || env.apt_no_recommends;
                installs.push((names, !no_rec));
            }
            "purge" | "remove" => {
                purged.extend(names);
                if c.has_flag_with(&["--auto-remove", "--autoremove"], APT_TAKES) {
                    autoremove = true;
                }
            }
            "autoremove" => autoremove = true,
            _ => {}
        }
    }
    if installs.is_empty() && !update {
        return;
    }
    let (approx, db) = match debian_state(env) {
        Ok(s) => s,
        Err(suite) => {
            let what = if installs.is_empty() { "apt-get update" } else { "apt-get install" };
            debian_data_missing(what, suite, env, parts);
            return;
        }
    };
    let base = installed_set(env).unwrap_or_else(|| db.minbase());
    let mut cur = base.clone();
    let mut added: Vec<&'static str> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    let mut deb_bytes = 0u64;
    let any_rec = installs.iter().any(|(_, r)| *r);
    let all_rec = installs.iter().all(|(_, r)| *r);
    for (names, rec) in &installs {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let c = db.install_closure(&names, *rec, &cur);
        cur.extend_from(&c);
        added.extend(c.packages.iter().copied());
        deb_bytes += c.deb_bytes;
        missing.extend(c.missing.iter().cloned());
    }
    let requested: Vec<&str> = installs
        .iter()
        .flat_map(|(n, _)| n.iter().map(String::as_str))
        .collect();
    let purged_here: Vec<&str> = purged
        .iter()
        .map(String::as_str)
        .filter(|p| {
            requested
                .iter()
                .any(|r| sizedata::normalize_name(r) == sizedata::normalize_name(p))
        })
        .collect();
    let mut purge_note = String::new();
    if !purged_here.is_empty() {
        let kept_names: Vec<&str> = requested
            .iter()
            .copied()
            .filter(|r| {
                !purged_here
                    .iter()
                    .any(|p| sizedata::normalize_name(p) == sizedata::normalize_name(r))
            })
            .collect();
        let before = added.len();
        if autoremove {
            // Only the closure of what is kept stays.
            let kept = db.install_closure(&kept_names, any_rec, &base);
            added.retain(|p| kept.packages.contains(p));
        } else {
            added.retain(|p| {
                !purged_here
                    .iter()
                    .any(|q| sizedata::normalize_name(q) == *p)
            });
        }
        purge_note = format!(", {} purged in the same RUN", before - added.len());
    }
    let installed_bytes: f64 = added
        .iter()
        .filter_map(|n| db.get(n))
        .map(|p| p.installed_kib() as f64 * 1024.0)
        .sum();
    if let Some(BasePackages::Debian { installed, .. }) = &mut env.packages {
        for p in &added {
            installed.insert(p);
        }
    }
    if !installs.is_empty() {
        let rec = if all_rec {
            "recommends on"
        } else if any_rec {
            "recommends partly on"
        } else {
            "recommends off"
        };
        let mut text = format!(
            "apt-get install: {} packages, {} installed ({rec}{purge_note}), Debian {} package metadata",
            added.len(),
            mb1(installed_bytes),
            db.suite()
        );
        let mut conf = if approx && env.official_apt {
            Confidence::Medium
        } else if approx {
            Confidence::Low
        } else {
            Confidence::Medium
        };
        let mut extra_hi = 0.0;
        if !missing.is_empty() || dynamic > 0 {
            text.push_str(&format!(
                "; {} name(s) not in the data",
                missing.len() + dynamic
            ));
            conf = Confidence::Low;
            extra_hi = (missing.len() + dynamic) as f64 * 50.0 * MB;
        }
        // The base's dpkg path-excludes keep docs, man pages and locales of
        // the new packages out of the layer; the rest compresses at
        // RATIO_APT_REST, docs (when unpacked) at RATIO_APT_DOC.
        let doc_excludes = match &env.packages {
            Some(BasePackages::Debian { doc_excludes, .. }) => *doc_excludes,
            _ => None,
        };
        let (unpacked, per_installed) = match doc_excludes {
            Some(x) => {
                let share = match x {
                    DocExcludes::DebianSlim => DOC_SHARE_ADDED,
                    DocExcludes::UbuntuMinimized => DOC_SHARE_ADDED_UBUNTU,
                };
                text.push_str(&format!(
                    "; docs, man pages and locales not unpacked (the base's dpkg path-excludes: −{}% of Installed-Size, measured)",
                    crate::numfmt::fixed(share * 100.0, 1)
                ));
                (1.0 - share, (1.0 - share) * RATIO_APT_REST)
            }
            None => (
                1.0,
                (1.0 - DOC_SHARE_ADDED) * RATIO_APT_REST + DOC_SHARE_ADDED * RATIO_APT_DOC,
            ),
        };
        let unc = installed_bytes * unpacked;
        let ratio = per_installed / unpacked;
        let scale = ratio / RATIO_APT;
        parts.push(part(
            text,
            unc,
            unc * (1.0 - CLOSURE_ERR),
            unc * (1.0 + CLOSURE_ERR) + extra_hi,
            ratio,
            RATIO_APT_LOW * scale,
            RATIO_APT_HIGH * scale,
            conf,
        ));
        if !added.is_empty() {
            // dpkg's bookkeeping: the new packages' file lists and the
            // status file, rewritten whole (with status-old) by the layer.
            let n = added.len() as f64;
            let total = match &env.packages {
                Some(BasePackages::Debian { installed, .. }) => installed.len() as f64,
                _ => n,
            };
            let info = n * DPKG_INFO_PER_PACKAGE;
            let status = 2.0 * total * DPKG_STATUS_PER_PACKAGE;
            parts.push(Part {
                unc: info + status,
                comp: info * RATIO_DPKG_INFO + status * RATIO_DPKG_STATUS,
                low: (info * RATIO_DPKG_INFO + status * RATIO_DPKG_STATUS) * 0.5,
                high: (info * RATIO_DPKG_INFO + status * RATIO_DPKG_STATUS) * 1.5,
                conf: Confidence::Medium,
                text: format!(
                    "dpkg database: file lists of {} packages, status of {} rewritten (~{} KB)",
                    added.len(),
                    crate::numfmt::fixed(total, 0),
                    crate::numfmt::fixed((info + status) / 1000.0, 0)
                ),
                known: true,
            });
        }
        for &(name, unc, comp) in POSTINST_OUTPUTS {
            if added.contains(&name) {
                parts.push(Part {
                    unc,
                    comp,
                    low: comp * 0.8,
                    high: comp * 1.2,
                    conf: Confidence::Medium,
                    text: format!("{name}: files its maintainer scripts generate (~{} KB)", crate::numfmt::fixed(unc / 1000.0, 0)),
                    known: true,
                });
            }
        }
        if !env.official_apt && !clean && !debs_removed && deb_bytes > 0 {
            let d = deb_bytes as f64;
            parts.push(part(
                format!(
                    "apt .deb cache kept ({}; base not known to run docker-clean)",
                    mbs(d)
                ),
                d,
                0.0,
                d,
                1.0,
                1.0,
                1.0,
                Confidence::Low,
            ));
        }
    }
    if update && !lists_removed && !dist_clean {
        let (lists, lo, hi) = if env.ubuntu {
            (APT_LISTS_UBUNTU, 25.0 * MB, 60.0 * MB)
        } else if db.suite() == "trixie" {
            (
                APT_LISTS_TRIXIE,
                APT_LISTS_TRIXIE * 0.9,
                APT_LISTS_TRIXIE * 1.1,
            )
        } else {
            (
                APT_LISTS_BOOKWORM,
                APT_LISTS_BOOKWORM * 0.9,
                APT_LISTS_BOOKWORM * 1.1,
            )
        };
        parts.push(part(
            format!(
                "apt lists left in the layer (~{}; remove /var/lib/apt/lists in this RUN)",
                mbs(lists)
            ),
            lists,
            lo,
            hi,
            RATIO_PRECOMPRESSED,
            0.8,
            1.0,
            Confidence::Medium,
        ));
    }
}

fn apk(cmds: &[Named], vars: &Vars, cache_removed: bool, env: &mut Env, parts: &mut Vec<Part>) {
    let mut groups: Vec<(Option<String>, Vec<String>)> = Vec::new();
    let mut deleted: Vec<String> = Vec::new();
    let mut keeps_cache = false;
    let mut seen = false;
    for &(c, name) in cmds {
        if name != Some("apk") {
            continue;
        }
        let pos = c.positional_args(APK_TAKES);
        let Some(sub) = pos.first() else { continue };
        let (names, _) = literal_names(&pos[1..], vars);
        let names: Vec<String> = names
            .iter()
            .map(|n| {
                n.split(['=', '<', '>', '~'])
                    .next()
                    .unwrap_or(n)
                    .to_string()
            })
            .collect();
        match sub.value.as_str() {
            "add" => {
                seen = true;
                if !c.has_flag_with(&["--no-cache"], APK_TAKES) {
                    keeps_cache = true;
                }
                let virt = c
                    .flag_value(&["-t", "--virtual"], APK_TAKES)
                    .map(str::to_string);
                groups.push((virt, names));
            }
            "update" => {
                seen = true;
                keeps_cache = true;
            }
            "del" => deleted.extend(names),
            _ => {}
        }
    }
    if !seen {
        return;
    }
    let (version, base_pkgs, approx): (Option<&str>, Vec<&str>, bool) = match &env.packages {
        Some(BasePackages::Alpine {
            alpine_version,
            packages,
            approximate,
            ..
        }) => (Some(alpine_version), packages.clone(), *approximate),
        _ => (None, Vec::new(), true),
    };
    let mut total = 0.0;
    let mut n = 0;
    let (mut proxied, mut fallback) = (0, 0);
    let mut removed_n = 0;
    let mut proxy_missing = None;
    for (virt, names) in &groups {
        let group_deleted = virt.as_ref().is_some_and(|v| deleted.contains(v));
        for name in names {
            if base_pkgs.contains(&name.as_str()) || env.alpine_added.contains(name) {
                continue;
            }
            if group_deleted || deleted.contains(name) {
                removed_n += 1;
                continue;
            }
            let bytes = match version
                .and_then(|v| sizedata::alpine_package_in(name, v))
                .or_else(|| sizedata::alpine_package(name))
            {
                Some(p) => p.installed_bytes as f64,
                None => match debian_proxy(name) {
                    Ok(Some(b)) => {
                        proxied += 1;
                        b
                    }
                    Ok(None) => {
                        fallback += 1;
                        sizedata::alpine_fallback_bytes() as f64
                    }
                    Err(suite) => {
                        proxy_missing = Some(suite);
                        0.0
                    }
                },
            };
            total += bytes;
            n += 1;
            env.alpine_added.push(name.clone());
        }
    }
    if let Some(suite) = proxy_missing {
        debian_data_missing("apk add (Debian sizes stand in for packages the Alpine data lacks)", suite, env, parts);
    } else if n > 0 || removed_n > 0 {
        let mut text = format!(
            "apk add: {n} packages, {} installed (named packages only: the Alpine data has no dependency lists)",
            mb1(total)
        );
        if removed_n > 0 {
            text.push_str(&format!(
                ", {removed_n} removed with apk del in the same RUN"
            ));
        }
        if proxied > 0 {
            text.push_str(&format!(
                ", {proxied} sized from the Debian bookworm closure of the same name"
            ));
        }
        if fallback > 0 {
            text.push_str(&format!(", {fallback} at the median Alpine package size"));
        }
        let conf = if proxied + fallback > 0 || approx {
            Confidence::Low
        } else {
            Confidence::Medium
        };
        // Missing dependencies: the named packages are a floor; up to ×3 above.
        let hi_factor = if proxied + fallback > 0 {
            3.0
        } else {
            1.0 + CLOSURE_ERR + 0.5
        };
        parts.push(part(
            text,
            total,
            total * (1.0 - CLOSURE_ERR),
            total * hi_factor,
            RATIO_APK,
            RATIO_LOW,
            RATIO_HIGH,
            conf,
        ));
        if n > 0 {
            parts.push(Part {
                unc: APK_LAYER_OVERHEAD_UNCOMPRESSED,
                comp: APK_LAYER_OVERHEAD_COMPRESSED,
                low: APK_LAYER_OVERHEAD_LOW,
                high: APK_LAYER_OVERHEAD_HIGH,
                conf: Confidence::Medium,
                text: "apk database rewrite (~0.2 MB)".into(),
                known: true,
            });
        }
    }
    if keeps_cache && !cache_removed {
        parts.push(part(
            "apk index cache kept in /var/cache/apk (use --no-cache)".into(),
            APK_CACHE,
            APK_CACHE_LOW,
            APK_CACHE_HIGH,
            1.0,
            1.0,
            1.0,
            Confidence::Low,
        ));
    }
}

/// The installed size of a package's Debian bookworm closure over minbase
/// (no recommends) without its docs: a proxy for Alpine packages missing from
/// the Alpine data.
/// `Err` when the bookworm data is not loaded.
fn debian_proxy(name: &str) -> Result<Option<f64>, &'static str> {
    let db = sizedata::debian_packages("bookworm").ok_or("bookworm")?;
    if db.get(name).is_none() {
        return Ok(None);
    }
    let c = db.install_closure(&[name], false, &db.minbase());
    // Alpine ships docs and man pages in separate `-doc` packages.
    Ok(Some(c.installed_bytes as f64 * (1.0 - DOC_SHARE_ADDED)))
}

fn languages(
    cmds: &[Named],
    cache_mount: bool,
    removes: &dyn Fn(&str) -> bool,
    vars: &Vars,
    env: &Env,
    parts: &mut Vec<Part>,
) {
    let mut downloads = 0;
    let mut builds = false;
    let mut go = false;
    let mut cargo = false;
    let cargo_cleaned = removes("target")
        || cmds.iter().any(|&(c, name)| {
            name == Some("cargo") && c.subcommand().is_some_and(|s| s.value == "clean")
        });
    let npm_cache_cleaned = cache_mount
        || removes(".npm")
        || removes(".cache/yarn")
        || removes("/usr/local/share/.cache")
        || cmds.iter().any(|&(c, name)| {
            matches!(name, Some("npm" | "yarn" | "pnpm"))
                && c.args()
                    .iter()
                    .any(|w| w.value == "cache" || w.value == "store")
        });
    let pip_cache_cleaned =
        cache_mount || env.pip_no_cache || removes(".cache/pip") || removes("/root/.cache");
    for &(c, name) in cmds {
        let Some(name) = name else { continue };
        let is_pip = name.starts_with("pip")
            || (name.starts_with("python")
                && c.args()
                    .windows(2)
                    .any(|w| w[0].value == "-m" && w[1].value == "pip"));
        if is_pip {
            let pos = c.positional_args(PIP_TAKES);
            let pos: Vec<&crate::shell::Word> = pos
                .into_iter()
                .skip_while(|w| w.value != "install")
                .collect();
            if pos.is_empty() {
                continue;
            }
            let (names, dynamic) = literal_names(&pos[1..], vars);
            let reqs = c.has_flag_with(&["-r", "--requirement"], PIP_TAKES);
            let (mut u, mut lo, mut hi) = (0.0, 0.0, 0.0);
            let mut known = Vec::new();
            for n in &names {
                let key = n
                    .split(['=', '<', '>', '~', '!', '[', ';'])
                    .next()
                    .unwrap_or(n)
                    .to_ascii_lowercase();
                match PIP_KNOWN.iter().find(|(k, _)| *k == key) {
                    Some((_, mb)) => {
                        u += mb * MB;
                        lo += mb * MB * 0.8;
                        hi += mb * MB * 1.3;
                        known.push(key);
                    }
                    None => {
                        u += PIP_DEFAULT;
                        lo += PIP_DEFAULT_LOW;
                        hi += PIP_DEFAULT_HIGH;
                    }
                }
            }
            for _ in 0..dynamic {
                u += PIP_DEFAULT;
                lo += PIP_DEFAULT_LOW;
                hi += PIP_DEFAULT_HIGH;
            }
            if reqs {
                u += PIP_REQUIREMENTS;
                lo += PIP_REQUIREMENTS_LOW;
                hi += PIP_REQUIREMENTS_HIGH;
            }
            let what = if reqs {
                "a requirements file".to_string()
            } else {
                format!("{} package(s)", names.len() + dynamic)
            };
            let conf = if !reqs && known.len() == names.len() && dynamic == 0 {
                Confidence::Medium
            } else {
                Confidence::Low
            };
            parts.push(part(
                format!(
                    "pip install {what}: ~{} site-packages (typical sizes, no lockfile sizes)",
                    mbs(u)
                ),
                u,
                lo,
                hi,
                RATIO_GENERIC,
                RATIO_LOW,
                RATIO_HIGH,
                conf,
            ));
            if !pip_cache_cleaned && !c.has_flag_with(&["--no-cache-dir"], PIP_TAKES) {
                parts.push(part(
                    "pip cache kept in ~/.cache/pip (use --no-cache-dir)".into(),
                    u * PIP_CACHE,
                    lo * PIP_CACHE_LOW,
                    hi * PIP_CACHE_HIGH,
                    1.0,
                    1.0,
                    1.0,
                    Confidence::Low,
                ));
            }
            continue;
        }
        match name {
            "npm" | "yarn" | "pnpm" => {
                let sub = c.subcommand().map(|w| w.value.as_str());
                let installs = match name {
                    "npm" => matches!(sub, Some("install" | "i" | "ci" | "add" | "isntall")),
                    "yarn" => matches!(sub, None | Some("install" | "add")),
                    _ => matches!(sub, Some("install" | "i" | "add")),
                };
                if !installs {
                    continue;
                }
                let prod = c.has_flag(&["--production", "--prod", "-P"])
                    || c.args().iter().any(|w| {
                        w.value == "--omit=dev"
                            || w.value.starts_with("--only=prod")
                            || w.value == "--omit"
                    });
                let f = if prod { NPM_PROD } else { 1.0 };
                let (u, lo, hi) = (
                    NPM_DEFAULT * f,
                    NPM_LOW * 0.2_f64.max(if prod { 0.2 } else { 1.0 }),
                    NPM_HIGH * if prod { 0.9 } else { 1.0 },
                );
                parts.push(part(
                    format!(
                        "{name} install{}: ~{} node_modules (typical size; no lockfile sizes)",
                        if prod { " (production only)" } else { "" },
                        mbs(u)
                    ),
                    u,
                    lo,
                    hi,
                    RATIO_TEXT,
                    0.2,
                    RATIO_HIGH,
                    Confidence::Low,
                ));
                if !npm_cache_cleaned {
                    parts.push(part(
                        format!("{name} cache kept in the layer (clean it in this RUN or use a cache mount)"),
                        u * NPM_CACHE, lo * NPM_CACHE_LOW, hi * NPM_CACHE_HIGH, 1.0, 1.0, 1.0, Confidence::Low,
                    ));
                }
            }
            "gem" | "bundle" | "bundler" => {
                let sub = c.subcommand().map(|w| w.value.as_str());
                if name == "gem" && sub == Some("install") {
                    let pos = c.positional_args(&[]);
                    let n = pos.len().saturating_sub(1).max(1) as f64;
                    parts.push(part(
                        format!("gem install: {} gem(s), typical size (assumption)", crate::numfmt::fixed(n, 0)),
                        GEM * n,
                        GEM_LOW * n,
                        GEM_HIGH * n,
                        RATIO_GENERIC,
                        RATIO_LOW,
                        RATIO_HIGH,
                        Confidence::Low,
                    ));
                } else if name != "gem" && matches!(sub, None | Some("install")) {
                    parts.push(part(
                        "bundle install: typical Gemfile size (assumption)".into(),
                        GEM * 10.0,
                        GEM_LOW * 10.0,
                        GEM_HIGH * 10.0,
                        RATIO_GENERIC,
                        RATIO_LOW,
                        RATIO_HIGH,
                        Confidence::Low,
                    ));
                }
            }
            "go" => {
                if matches!(
                    c.subcommand().map(|w| w.value.as_str()),
                    Some("build" | "install" | "get" | "mod")
                ) {
                    go = true;
                }
            }
            "cargo" => {
                if matches!(
                    c.subcommand().map(|w| w.value.as_str()),
                    Some("build" | "install")
                ) {
                    cargo = true;
                }
            }
            "dnf" | "yum" | "microdnf" | "tdnf" => {
                let pos = c.positional_args(DNF_TAKES);
                if pos.first().is_some_and(|s| s.value == "install") {
                    let (names, dynamic) = literal_names(&pos[1..], vars);
                    let n = (names.len() + dynamic) as f64;
                    let cleaned = cmds.iter().any(|&(d, dname)| {
                        matches!(dname, Some("dnf" | "yum" | "microdnf" | "tdnf"))
                            && d.subcommand().is_some_and(|s| s.value == "clean")
                    }) || removes("/var/cache/dnf")
                        || removes("/var/cache/yum");
                    parts.push(part(
                        format!(
                            "{name} install: {} package(s), no RPM package data (assumed {} each)",
                            crate::numfmt::fixed(n, 0),
                            mbs(RPM_PKG)
                        ),
                        RPM_PKG * n,
                        RPM_PKG_LOW * n,
                        RPM_PKG_HIGH * n,
                        RATIO_GENERIC,
                        RATIO_LOW,
                        RATIO_HIGH,
                        Confidence::Low,
                    ));
                    if !cleaned {
                        parts.push(part(
                            format!(
                                "{name} metadata cache kept (run `{name} clean all` in this RUN)"
                            ),
                            RPM_CACHE,
                            RPM_CACHE_LOW,
                            RPM_CACHE_HIGH,
                            RATIO_GENERIC,
                            RATIO_LOW,
                            1.0,
                            Confidence::Low,
                        ));
                    }
                }
            }
            "curl" | "wget" => downloads += 1,
            "git" if c.subcommand().is_some_and(|s| s.value == "clone") => downloads += 1,
            "make" | "cmake" | "ninja" | "configure" | "meson" => builds = true,
            _ => {}
        }
    }
    if go {
        parts.push(part(
            "go build: module and build caches plus the binary (assumption; use a multi-stage build)".into(),
            GO_BUILD, GO_BUILD_LOW, GO_BUILD_HIGH, RATIO_GENERIC, RATIO_LOW, RATIO_HIGH, Confidence::Low,
        ));
    }
    if cargo {
        let (u, lo, hi, t) = if cargo_cleaned {
            (
                10.0 * MB,
                1.0 * MB,
                20.0 * MB,
                "cargo build, target/ removed: the binary (assumption 10 MB)",
            )
        } else {
            (
                CARGO_BUILD,
                CARGO_BUILD_LOW,
                CARGO_BUILD_HIGH,
                "cargo build: target/ and registry (assumption; use a multi-stage build)",
            )
        };
        parts.push(part(
            t.into(),
            u,
            lo,
            hi,
            RATIO_GENERIC,
            RATIO_LOW,
            RATIO_HIGH,
            Confidence::Low,
        ));
    }
    if downloads > 0 {
        let n = downloads as f64;
        parts.push(part(
            format!(
                "{downloads} download(s): unknown size (assumed {} each)",
                mbs(DOWNLOAD)
            ),
            DOWNLOAD * n,
            DOWNLOAD_LOW * n,
            DOWNLOAD_HIGH * n,
            RATIO_GENERIC,
            RATIO_LOW,
            1.0,
            Confidence::Low,
        ));
    }
    if builds {
        parts.push(part(
            "source build: unknown size (assumption)".into(),
            BUILD,
            BUILD_LOW,
            BUILD_HIGH,
            RATIO_GENERIC,
            RATIO_LOW,
            RATIO_HIGH,
            Confidence::Low,
        ));
    }
}
