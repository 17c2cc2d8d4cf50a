//! `slimfile optimize`: real process, real files and a real context folder.

use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_slimfile"))
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("slimfile-optimize-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The article's app: install, build, serve the build folder.
const DOCKERFILE: &str = "FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\nEXPOSE 3000\nCMD [\"npx\", \"serve\", \"-s\", \"build\", \"-l\", \"3000\"]\n";

fn context(name: &str) -> PathBuf {
    let d = tmpdir(name);
    for dir in ["src", "public", "node_modules/react", ".git/objects"] {
        std::fs::create_dir_all(d.join(dir)).unwrap();
    }
    std::fs::write(d.join("package.json"), "{\"scripts\":{\"build\":\"x\"}}").unwrap();
    std::fs::write(d.join("package-lock.json"), vec![b'{'; 300_000]).unwrap();
    std::fs::write(d.join("src/App.js"), vec![b'a'; 30_000]).unwrap();
    std::fs::write(d.join("public/logo.png"), vec![7u8; 200_000]).unwrap();
    std::fs::write(d.join("node_modules/react/index.js"), vec![b'r'; 4_000_000]).unwrap();
    std::fs::write(d.join(".git/objects/pack"), vec![1u8; 2_000_000]).unwrap();
    std::fs::write(d.join(".env"), "TOKEN=secret\n").unwrap();
    std::fs::write(d.join("Dockerfile"), DOCKERFILE).unwrap();
    d
}

#[test]
fn json_has_every_step_with_sizes_and_the_final_files() {
    let d = context("json");
    let o = bin().args(["optimize", "--format", "json", "--context"]).arg(&d).arg(d.join("Dockerfile")).output().unwrap();
    assert!(o.status.success(), "{o:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let steps = v["steps"].as_array().unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s["technique"].as_str().unwrap()).collect();
    assert_eq!(names, ["base", "cache-order", "dockerignore", "multi-stage"]);
    // Each step starts where the previous one ended; the total falls to
    // nginx:alpine's published size.
    for w in steps.windows(2) {
        assert_eq!(w[0]["after"], w[1]["before"]);
    }
    assert_eq!(v["before"], steps[0]["before"]);
    let nginx = slimfile::sizedata::base_image("nginx", "alpine").unwrap();
    assert_eq!(v["after"]["compressed_bytes"], nginx.compressed);
    assert_eq!(v["after"]["uncompressed_bytes"], nginx.uncompressed);
    assert!(v["before"]["compressed_bytes"].as_u64().unwrap() > slimfile::sizedata::base_image("node", "latest").unwrap().compressed);
    // The manifests really exist in the context: cache-order is safe.
    assert_eq!(steps[1]["applicability"], "safe");
    assert!(steps[1]["dockerfile"].as_str().unwrap().contains("COPY package.json package-lock.json ./\n"));
    let ignore = v["dockerignore"].as_str().unwrap();
    for p in [".env*", "**/node_modules", ".git"] {
        assert!(ignore.lines().any(|l| l == p), "{p}:\n{ignore}");
    }
    let df = v["dockerfile"].as_str().unwrap();
    assert!(df.contains("FROM node:alpine AS build\n") && df.contains("FROM nginx:alpine\n"), "{df}");
    let diff = v["diff"].as_str().unwrap();
    assert!(diff.contains("-FROM node:latest\n+FROM node:alpine AS build\n"), "{diff}");
    assert!(diff.contains("+++ b/") && diff.contains("+.git\n"), "{diff}");
    // The base step lists the other variants with their sizes.
    let alts = steps[0]["alternatives"].as_array().unwrap();
    assert!(alts.iter().any(|a| a["reference"] == "node:slim" && a["compressed_bytes"] == slimfile::sizedata::base_image("node", "slim").unwrap().compressed));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn tty_shows_the_table_the_diff_and_the_files() {
    let d = context("tty");
    let o = bin().args(["optimize", "--context"]).arg(&d).arg(d.join("Dockerfile")).output().unwrap();
    assert!(o.status.success(), "{o:?}");
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(s.contains("compressed = pull, uncompressed = disk"), "{s}");
    for row in ["as written", "1    base", "2    cache-order", "3    dockerignore", "4    multi-stage", "total"] {
        assert!(s.contains(row), "{row} missing:\n{s}");
    }
    assert!(s.contains("26.3 MB (94% less)") || s.contains("26.3 MB (95% less)"), "{s}");
    assert!(s.contains("also: node:slim"), "{s}");
    assert!(s.contains("--- a/") && s.contains("@@ -1,"), "{s}");
    assert!(s.contains("(optimized)\nFROM node:alpine AS build\n"), "{s}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn only_stdin_and_existing_dockerignore() {
    let d = tmpdir("only");
    std::fs::write(d.join("Dockerfile"), "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n").unwrap();
    std::fs::write(d.join(".dockerignore"), "secret.txt\n").unwrap();
    let o = bin().args(["optimize", "--only", "dockerignore,run", "--format", "json"]).arg(d.join("Dockerfile")).output().unwrap();
    assert!(o.status.success(), "{o:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = v["steps"].as_array().unwrap().iter().map(|s| s["technique"].as_str().unwrap()).collect();
    assert_eq!(names, ["dockerignore", "run"]);
    // The .dockerignore beside the Dockerfile is extended, not replaced.
    assert!(v["dockerignore"].as_str().unwrap().starts_with("secret.txt\n# Added by slimfile optimize.\n"));
    assert!(v["dockerfile"].as_str().unwrap().contains("pip install --no-cache-dir -r requirements.txt"));
    // Standard input, nothing to do.
    let mut child = bin()
        .args(["optimize", "--only", "base", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"FROM alpine:3.22\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8(o.stdout).unwrap().contains("Nothing to optimize"));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["optimize"],
        vec!["optimize", "--only", "bogus", "Dockerfile"],
        vec!["optimize", "--format", "sarif", "Dockerfile"],
        vec!["optimize", "a", "b"],
        vec!["optimize", "--context", "/nonexistent-dir-slimfile", "-"],
        vec!["optimize", "/nonexistent-file-slimfile"],
    ] {
        let o = bin().args(&args).stdin(std::process::Stdio::null()).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {o:?}");
    }
    let o = bin().args(["optimize", "--help"]).output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8(o.stdout).unwrap().contains("cache-order"));
    let o = bin().args(["--help"]).output().unwrap();
    assert!(String::from_utf8(o.stdout).unwrap().contains("slimfile optimize"));
}
