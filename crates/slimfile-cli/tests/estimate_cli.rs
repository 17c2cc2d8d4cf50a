//! `slimfile estimate`: real process, real files and a real context folder.

use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_slimfile"))
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("slimfile-estimate-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const DOCKERFILE: &str = "FROM node:24-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\n\n\
FROM alpine:3.24\nENV A=1\nRUN apk add --no-cache ca-certificates\nCOPY --from=build /app/dist /srv\nCOPY src /srv/src\n";

fn context(name: &str) -> PathBuf {
    let d = tmpdir(name);
    std::fs::create_dir_all(d.join("src")).unwrap();
    std::fs::create_dir_all(d.join("node_modules/big")).unwrap();
    std::fs::write(d.join("src/index.js"), vec![b'a'; 10_000]).unwrap();
    std::fs::write(d.join("src/logo.png"), vec![7u8; 5_000]).unwrap();
    std::fs::write(d.join("node_modules/big/blob.bin"), vec![1u8; 200_000]).unwrap();
    std::fs::write(d.join(".dockerignore"), "node_modules\n").unwrap();
    std::fs::write(d.join("Dockerfile"), DOCKERFILE).unwrap();
    d
}

#[test]
fn json_lists_the_target_chain_with_lines_and_exact_copy_bytes() {
    let d = context("json");
    let o = bin()
        .args(["estimate", "--format", "json", "--context"])
        .arg(&d)
        .arg(d.join("Dockerfile"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let stages = v["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 1, "only the target's chain: {v}");
    assert_eq!(stages[0]["index"], 1);
    let base = &stages[0]["base"];
    assert_eq!(
        base["compressed_bytes"],
        slimfile::sizedata::base_image("alpine", "3.24")
            .unwrap()
            .compressed
    );
    let layers = stages[0]["layers"].as_array().unwrap();
    let lines: Vec<u64> = layers.iter().map(|l| l["line"].as_u64().unwrap()).collect();
    assert_eq!(
        lines,
        [8, 9, 10],
        "ENV is a 0-byte metadata instruction, not listed"
    );
    assert_eq!(layers[1]["known"], false);
    assert_eq!(layers[2]["uncompressed_bytes"], 15_000, "src/ exactly");
    for key in [
        "compressed_bytes",
        "uncompressed_bytes",
        "low_bytes",
        "high_bytes",
    ] {
        assert!(v["final"][key].as_u64().unwrap() > 0, "{key}");
        for l in layers {
            assert!(l[key].is_u64(), "{key}");
        }
    }
    let f = &v["final"];
    assert!(f["low_bytes"].as_u64() <= f["compressed_bytes"].as_u64());
    assert!(f["compressed_bytes"].as_u64() <= f["high_bytes"].as_u64());
    assert_eq!(f["unknown_parts"], 1);

    // --target build, and .dockerignore applied to `COPY . .`.
    let o = bin()
        .args([
            "estimate",
            "--format=json",
            "--target",
            "build",
            "--context",
        ])
        .arg(&d)
        .arg(d.join("Dockerfile"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let copy = &v["stages"][0]["layers"][0];
    assert_eq!(copy["keyword"], "COPY");
    assert_eq!(copy["line"], 3);
    let u = copy["uncompressed_bytes"].as_u64().unwrap();
    assert!((15_000..200_000).contains(&u), "node_modules left out: {u}");
}

#[test]
fn tty_labels_compressed_and_uncompressed() {
    let d = context("tty");
    let o = bin()
        .arg("estimate")
        .arg(d.join("Dockerfile"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        s.contains("compressed (pull)") && s.contains("uncompressed (disk)"),
        "{s}"
    );
    assert!(s.contains("no build-context listing"), "{s}");
    assert!(s.contains('█'), "{s}");
}

#[test]
fn usage_errors_exit_2() {
    let o = bin()
        .args(["estimate", "--format", "sarif", "x"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = bin()
        .args(["estimate", "/nonexistent/Dockerfile"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
