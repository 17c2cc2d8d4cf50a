//! COPY/ADD layers: exact bytes from a build-context listing after the
//! `.dockerignore`, unknown without one.

use super::figures::{ratio_for_path, MB};
use super::{Confidence, Size};
use crate::ast::{Args, Instruction};
use crate::dockerignore::DockerIgnore;
use crate::semantic::Semantic;

/// One file of the build context: its path relative to the context root
/// (`/`-separated, `src/index.js`) and its size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextFile {
    pub path: String,
    pub size: u64,
}

impl ContextFile {
    pub fn new(path: impl Into<String>, size: u64) -> ContextFile {
        ContextFile {
            path: path.into(),
            size,
        }
    }
}

/// The context files that reach the build (not excluded by .dockerignore).
pub(crate) struct Listing {
    files: Vec<(String, u64)>,
    excluded: usize,
    excluded_bytes: u64,
}

fn clean(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.join("/")
}

impl Listing {
    pub(crate) fn new(files: &[ContextFile], ignore: Option<&DockerIgnore>) -> Listing {
        let mut out = Listing {
            files: Vec::new(),
            excluded: 0,
            excluded_bytes: 0,
        };
        for f in files {
            let p = clean(&f.path);
            if p.is_empty() {
                continue;
            }
            if ignore.is_some_and(|i| i.is_excluded(&p)) {
                out.excluded += 1;
                out.excluded_bytes += f.size;
            } else {
                out.files.push((p, f.size));
            }
        }
        out
    }
}

/// Shell-style match of one path component (`*`, `?`, `[...]`, `\`).
fn glob_component(pat: &[u8], s: &[u8]) -> bool {
    let (mut p, mut i) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while i < s.len() {
        if p < pat.len() {
            match pat[p] {
                b'*' => {
                    star = Some(p);
                    mark = i;
                    p += 1;
                    continue;
                }
                b'?' => {
                    p += 1;
                    i += 1;
                    continue;
                }
                b'[' => {
                    if let Some(end) = pat[p + 1..]
                        .iter()
                        .position(|&c| c == b']')
                        .map(|e| e + p + 1)
                    {
                        let set = &pat[p + 1..end];
                        let (neg, set) = match set.first() {
                            Some(b'^' | b'!') => (true, &set[1..]),
                            _ => (false, set),
                        };
                        let mut hit = false;
                        let mut k = 0;
                        while k < set.len() {
                            if k + 2 < set.len() && set[k + 1] == b'-' {
                                hit |= set[k] <= s[i] && s[i] <= set[k + 2];
                                k += 3;
                            } else {
                                hit |= set[k] == s[i];
                                k += 1;
                            }
                        }
                        if hit != neg {
                            p = end + 1;
                            i += 1;
                            continue;
                        }
                    } else if s[i] == b'[' {
                        p += 1;
                        i += 1;
                        continue;
                    }
                }
                b'\\' if p + 1 < pat.len() && pat[p + 1] == s[i] => {
                    p += 2;
                    i += 1;
                    continue;
                }
                c if c == s[i] => {
                    p += 1;
                    i += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some(sp) => {
                p = sp + 1;
                mark += 1;
                i = mark;
            }
            None => return false,
        }
    }
    pat[p..].iter().all(|&c| c == b'*')
}

/// Whether `file` is copied by source `src` (cleaned): the source itself, or
/// a file below a matched directory.
fn source_matches(src: &str, file: &str) -> bool {
    if src.is_empty() {
        return true;
    }
    let sp: Vec<&str> = src.split('/').collect();
    let fp: Vec<&str> = file.split('/').collect();
    if fp.len() < sp.len() {
        return false;
    }
    sp.iter()
        .zip(&fp)
        .all(|(p, f)| glob_component(p.as_bytes(), f.as_bytes()))
}

fn is_archive(p: &str) -> bool {
    let l = p.to_ascii_lowercase();
    [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
    ]
    .iter()
    .any(|e| l.ends_with(e))
}

pub(crate) fn estimate_copy(inst: &Instruction, sem: &Semantic, files: Option<&Listing>) -> Size {
    let kw = inst.keyword.as_str();
    if let Some(from) = inst.flag("from") {
        let v = from.value.clone().unwrap_or_default();
        // Unknown on purpose: what a stage leaves at a path is a build
        // output (`go build`, `npm run build`, `cargo build`), whose size
        // depends on the sources, and an image's files are not in the data
        // (only its total size is). Sizing it from the source stage's layers
        // would count everything that stage made, not the copied path.
        let why = match sem.stage_index(&v) {
            Some(i) => format!(
                "copies files out of stage {i}; their size is unknown: they are what that stage built, which depends on the sources (not the stage's whole size)"
            ),
            None => format!(
                "copies files out of image `{v}`; their size is unknown: the data has image totals, not the size of a path inside an image"
            ),
        };
        return Size::unknown(format!("{kw} --from={v}: {why}"));
    }
    if !inst.heredocs.is_empty() {
        let n: u64 = inst.heredocs.iter().map(|h| h.content.len() as u64).sum();
        return Size {
            compressed_bytes: (n as f64 * 0.5) as u64 + 1,
            uncompressed_bytes: n,
            low_bytes: 0,
            high_bytes: n + 1024,
            confidence: Confidence::High,
            explanation: format!("{kw} heredoc: {n} bytes"),
            known: true,
        };
    }
    let words: Vec<&str> = match &inst.args {
        Args::Exec(w) | Args::List(w) => w.iter().map(|w| w.value.as_str()).collect(),
        _ => Vec::new(),
    };
    if words.len() < 2 {
        return Size::unknown(format!("{kw}: no source"));
    }
    let sources = &words[..words.len() - 1];
    if let Some(url) = sources
        .iter()
        .find(|s| s.contains("://") || s.starts_with("git@"))
    {
        return Size::unknown(format!("{kw} {url}: remote source; size unknown"));
    }
    let Some(listing) = files else {
        return Size::unknown(format!(
            "{kw} {}: no build-context listing; size unknown",
            sources.join(" ")
        ));
    };
    let cleaned: Vec<String> = sources.iter().map(|s| clean(s)).collect();
    let mut n = 0usize;
    let (mut u, mut c, mut lo, mut hi) = (0f64, 0f64, 0f64, 0f64);
    let mut archives = 0;
    for (path, size) in &listing.files {
        if !cleaned.iter().any(|s| source_matches(s, path)) {
            continue;
        }
        n += 1;
        let b = *size as f64;
        if inst.keyword == crate::ast::Keyword::Add && is_archive(path) {
            // ADD extracts local tar archives: assumption ×3 on disk (1–6×).
            archives += 1;
            u += b * 3.0;
            c += b;
            lo += b * 0.8;
            hi += b * 1.2;
            continue;
        }
        let r = ratio_for_path(path);
        u += b;
        c += b * r;
        lo += b * r * 0.8;
        hi += b * (r * 1.2).min(1.0);
    }
    let mut text = format!(
        "{kw} {}: {n} files, {} MB from the build context",
        sources.join(" "),
        crate::numfmt::fixed(u / MB, 1)
    );
    if listing.excluded > 0 {
        text.push_str(&format!(
            " (.dockerignore leaves out {} files, {} MB)",
            listing.excluded,
            crate::numfmt::fixed(listing.excluded_bytes as f64 / MB, 1)
        ));
    }
    if n == 0 {
        text.push_str("; no file matches (the build would fail)");
    }
    if archives > 0 {
        text.push_str(&format!(
            "; {archives} archive(s) extracted, size assumed ×3"
        ));
    }
    Size {
        compressed_bytes: c.round() as u64,
        uncompressed_bytes: u.round() as u64,
        low_bytes: lo.floor() as u64,
        high_bytes: hi.ceil() as u64,
        confidence: if archives > 0 || n == 0 {
            Confidence::Low
        } else {
            Confidence::Medium
        },
        explanation: text,
        known: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_and_dirs() {
        assert!(source_matches("", "a/b"));
        assert!(source_matches("src", "src/a.js"));
        assert!(!source_matches("src", "srcx/a.js"));
        assert!(source_matches("package*.json", "package-lock.json"));
        assert!(source_matches("package*.json", "package.json"));
        assert!(!source_matches("package*.json", "lib/package.json"));
        assert!(source_matches("*/x", "a/x/y"));
        assert!(source_matches("f[0-9].txt", "f1.txt"));
        assert_eq!(clean("./a//b/"), "a/b");
    }
}
