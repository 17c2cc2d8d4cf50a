//! The core crate must build from its own folder alone (`cargo package`
//! copies only that): every file the library embeds with `include_str!` or
//! `include_bytes!` lives inside the crate.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The literal paths of a file's `include_str!("…")` and `include_bytes!("…")`.
fn included(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for mac in ["include_str!(\"", "include_bytes!(\""] {
        let mut rest = text;
        while let Some(at) = rest.find(mac) {
            rest = &rest[at + mac.len()..];
            if let Some(end) = rest.find('"') {
                paths.push(rest[..end].to_string());
            }
        }
    }
    paths
}

#[test]
fn the_library_embeds_only_files_inside_the_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).canonicalize().unwrap();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut checked = 0;
    let mut outside = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for rel in included(&text) {
            let target = file.parent().unwrap().join(&rel);
            match target.canonicalize() {
                Ok(t) if t.starts_with(&root) => checked += 1,
                _ => outside.push(format!("{}: {rel}", file.display())),
            }
        }
    }
    assert!(outside.is_empty(), "embedded from outside the crate (cargo package would fail):\n{}", outside.join("\n"));
    // The size data (base images, Debian, Alpine, seeds) at least.
    assert!(checked >= 5, "only {checked} embedded files found");
}

#[test]
fn included_paths_are_read_from_the_macro() {
    let src = "const A: &str = include_str!(\"../x.tsv\");\nconst B: &[u8] = include_bytes!(\"y.bin\");";
    assert_eq!(included(src), ["../x.tsv", "y.bin"]);
}
