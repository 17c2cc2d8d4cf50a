//! Command-line arguments, parsed by hand to keep the binary small and the
//! exit codes exact (2 for any usage error).

use slimfile::Severity;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Tty,
    Json,
    Dump,
    Sarif,
    Github,
    Checkstyle,
    Gitlab,
}

#[derive(Debug)]
pub enum Command {
    Help(Option<String>),
    Version,
    Parse { format: Format, file: String },
    Check {
        format: Format,
        /// `None` in the outer option: not given (the config or the default decides).
        threshold: Option<Option<Severity>>,
        files: Vec<String>,
        color: bool,
        config: Option<String>,
        ignore: Vec<String>,
    },
    Fix(crate::fix_cmd::FixArgs),
    Rules,
    Rule(String),
    /// Hidden: the site's rule pages (`slimfile docs --out DIR`).
    Docs(std::path::PathBuf),
    Estimate {
        format: Format,
        file: String,
        context: Option<String>,
        target: Option<String>,
    },
    Optimize(crate::optimize_cmd::OptimizeArgs),
}

const MAIN_HELP: &str = "\
slimfile — Dockerfile linter, size estimator and optimizer

Usage:
  slimfile check [OPTIONS] FILE...   Lint Dockerfiles (with the .dockerignore beside each)
  slimfile parse [OPTIONS] FILE      Print the parsed instructions and parse diagnostics
  slimfile estimate [OPTIONS] FILE   Estimate the image size without building
  slimfile optimize [OPTIONS] FILE   Rewrite it into one that builds a smaller image
  slimfile fix [OPTIONS] FILE...     Apply the automatic fixes (stdout, --write or --diff)
  slimfile rules                     List every rule
  slimfile rule CODE                 Show a rule's documentation
  slimfile help [COMMAND]            Show help for a command
  slimfile --version                 Print the version (the web app shows the same)

FILE may be `-` for standard input.

Exit status: 0 no finding at or above the failure threshold, 1 a finding at or
above it, 2 a usage error or a file that could not be read.
";

const CHECK_HELP: &str = "\
slimfile check — lint Dockerfiles

Usage: slimfile check [OPTIONS] FILE...

Each FILE is checked with the .dockerignore of its build context: the
`<FILE>.dockerignore` beside it when present (BuildKit's rule), else the
`.dockerignore` in the same folder. A file that cannot be read gets a one-line
error and the other files are still checked.

Options:
  -f, --format FORMAT          tty (default: a code frame per finding), json,
                               sarif (SARIF 2.1.0 for GitHub code scanning),
                               github (workflow-command annotations), checkstyle,
                               gitlab (GitLab Code Quality JSON)
  -t, --failure-threshold LVL  error | warning | info | style | none (default: the
                               config's failure-threshold, else info): exit 1 when
                               a finding is at or above LVL
  -c, --config FILE            a .hadolint.yaml-style config (default: .slimfile.yaml,
                               else .hadolint.yaml, in the current folder)
      --ignore CODE            turn a rule off (repeatable; code, name or alias)
      --no-color               never colour the tty output (colour is used only on a
                               terminal, and never with NO_COLOR set)
  -h, --help                   this help

JSON output: an array of findings, each with file, code, aliases, severity
(error|warning|info|style), line, column, end_line, end_column (1-based;
columns count characters; the end is exclusive), message, and note, fix_title
and fix (title, applicability, byte-range edits) when they exist.
";

const PARSE_HELP: &str = "\
slimfile parse — show how a Dockerfile parses

Usage: slimfile parse [OPTIONS] FILE

Options:
  -f, --format FORMAT   json (default) or dump (BuildKit's AST dump format)
  -h, --help            this help

JSON output: {\"instructions\":[{\"keyword\":\"RUN\",\"start_line\":2,\"end_line\":4,
\"flags\":[...],\"arguments\":[...],\"json\":false,\"heredocs\":[...]}],
\"diagnostics\":[...]} with upper-case keywords and 1-based lines as BuildKit
reports them (end_line includes heredoc bodies).
";

const ESTIMATE_HELP: &str = "\
slimfile estimate — estimate the image size without building

Usage: slimfile estimate [OPTIONS] FILE

The target image is the base image of the target stage plus every layer the
target stage (and the stages it is built FROM) adds. Sizes come from embedded
data (base images, Debian package closures, Alpine package sizes) and
documented typical figures; each has a compressed (pull) and an uncompressed
(disk) size, a compressed low-high range and a confidence. COPY/ADD sizes are
exact only with --context; without it they are unknown and left out of the
totals.

Options:
  -f, --format FORMAT   tty (default: a table with a bar per layer) or json
      --context DIR     the build context: COPY/ADD sizes from its files, after
                        the .dockerignore of the Dockerfile (at most 200000 files)
      --target STAGE    estimate this stage (name or number) instead of the last
  -h, --help            this help

JSON output: {\"stages\":[{\"name\":..,\"index\":..,\"base\":{..},\"layers\":[{\"line\":N,
\"keyword\":..,\"compressed_bytes\":..,\"uncompressed_bytes\":..,\"low_bytes\":..,
\"high_bytes\":..,\"confidence\":..,\"explanation\":..,\"known\":..}]}],
\"final\":{\"compressed_bytes\":..,\"uncompressed_bytes\":..,\"low_bytes\":..,
\"high_bytes\":..,\"unknown_parts\":..},\"notes\":[..]}. line is the 1-based start
line of the instruction; ranges are compressed bytes.
";

pub fn help(topic: Option<&str>) -> &'static str {
    match topic {
        Some("estimate") => ESTIMATE_HELP,
        Some("check") => CHECK_HELP,
        Some("parse") => PARSE_HELP,
        Some("optimize") => crate::optimize_cmd::HELP,
        Some("fix") => crate::fix_cmd::HELP,
        _ => MAIN_HELP,
    }
}

fn format_arg(v: &str, allowed: &[(&str, Format)]) -> Result<Format, String> {
    allowed.iter().find(|(n, _)| *n == v).map(|(_, f)| *f).ok_or_else(|| {
        let names: Vec<&str> = allowed.iter().map(|(n, _)| *n).collect();
        format!("unknown format `{v}` (expected one of: {})", names.join(", "))
    })
}

/// `docs --out DIR` (or `docs DIR`).
fn docs_out(argv: &[String]) -> Result<std::path::PathBuf, String> {
    match argv.get(1).map(String::as_str) {
        Some("--out") | Some("-o") => argv.get(2).map(Into::into).ok_or_else(|| "--out needs a folder".to_string()),
        Some(a) if a.starts_with("--out=") => Ok(a["--out=".len()..].into()),
        Some(a) if !a.starts_with('-') => Ok(a.into()),
        _ => Err("`slimfile docs` needs --out DIR".to_string()),
    }
}

/// Splits `--opt=value` and `--opt value` forms.
fn take_value(argv: &[String], i: &mut usize, name: &str) -> Result<String, String> {
    let a = &argv[*i];
    if let Some((_, v)) = a.split_once('=') {
        return Ok(v.to_string());
    }
    *i += 1;
    argv.get(*i).cloned().ok_or_else(|| format!("{name} needs a value"))
}

pub fn parse(argv: &[String]) -> Result<Command, String> {
    let Some(first) = argv.first() else { return Ok(Command::Help(None)) };
    match first.as_str() {
        "-h" | "--help" => return Ok(Command::Help(None)),
        "-V" | "--version" | "version" => return Ok(Command::Version),
        "help" => return Ok(Command::Help(argv.get(1).cloned())),
        "check" | "parse" | "estimate" => {}
        "optimize" if argv[1..].iter().any(|a| a == "-h" || a == "--help") => return Ok(Command::Help(Some(first.clone()))),
        "optimize" => return crate::optimize_cmd::parse_args(&argv[1..]).map(Command::Optimize),
        "fix" => return crate::fix_cmd::parse_args(&argv[1..]).map(Command::Fix),
        "rules" => return Ok(Command::Rules),
        "docs" => return docs_out(argv).map(Command::Docs),
        "rule" => {
            return argv
                .get(1)
                .map(|c| Command::Rule(c.clone()))
                .ok_or_else(|| "`slimfile rule` needs a rule code or name".to_string())
        }
        other => return Err(format!("unknown command `{other}`")),
    }
    let sub = first.as_str();
    let mut files = Vec::new();
    let mut format = None;
    let mut threshold: Option<Option<Severity>> = None;
    let mut config = None;
    let mut ignore = Vec::new();
    let mut context = None;
    let mut target = None;
    let mut color = std::env::var_os("NO_COLOR").is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let mut i = 1;
    let mut only_files = false;
    while i < argv.len() {
        let a = argv[i].as_str();
        let name = a.split('=').next().unwrap_or(a);
        if only_files || a == "-" || !a.starts_with('-') {
            files.push(a.to_string());
        } else if a == "--" {
            only_files = true;
        } else if a == "-h" || a == "--help" {
            return Ok(Command::Help(Some(sub.to_string())));
        } else if name == "-f" || name == "--format" {
            let v = take_value(argv, &mut i, "--format")?;
            format = Some(if sub == "estimate" {
                format_arg(&v, &[("tty", Format::Tty), ("json", Format::Json)])?
            } else if sub == "check" {
                format_arg(
                    &v,
                    &[
                        ("tty", Format::Tty),
                        ("json", Format::Json),
                        ("sarif", Format::Sarif),
                        ("github", Format::Github),
                        ("checkstyle", Format::Checkstyle),
                        ("gitlab", Format::Gitlab),
                    ],
                )?
            } else {
                format_arg(&v, &[("json", Format::Json), ("dump", Format::Dump)])?
            });
        } else if sub == "check" && (name == "-t" || name == "--failure-threshold") {
            let v = take_value(argv, &mut i, "--failure-threshold")?;
            threshold = Some(if v == "none" {
                None
            } else {
                Some(Severity::parse(&v).ok_or_else(|| {
                    format!("unknown failure threshold `{v}` (expected error, warning, info, style or none)")
                })?)
            });
        } else if sub == "check" && (name == "-c" || name == "--config") {
            config = Some(take_value(argv, &mut i, "--config")?);
        } else if sub == "check" && name == "--ignore" {
            ignore.push(take_value(argv, &mut i, "--ignore")?);
        } else if sub == "estimate" && name == "--context" {
            context = Some(take_value(argv, &mut i, "--context")?);
        } else if sub == "estimate" && name == "--target" {
            target = Some(take_value(argv, &mut i, "--target")?);
        } else if sub == "check" && a == "--no-color" {
            color = false;
        } else {
            return Err(format!("unknown option `{a}` for `slimfile {sub}`"));
        }
        i += 1;
    }
    if files.is_empty() {
        return Err(format!("`slimfile {sub}` needs at least one FILE (or `-` for standard input)"));
    }
    match sub {
        "parse" => {
            if files.len() > 1 {
                return Err("`slimfile parse` takes one FILE".to_string());
            }
            Ok(Command::Parse { format: format.unwrap_or(Format::Json), file: files.remove(0) })
        }
        "estimate" => {
            if files.len() > 1 {
                return Err("`slimfile estimate` takes one FILE".to_string());
            }
            Ok(Command::Estimate { format: format.unwrap_or(Format::Tty), file: files.remove(0), context, target })
        }
        _ => Ok(Command::Check { format: format.unwrap_or(Format::Tty), threshold, files, color, config, ignore }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_check_options() {
        match parse(&args("check --format=json -t warning a b")).unwrap() {
            Command::Check { format, threshold, files, .. } => {
                assert_eq!(format, Format::Json);
                assert_eq!(threshold, Some(Some(Severity::Warning)));
                assert_eq!(files, vec!["a", "b"]);
            }
            other => panic!("{other:?}"),
        }
        match parse(&args("check --failure-threshold none x")).unwrap() {
            Command::Check { threshold, .. } => assert_eq!(threshold, Some(None)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parses_estimate_options() {
        match parse(&args("estimate --format json --context ctx --target=build Dockerfile")).unwrap() {
            Command::Estimate { format, file, context, target } => {
                assert_eq!(format, Format::Json);
                assert_eq!(file, "Dockerfile");
                assert_eq!(context.as_deref(), Some("ctx"));
                assert_eq!(target.as_deref(), Some("build"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn usage_errors() {
        assert!(parse(&args("check")).is_err());
        assert!(parse(&args("check --format xml a")).is_err());
        assert!(parse(&args("parse a b")).is_err());
        assert!(parse(&args("frobnicate")).is_err());
        assert!(parse(&args("check --bogus a")).is_err());
        assert!(parse(&args("estimate a b")).is_err());
        assert!(parse(&args("estimate --format sarif a")).is_err());
        assert!(parse(&args("check --context . a")).is_err());
    }
}
