//! Every Dockerfile of the shared corpus (`../shared/corpus` beside the
//! repository, when present) through the page's analysis layer: each
//! position shown or selected must equal a simple per-byte recount, and each
//! instruction's selection must cover exactly its keyword. Native only (the
//! browser cannot read the corpus).
#![cfg(not(target_family = "wasm"))]

use std::fs;
use std::path::{Path, PathBuf};

use slimfile_web::analysis::Analysis;
use slimfile_web::position::LineCol;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    dir.is_dir().then_some(dir)
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "tsv" | "md")) {
            out.push(path);
        }
    }
}

/// UTF-16 offset and 1-based line/column at every byte offset (`len + 1`
/// entries; offsets inside a character get that character's start).
fn recount(text: &str) -> (Vec<u32>, Vec<LineCol>) {
    let mut utf16 = Vec::with_capacity(text.len() + 1);
    let mut at = Vec::with_capacity(text.len() + 1);
    let (mut u, mut line, mut column) = (0u32, 1, 1);
    for c in text.chars() {
        for _ in 0..c.len_utf8() {
            utf16.push(u);
            at.push(LineCol { line, column });
        }
        u += c.len_utf16() as u32;
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    utf16.push(u);
    at.push(LineCol { line, column });
    (utf16, at)
}

#[test]
fn positions_match_a_recount_on_every_corpus_file() {
    let Some(dir) = corpus() else {
        eprintln!("no ../shared/corpus beside the repository: nothing to check");
        return;
    };
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    assert!(paths.len() > 100, "expected the corpus's Dockerfiles, found {}", paths.len());
    let (mut instructions, mut diagnostics, mut non_ascii) = (0, 0, 0);
    for path in &paths {
        let bytes = fs::read(path).unwrap();
        let df = slimfile::parse_bytes(&bytes);
        let text = &df.source;
        non_ascii += usize::from(!text.is_ascii());
        let (utf16, at) = recount(text);
        let units: Vec<u16> = text.encode_utf16().collect();
        let a = Analysis::from_dockerfile(&df);
        assert_eq!(a.instructions.len(), df.instructions.len());
        for (row, ins) in a.instructions.iter().zip(&df.instructions) {
            let r = ins.keyword_range;
            assert_eq!((row.selection.start, row.selection.end), (utf16[r.start], utf16[r.end]), "{path:?}");
            let selected = String::from_utf16_lossy(&units[row.selection.start as usize..row.selection.end as usize]);
            assert_eq!(selected, ins.keyword_text, "{path:?}");
            instructions += 1;
        }
        assert_eq!(a.diagnostics.len(), df.diagnostics.len());
        for d in &df.diagnostics {
            let row = a
                .diagnostics
                .iter()
                .find(|row| row.code == d.code && row.message == d.message && row.selection.start == utf16[d.range.start.min(text.len())])
                .unwrap_or_else(|| panic!("{path:?}: no row for {d:?}"));
            assert_eq!(row.at, at[d.range.start.min(text.len())], "{path:?} {d:?}");
            assert_eq!(row.selection.end, utf16[d.range.end.min(text.len())], "{path:?} {d:?}");
            diagnostics += 1;
        }
    }
    eprintln!(
        "{} files ({non_ascii} with non-ASCII text), {instructions} instructions, {diagnostics} diagnostics checked",
        paths.len()
    );
    assert!(instructions > 1000);
}

/// The editor overlay on every corpus file: the highlight ranges keep their
/// promise (sorted, non-overlapping, on character boundaries) and the overlay
/// lines show exactly the file's characters, line by line, with every
/// finding's underline inside its line.
#[test]
fn the_overlay_reproduces_every_corpus_file() {
    let Some(dir) = corpus() else {
        eprintln!("SKIPPED overlay check: corpus not found (../shared/corpus beside the repository)");
        return;
    };
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    let (mut spans, mut marks) = (0, 0);
    for path in &paths {
        let bytes = fs::read(path).unwrap();
        let text = slimfile::parse_bytes(&bytes).source;
        let highlights = slimfile::highlight::highlight(&text);
        let mut end = 0;
        for (r, _) in &highlights {
            assert!(r.start >= end && r.start < r.end && r.end <= text.len(), "{path:?} {r:?}");
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{path:?} {r:?}");
            end = r.end;
        }
        spans += highlights.len();
        let a = Analysis::of(&text);
        let found: Vec<slimfile_web::overlay::Mark> = a
            .diagnostics
            .iter()
            .enumerate()
            .map(|(i, d)| slimfile_web::overlay::Mark { range: d.range, severity: d.severity, finding: i })
            .collect();
        marks += found.len();
        let lines = slimfile_web::overlay::lines(&text, &highlights, &found);
        let expected: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
        assert_eq!(lines.len(), expected.len(), "{path:?}");
        for (line, want) in lines.iter().zip(&expected) {
            let got: String = line.segments.iter().map(|s| s.text.as_str()).collect();
            assert_eq!(&got, want, "{path:?}");
        }
    }
    eprintln!("{} files, {spans} highlight ranges, {marks} underlines checked", paths.len());
    assert!(spans > 10_000);
}
