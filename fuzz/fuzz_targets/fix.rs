//! The fix engine on arbitrary input: `fix_all` (safe, then unsafe) never
//! panics; its output parses back losslessly, raises no error-level finding
//! the input did not have, keeps every comment line, and a second run changes
//! nothing (idempotent).
#![no_main]

use libfuzzer_sys::fuzz_target;
use slimfile::{FixMode, Input, Severity};

fn errors(text: &str) -> usize {
    let report = slimfile::analyze(&Input { dockerfile: text, dockerignore: None, config: None });
    report.findings.iter().filter(|f| f.diagnostic.severity == Severity::Error).count()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for mode in [FixMode::Safe, FixMode::Unsafe] {
        let input = Input { dockerfile: &text, dockerignore: None, config: None };
        let out = slimfile::fix_all(&input, mode);
        if out.text == *text {
            continue;
        }
        assert_eq!(slimfile::parse(&out.text).print(), out.text);
        assert!(errors(&out.text) <= errors(&text), "a fix added an error:\n{}", out.text);
        for line in text.lines().map(str::trim).filter(|l| l.starts_with('#')) {
            assert!(out.text.lines().any(|o| o.trim() == line), "comment lost: {line}");
        }
        if out.converged {
            let again = slimfile::fix_all(&Input { dockerfile: &out.text, dockerignore: None, config: None }, mode);
            assert_eq!(again.text, out.text, "not idempotent");
        }
    }
});
