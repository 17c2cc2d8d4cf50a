//! `slimfile fix`: applies the automatic fixes (the core's `fix_all`) and
//! prints the fixed file, writes it in place, or prints a unified diff.

use std::io::Write;

pub const HELP: &str = "\
slimfile fix — apply the automatic fixes

Usage: slimfile fix [OPTIONS] FILE...

Applies every safe fix (with --unsafe, the unsafe ones too; display-only
fixes never), re-checks and repeats until nothing changes. A fix whose result
would have a new error-level finding or lose a comment line is dropped.
Each FILE is read with the .dockerignore of its folder, as `check` does.

By default the fixed file is printed on standard output (one FILE only).
A summary of the fixes goes to standard error.

Options:
      --unsafe           also apply unsafe fixes (behaviour may change: review them)
  -w, --write            write the fixed files in place
      --diff             print a unified diff instead of the fixed file
  -c, --config FILE      a .hadolint.yaml-style config (as for `check`)
      --ignore CODE      do not apply (or report) this rule (repeatable)
  -h, --help             this help

Exit status: 0 when no finding at or above the failure threshold (the
config's, else info) is left after fixing, 1 when one is, 2 a usage error or
a file that could not be read or written.
";

#[derive(Debug, Default)]
pub struct FixArgs {
    pub files: Vec<String>,
    pub unsafe_fixes: bool,
    pub write: bool,
    pub diff: bool,
    pub config: Option<String>,
    pub ignore: Vec<String>,
    pub help: bool,
}

/// Parses the arguments after `fix`.
pub fn parse_args(argv: &[String]) -> Result<FixArgs, String> {
    let mut a = FixArgs::default();
    let mut i = 0;
    let mut only_files = false;
    let value = |i: &mut usize, name: &str| -> Result<String, String> {
        let arg = &argv[*i];
        if let Some((_, v)) = arg.split_once('=') {
            return Ok(v.to_string());
        }
        *i += 1;
        argv.get(*i).cloned().ok_or_else(|| format!("{name} needs a value"))
    };
    while i < argv.len() {
        let arg = argv[i].as_str();
        let name = arg.split('=').next().unwrap_or(arg);
        if only_files || arg == "-" || !arg.starts_with('-') {
            a.files.push(arg.to_string());
        } else if arg == "--" {
            only_files = true;
        } else if arg == "-h" || arg == "--help" {
            a.help = true;
        } else if arg == "--unsafe" {
            a.unsafe_fixes = true;
        } else if arg == "-w" || arg == "--write" {
            a.write = true;
        } else if arg == "--diff" {
            a.diff = true;
        } else if name == "-c" || name == "--config" {
            a.config = Some(value(&mut i, "--config")?);
        } else if name == "--ignore" {
            a.ignore.push(value(&mut i, "--ignore")?);
        } else {
            return Err(format!("unknown option `{arg}` for `slimfile fix`"));
        }
        i += 1;
    }
    if a.help {
        return Ok(a);
    }
    if a.files.is_empty() {
        return Err("`slimfile fix` needs at least one FILE (or `-` for standard input)".to_string());
    }
    if a.write && a.files.iter().any(|f| f == "-") {
        return Err("`--write` cannot write to standard input".to_string());
    }
    if a.files.len() > 1 && !a.write && !a.diff {
        return Err("`slimfile fix` prints one fixed file: use --write or --diff for several".to_string());
    }
    Ok(a)
}

pub fn run(out: &mut impl Write, a: &FixArgs) -> u8 {
    if a.help {
        let _ = out.write_all(HELP.as_bytes());
        return 0;
    }
    let config = match crate::load_config(a.config.as_deref(), &a.ignore) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("slimfile: {e}");
            return 2;
        }
    };
    let threshold = config.threshold().unwrap_or(Some(slimfile::Severity::Info));
    let mode = if a.unsafe_fixes { slimfile::FixMode::Unsafe } else { slimfile::FixMode::Safe };
    let (mut io_error, mut failed) = (false, false);
    for file in &a.files {
        let bytes = match crate::read_input(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("slimfile: {e}");
                io_error = true;
                continue;
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            eprintln!("slimfile: {file}: not valid UTF-8; not fixed");
            io_error = true;
            continue;
        };
        let ignore_text = crate::dockerignore_for(file)
            .and_then(|p| std::fs::read(p).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned());
        let input = slimfile::Input { dockerfile: &text, dockerignore: ignore_text.as_deref(), config: Some(&config) };
        let outcome = slimfile::fix_all(&input, mode);
        failed |= threshold.is_some_and(|t| outcome.remaining.iter().any(|d| d.severity <= t));
        let name = if file == "-" { "stdin" } else { file.as_str() };
        eprintln!("slimfile: {}", summary(name, &outcome));
        if a.diff {
            // git's a/ and b/ prefixes for relative paths (`patch -p1` applies it).
            let (old, new) = if name.starts_with('/') {
                (name.to_string(), name.to_string())
            } else {
                (format!("a/{name}"), format!("b/{name}"))
            };
            let d = slimfile::diff::unified_diff(&text, &outcome.text, &old, &new);
            let _ = out.write_all(d.as_bytes());
        }
        if a.write {
            if outcome.text != text {
                if let Err(e) = std::fs::write(file, &outcome.text) {
                    eprintln!("slimfile: {file}: cannot write: {e}");
                    io_error = true;
                }
            }
        } else if !a.diff {
            let _ = out.write_all(outcome.text.as_bytes());
        }
    }
    if io_error {
        2
    } else if failed {
        1
    } else {
        0
    }
}

/// `Dockerfile: 3 fixes applied (DL3009, DL3015 ×2); 2 findings left`.
fn summary(name: &str, o: &slimfile::FixOutcome) -> String {
    let mut codes: Vec<(String, usize)> = Vec::new();
    for f in &o.applied {
        match codes.iter_mut().find(|(c, _)| *c == f.code) {
            Some((_, n)) => *n += 1,
            None => codes.push((f.code.clone(), 1)),
        }
    }
    let list: Vec<String> = codes.iter().map(|(c, n)| if *n > 1 { format!("{c} ×{n}") } else { c.clone() }).collect();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut s = format!("{name}: {} applied", plural(o.applied.len(), "fix", "fixes"));
    if !list.is_empty() {
        s.push_str(&format!(" ({})", list.join(", ")));
    }
    s.push_str(&format!("; {} left", plural(o.remaining.len(), "finding", "findings")));
    if !o.rejected.is_empty() {
        let r: Vec<&str> = o.rejected.iter().map(|f| f.code.as_str()).collect();
        s.push_str(&format!("; dropped (would break the file): {}", r.join(", ")));
    }
    if !o.converged {
        s.push_str(&format!("; stopped after {} rounds", slimfile::fixer::MAX_ROUNDS));
    }
    s
}
