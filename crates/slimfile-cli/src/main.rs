//! `slimfile`: the command-line shell over the slimfile core.
//!
//! It only reads files, calls the core, and prints. Exit status: 0 clean,
//! 1 a finding at or above the failure threshold, 2 usage or IO errors.

mod args;
mod optimize_cmd;
mod fix_cmd;
mod docs_cmd;
mod markdown;
mod output;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use args::{Command, Format};

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let cmd = match args::parse(&argv) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("slimfile: {msg}\nRun `slimfile --help` for usage.");
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout().lock();
    let code = match cmd {
        Command::Help(topic) => {
            let _ = write!(out, "{}", args::help(topic.as_deref()));
            0
        }
        Command::Version => {
            let _ = writeln!(out, "slimfile {}", slimfile::VERSION);
            0
        }
        Command::Parse { format, file } => parse_cmd(&mut out, format, &file),
        Command::Check { format, threshold, files, color, config, ignore } => {
            match load_config(config.as_deref(), &ignore) {
                Ok(cfg) => {
                    let threshold = threshold.or(cfg.threshold()).unwrap_or(Some(slimfile::Severity::Info));
                    check_cmd(&mut out, format, threshold, &files, color, &cfg)
                }
                Err(e) => {
                    eprintln!("slimfile: {e}");
                    2
                }
            }
        }
        Command::Estimate { format, file, context, target } => {
            estimate_cmd(&mut out, format, &file, context.as_deref(), target.as_deref())
        }
        Command::Optimize(a) => optimize_cmd::run(&mut out, &a),
        Command::Fix(a) => fix_cmd::run(&mut out, &a),
        Command::Rules => {
            let _ = write!(out, "{}", output::rules_list());
            0
        }
        Command::Docs(dir) => match docs_cmd::run(&dir) {
            Ok(n) => {
                let _ = writeln!(out, "wrote {n} rule pages and index.html to {}", dir.display());
                0
            }
            Err(e) => {
                eprintln!("slimfile: {e}");
                2
            }
        },
        Command::Rule(id) => match slimfile::rules::find(&id) {
            Some(rule) => {
                let _ = write!(out, "{}", output::rule_page(rule));
                0
            }
            None => {
                eprintln!("slimfile: no rule named `{id}` (see `slimfile rules`)");
                2
            }
        },
    };
    let _ = out.flush();
    ExitCode::from(code)
}

/// Reads a file, or stdin for `-`. Directories and unreadable files are errors.
fn read_input(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map_err(|e| format!("cannot read stdin: {e}"))?;
        return Ok(buf);
    }
    // Read first, ask why only when that fails (one system call less per file).
    let p = Path::new(path);
    std::fs::read(p).map_err(|e| {
        if p.is_dir() {
            format!("{path}: is a directory, not a Dockerfile")
        } else {
            format!("{path}: cannot read: {e}")
        }
    })
}

fn parse_cmd(out: &mut impl Write, format: Format, file: &str) -> u8 {
    let bytes = match read_input(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("slimfile: {e}");
            return 2;
        }
    };
    let df = slimfile::parse_bytes(&bytes);
    let text = match format {
        Format::Dump => slimfile::dump::dump(&df),
        _ => output::parse_json(&df) + "\n",
    };
    let _ = out.write_all(text.as_bytes());
    0
}

/// The `.dockerignore` that applies to a Dockerfile checked with its folder
/// as the build context: `<Dockerfile>.dockerignore` beside it wins over the
/// folder's `.dockerignore` (BuildKit's rule).
fn dockerignore_for(dockerfile: &str) -> Option<PathBuf> {
    if dockerfile == "-" {
        return None;
    }
    let p = Path::new(dockerfile);
    let specific = PathBuf::from(format!("{dockerfile}.dockerignore"));
    if specific.is_file() {
        return Some(specific);
    }
    let generic = p.parent().map(|d| d.join(".dockerignore")).unwrap_or_else(|| PathBuf::from(".dockerignore"));
    generic.is_file().then_some(generic)
}

/// The configuration: `--config FILE`, else `.slimfile.yaml` or
/// `.hadolint.yaml` in the current folder, plus `--ignore` codes.
fn load_config(path: Option<&str>, ignore: &[String]) -> Result<slimfile::lint::Config, String> {
    let found = match path {
        Some(p) => Some(PathBuf::from(p)),
        None => [".slimfile.yaml", ".hadolint.yaml", ".hadolint.yml"].iter().map(PathBuf::from).find(|p| p.is_file()),
    };
    let mut cfg = match found {
        Some(p) => {
            let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: cannot read: {e}", p.display()))?;
            let (cfg, errors) = slimfile::lint::Config::from_yaml(&text);
            for e in errors {
                eprintln!("slimfile: {}: {e}", p.display());
            }
            cfg
        }
        None => slimfile::lint::Config::default(),
    };
    cfg.ignored.extend(ignore.iter().cloned());
    Ok(cfg)
}

fn check_cmd(
    out: &mut impl Write,
    format: Format,
    threshold: Option<slimfile::Severity>,
    files: &[String],
    color: bool,
    config: &slimfile::lint::Config,
) -> u8 {
    let mut io_error = false;
    let mut failed = false;
    let mut results = Vec::new();
    for file in files {
        let bytes = match read_input(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("slimfile: {e}");
                io_error = true;
                continue;
            }
        };
        let (text, bad_utf8) = slimfile::decode(&bytes);
        let ignore_path = dockerignore_for(file);
        let ignore_text = ignore_path.as_ref().and_then(|p| match std::fs::read(p) {
            Ok(b) => Some(String::from_utf8_lossy(&b).into_owned()),
            Err(e) => {
                eprintln!("slimfile: {}: cannot read: {e}", p.display());
                io_error = true;
                None
            }
        });
        let mut report =
            slimfile::analyze(&slimfile::Input { dockerfile: &text, dockerignore: ignore_text.as_deref(), config: Some(config) });
        if let Some(d) = bad_utf8 {
            report.findings.insert(
                0,
                slimfile::Finding { file: slimfile::FileKind::Dockerfile, diagnostic: d, aliases: Vec::new() },
            );
        }
        failed |= threshold.is_some_and(|t| report.fails(t));
        results.push(output::FileReport {
            path: file.clone(),
            ignore_path: ignore_path.map(|p| p.display().to_string()),
            ignore_text,
            report,
        });
    }
    let text = match format {
        Format::Json => output::check_json(&results) + "\n",
        Format::Sarif => output::check_sarif(&results) + "\n",
        Format::Github => output::check_github(&results),
        Format::Checkstyle => output::check_checkstyle(&results),
        Format::Gitlab => output::check_gitlab(&results) + "\n",
        Format::Tty | Format::Dump => output::check_tty(&results, color),
    };
    let _ = out.write_all(text.as_bytes());
    if io_error {
        2
    } else if failed {
        1
    } else {
        0
    }
}

/// At most this many files are listed from `--context` (the walk stops and
/// says so beyond it).
const CONTEXT_FILE_CAP: usize = 200_000;

/// Lists the build context: every regular file below `root` with its size,
/// skipping directories the `.dockerignore` excludes entirely
/// (`can_skip_dir`). Symlinks are not followed. Returns whether the cap was hit.
fn walk_context(
    root: &Path,
    ignore: Option<&slimfile::dockerignore::DockerIgnore>,
    out: &mut Vec<slimfile::estimate::ContextFile>,
) -> bool {
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, rel)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                if ignore.is_some_and(|i| i.can_skip_dir(&path)) {
                    continue;
                }
                stack.push((e.path(), path));
            } else if ft.is_file() || ft.is_symlink() {
                let size = if ft.is_file() { e.metadata().map(|m| m.len()).unwrap_or(0) } else { 0 };
                if out.len() >= CONTEXT_FILE_CAP {
                    return true;
                }
                out.push(slimfile::estimate::ContextFile::new(path, size));
            }
        }
    }
    false
}

fn estimate_cmd(out: &mut impl Write, format: Format, file: &str, context: Option<&str>, target: Option<&str>) -> u8 {
    let bytes = match read_input(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("slimfile: {e}");
            return 2;
        }
    };
    let df = slimfile::parse_bytes(&bytes);
    // The .dockerignore: beside the Dockerfile (BuildKit's rule), else at the
    // root of --context.
    let ignore_path = dockerignore_for(file).or_else(|| {
        context.map(|c| Path::new(c).join(".dockerignore")).filter(|p| p.is_file())
    });
    let ignore = ignore_path.as_ref().and_then(|p| std::fs::read(p).ok()).map(|b| {
        slimfile::dockerignore::DockerIgnore::parse(&String::from_utf8_lossy(&b))
    });
    let mut files = Vec::new();
    let mut notes = Vec::new();
    if let Some(dir) = context {
        let root = Path::new(dir);
        if !root.is_dir() {
            eprintln!("slimfile: {dir}: not a directory");
            return 2;
        }
        if walk_context(root, ignore.as_ref(), &mut files) {
            notes.push(format!("the context listing stopped at {CONTEXT_FILE_CAP} files; COPY sizes are too low"));
        }
    }
    let mut est = slimfile::estimate::estimate(&df, ignore.as_ref(), context.map(|_| files.as_slice()), target);
    est.notes.extend(notes);
    let text = match format {
        Format::Json => output::estimate_json(&est) + "\n",
        _ => output::estimate_tty(&est),
    };
    let _ = out.write_all(text.as_bytes());
    0
}
