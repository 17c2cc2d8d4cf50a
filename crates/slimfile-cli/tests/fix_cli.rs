//! `slimfile fix` as a process: stdout, --write, --diff, --unsafe, --ignore,
//! --config and the exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_slimfile"));
    c.env_remove("NO_COLOR");
    c
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("slimfile-fix-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const SRC: &str = "FROM alpine:3.20\n# tools\nMAINTAINER me\nRUN apk add curl\nENTRYPOINT sleep 1\n";
const SAFE: &str = "FROM alpine:3.20\n# tools\nLABEL maintainer=\"me\"\nRUN apk add --no-cache curl\nENTRYPOINT sleep 1\n";

#[test]
fn prints_the_fixed_file_and_a_summary() {
    let d = tmpdir("stdout");
    let f = d.join("Dockerfile");
    std::fs::write(&f, SRC).unwrap();
    let o = bin().arg("fix").arg(&f).output().unwrap();
    assert_eq!(stdout(&o), SAFE);
    assert!(stderr(&o).contains("2 fixes applied (DL4000, DL3019)") || stderr(&o).contains("2 fixes applied (DL3019, DL4000)"), "{}", stderr(&o));
    // Findings remain (DL3018, DL3025 ...): exit 1 as `check` would.
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    // The file itself is untouched.
    assert_eq!(std::fs::read_to_string(&f).unwrap(), SRC);
}

#[test]
fn unsafe_applies_more() {
    let d = tmpdir("unsafe");
    let f = d.join("Dockerfile");
    std::fs::write(&f, SRC).unwrap();
    let o = bin().args(["fix", "--unsafe"]).arg(&f).output().unwrap();
    let out = stdout(&o);
    assert!(out.contains("ENTRYPOINT [\"sleep\", \"1\"]"), "{out}");
    assert!(out.contains("# tools\n"), "{out}");
}

#[test]
fn write_in_place_then_nothing_left_to_fix() {
    let d = tmpdir("write");
    let f = d.join("Dockerfile");
    std::fs::write(&f, SRC).unwrap();
    let o = bin().args(["fix", "--write"]).arg(&f).output().unwrap();
    assert_eq!(stdout(&o), "");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), SAFE);
    let again = bin().args(["fix", "--diff"]).arg(&f).output().unwrap();
    assert_eq!(stdout(&again), "", "a second fix changes nothing");
    assert!(stderr(&again).contains("0 fixes applied"), "{}", stderr(&again));
}

#[test]
fn diff_is_unified_and_applies_with_patch() {
    let d = tmpdir("diff");
    std::fs::write(d.join("Dockerfile"), SRC).unwrap();
    let o = bin().args(["fix", "--diff", "Dockerfile"]).current_dir(&d).output().unwrap();
    let diff = stdout(&o);
    assert!(diff.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,5 +1,5 @@\n FROM alpine:3.20\n # tools\n-MAINTAINER me\n"), "{diff}");
    assert!(diff.contains("+RUN apk add --no-cache curl\n"), "{diff}");
    // `patch` (when installed) turns the original into the fixed file.
    if let Ok(mut p) = Command::new("patch").args(["-p1", "-s"]).current_dir(&d).stdin(Stdio::piped()).spawn() {
        p.stdin.take().unwrap().write_all(diff.as_bytes()).unwrap();
        assert!(p.wait().unwrap().success());
        assert_eq!(std::fs::read_to_string(d.join("Dockerfile")).unwrap(), SAFE);
    }
}

#[test]
fn stdin_ignore_and_config() {
    let mut p = bin().args(["fix", "--ignore", "DL3019", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    p.stdin.take().unwrap().write_all(SRC.as_bytes()).unwrap();
    let o = p.wait_with_output().unwrap();
    assert_eq!(stdout(&o), SRC.replace("MAINTAINER me", "LABEL maintainer=\"me\""));
    let d = tmpdir("config");
    std::fs::write(d.join("cfg.yaml"), "ignored:\n  - DL4000\nfailure-threshold: error\n").unwrap();
    std::fs::write(d.join("Dockerfile"), SRC).unwrap();
    let o = bin().args(["fix", "--config", "cfg.yaml", "Dockerfile"]).current_dir(&d).output().unwrap();
    assert_eq!(stdout(&o), SRC.replace("apk add", "apk add --no-cache"));
    // No error-level finding is left: exit 0 under the config's threshold.
    assert_eq!(o.status.code(), Some(0), "{o:?}");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let d = tmpdir("errors");
    std::fs::write(d.join("a"), SRC).unwrap();
    std::fs::write(d.join("b"), SRC).unwrap();
    for args in [vec!["fix"], vec!["fix", "--bogus", "a"], vec!["fix", "a", "b"], vec!["fix", "--write", "-"], vec!["fix", "--config"]] {
        let o = bin().args(&args).current_dir(&d).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {o:?}");
    }
    let o = bin().args(["fix", "--diff", "a", "missing", "b"]).current_dir(&d).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    // The readable files are still processed.
    assert_eq!(stdout(&o).matches("+++ b/").count(), 2);
    std::fs::write(d.join("bin"), b"FROM alpine\n\xff\n").unwrap();
    let o = bin().args(["fix", "--write", "bin"]).current_dir(&d).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(d.join("bin")).unwrap(), b"FROM alpine\n\xff\n");
    let o = bin().args(["help", "fix"]).output().unwrap();
    assert!(stdout(&o).contains("slimfile fix [OPTIONS] FILE..."));
    assert!(o.status.success());
}
