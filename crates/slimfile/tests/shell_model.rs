//! The shell model on real RUN instructions from the Docker Official Images
//! corpus (read-only). Prints `SKIPPED` when the corpus is not available.
//!
//! There is no Dockerfile parser yet, so RUNs are found simply: a line that
//! starts with `RUN ` plus the lines it continues with a trailing `\`
//! (comment and blank lines inside a continuation are dropped, as BuildKit
//! does). Windows (PowerShell) Dockerfiles are skipped.

use slimfile::shell::{self, Command, ShellDiagnostic};
use std::path::{Path, PathBuf};

fn corpus_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("SLIMFILE_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpus"
        )),
    };
    dir.join("official-images").is_dir().then_some(dir)
}

/// Every file named `Dockerfile` under `root` (iterative walk), sorted.
fn dockerfiles(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n == "Dockerfile") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The logical shell text of each shell-form RUN.
fn run_commands(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("RUN ") else {
            continue;
        };
        let mut cmd = String::new();
        let mut cur = rest.to_string();
        loop {
            let trimmed = cur.trim_end();
            match trimmed.strip_suffix('\\') {
                Some(body) => {
                    cmd.push_str(body);
                    // Next non-comment, non-blank line.
                    let next = loop {
                        match lines.next() {
                            Some(l) if l.trim().is_empty() || l.trim_start().starts_with('#') => {
                                continue
                            }
                            other => break other,
                        }
                    };
                    match next {
                        Some(l) => cur = l.to_string(),
                        None => break,
                    }
                }
                None => {
                    cmd.push_str(&cur);
                    break;
                }
            }
        }
        // Drop BuildKit flags such as `--mount=...`; skip exec form.
        let mut s = cmd.trim_start();
        while s.starts_with("--") {
            s = s
                .split_once(char::is_whitespace)
                .map_or("", |(_, r)| r)
                .trim_start();
        }
        if !s.starts_with('[') {
            out.push(s.to_string());
        }
    }
    out
}

/// apt-get options that take a separate value.
const APT_VALUE_FLAGS: &[&str] = &[
    "-o",
    "--option",
    "-c",
    "--config-file",
    "-t",
    "--target-release",
];

fn is_apt_install(c: &Command) -> bool {
    c.name() == Some("apt-get")
        && c.positional_args(APT_VALUE_FLAGS)
            .first()
            .is_some_and(|w| w.value == "install")
}

#[test]
fn official_images_run_lines() {
    let Some(dir) = corpus_dir() else {
        println!("SKIPPED: corpus not found (set SLIMFILE_CORPUS)");
        return;
    };
    let (mut files, mut runs, mut commands, mut installs, mut packages) = (0, 0, 0, 0, 0);
    let mut diagnostics: Vec<(PathBuf, ShellDiagnostic, String)> = Vec::new();
    for path in dockerfiles(&dir.join("official-images")) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let lower = text.to_ascii_lowercase();
        if lower.contains("# escape=") || lower.contains("powershell") {
            continue;
        }
        files += 1;
        for src in run_commands(&text) {
            runs += 1;
            let script = shell::parse(&src);
            commands += script.commands.len();
            for d in &script.diagnostics {
                diagnostics.push((path.clone(), d.clone(), src.clone()));
            }
            for c in &script.commands {
                assert!(c.range.end <= src.len());
                if !is_apt_install(c) {
                    continue;
                }
                installs += 1;
                let pkgs = c.positional_args(APT_VALUE_FLAGS);
                for w in &pkgs[1..] {
                    packages += 1;
                    assert!(
                        !w.value.starts_with('-'),
                        "{}: flag {:?} taken as a package in {:?}",
                        path.display(),
                        w.value,
                        c.range.slice(&src)
                    );
                    assert!(
                        !w.value.is_empty(),
                        "{}: empty package in {:?}",
                        path.display(),
                        c.range.slice(&src)
                    );
                    // The range covers the word as written.
                    let written = w.range.slice(&src);
                    if !w.quoted {
                        assert_eq!(written, w.value, "{}", path.display());
                    }
                }
                assert!(
                    c.has_flag(&["-y", "--yes", "--assume-yes", "-qq"])
                        || c.has_flag(&["-q"])
                        || pkgs.len() > 1,
                    "{}: odd install {:?}",
                    path.display(),
                    c.range.slice(&src)
                );
            }
        }
    }
    println!(
        "{files} Dockerfiles, {runs} RUNs, {commands} commands, {installs} apt-get installs, {packages} package words, {} diagnostics",
        diagnostics.len()
    );
    for (path, d, src) in &diagnostics {
        println!(
            "{}: {} [{}] in {:?}",
            path.display(),
            d.message,
            d.range.slice(src),
            src
        );
    }
    assert!(files > 100 && runs > 500, "the corpus looks incomplete");
    assert!(
        installs > 50 && packages > 200,
        "too few apt-get installs found: {installs}"
    );
    assert!(
        diagnostics.len() <= 5,
        "{} diagnostics on real RUN lines",
        diagnostics.len()
    );
}
