//! The whole analysis (parser, semantic model, shell model, every rule,
//! suppressions, costs) and the size estimate on arbitrary input: never
//! panics; every finding's range and every fix edit lies inside the text on
//! character boundaries; a fix applies and its output parses.
//!
//! Input: the Dockerfile, then optionally a NUL byte and a `.dockerignore`,
//! then optionally a second NUL byte and a `.hadolint.yaml` config.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0);
    let dockerfile = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let ignore = parts.next().map(String::from_utf8_lossy);
    let config = parts.next().map(|c| slimfile::lint::Config::from_yaml(&String::from_utf8_lossy(c)).0);
    let report = slimfile::analyze(&slimfile::Input {
        dockerfile: &dockerfile,
        dockerignore: ignore.as_deref(),
        config: config.as_ref(),
    });
    let text = dockerfile.as_ref();
    let ok = |r: slimfile::TextRange, len: usize, s: &str| r.start <= r.end && r.end <= len && s.is_char_boundary(r.start) && s.is_char_boundary(r.end);
    for f in &report.findings {
        let (len, s) = match f.file {
            slimfile::FileKind::Dockerfile => (text.len(), text),
            slimfile::FileKind::Dockerignore => (ignore.as_deref().map_or(0, str::len), ignore.as_deref().unwrap_or("")),
        };
        assert!(ok(f.diagnostic.range, len, s), "{}: range {:?}", f.diagnostic.code, f.diagnostic.range);
        if let (slimfile::FileKind::Dockerfile, Some(fix)) = (f.file, &f.diagnostic.fix) {
            for e in &fix.edits {
                assert!(ok(e.range, len, s), "{}: edit {:?}", f.diagnostic.code, e.range);
            }
            if let Some(fixed) = fix.apply(text) {
                let df = slimfile::parse(&fixed);
                assert_eq!(df.print(), fixed);
            }
        }
    }
    let ig = ignore.as_deref().map(slimfile::dockerignore::DockerIgnore::parse);
    let est = slimfile::estimate::estimate(&report.dockerfile, ig.as_ref(), None, None);
    assert_eq!(est.target.is_some(), report.dockerfile.instructions.iter().any(|i| i.keyword == slimfile::Keyword::From));
});
