//! What the benches share: the corpus Dockerfiles.

use std::path::PathBuf;

/// The text of every Dockerfile under `../shared/corpus` (or
/// `$SLIMFILE_CORPUS`), sorted by path; `None` (with a line saying where it
/// looked) when there is none.
pub fn corpus_files() -> Option<Vec<String>> {
    let root = std::env::var_os("SLIMFILE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus")));
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n.to_string_lossy().contains("Dockerfile")) {
                if let Ok(t) = std::fs::read_to_string(&p) {
                    out.push((p, t));
                }
            }
        }
    }
    if out.is_empty() {
        eprintln!("corpus not found at {}", root.display());
        return None;
    }
    out.sort();
    Some(out.into_iter().map(|(_, t)| t).collect())
}
