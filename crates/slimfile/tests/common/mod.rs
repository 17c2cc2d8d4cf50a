//! Shared helpers for the corpus tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The shared corpus: `$SLIMFILE_CORPUS`, else `../shared/corpus` beside the
/// repository. `None` (with a clear message) when it is absent, as it is for
/// a user who cloned the repository alone.
pub fn corpus(test: &str) -> Option<PathBuf> {
    let path = match std::env::var_os("SLIMFILE_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus")),
    };
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("SKIPPED {test}: corpus not found at {} (set SLIMFILE_CORPUS to run it)", path.display());
        None
    }
}

/// Every Dockerfile of the corpus listed in PARSE-BASELINE.tsv, with the
/// reference instruction split (`KEYWORD@line ...`).
pub fn baseline(corpus: &Path) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(corpus.join("PARSE-BASELINE.tsv")).expect("PARSE-BASELINE.tsv");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() < 3 {
                return None;
            }
            Some((cols[0].to_string(), cols[2].split_whitespace().map(str::to_string).collect()))
        })
        .collect()
}

/// The shared data folder holding `file`: `$SLIMFILE_SHARED_DATA`, else
/// `../shared/data` beside the repository. `None` (with a SKIPPED message)
/// when it is absent.
pub fn shared_data(test: &str, file: &str) -> Option<PathBuf> {
    let path = match std::env::var_os("SLIMFILE_SHARED_DATA") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")),
    };
    if path.join(file).is_file() {
        Some(path)
    } else {
        eprintln!("SKIPPED {test}: {file} not found in {} (set SLIMFILE_SHARED_DATA to run it)", path.display());
        None
    }
}

/// The data rows of a shared TSV file (provenance comments and the header
/// line skipped), split into columns.
pub fn tsv_rows(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect()
}
