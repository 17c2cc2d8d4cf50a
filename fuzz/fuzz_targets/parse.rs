//! The parser on arbitrary bytes: never panics, reproduces its input byte
//! for byte, items tile the text, tokens tile each instruction item, and
//! every range lies inside the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slimfile::ast::ItemKind;

fuzz_target!(|data: &[u8]| {
    let df = slimfile::parse_bytes(data);
    let text = df.source.as_str();
    if let Ok(s) = std::str::from_utf8(data) {
        assert_eq!(text, s);
        assert!(df.diagnostics.iter().all(|d| d.code != "parse/invalid-utf8"));
    } else {
        assert_eq!(df.diagnostics.first().map(|d| d.code.as_str()), Some("parse/invalid-utf8"));
    }
    assert_eq!(df.print(), text, "round trip");
    let mut at = 0;
    for item in &df.items {
        assert_eq!(item.range.start, at, "items tile the text");
        at = item.range.end;
        if let ItemKind::Instruction(i) = item.kind {
            let inst = &df.instructions[i];
            let mut t_at = item.range.start;
            for t in &inst.tokens {
                assert_eq!(t.range.start, t_at, "tokens tile the item");
                assert!(t.range.end > t.range.start, "no empty token");
                t_at = t.range.end;
            }
            assert_eq!(t_at, item.range.end);
            assert!(inst.start_line <= inst.end_line);
        }
    }
    assert_eq!(at, text.len());
    let ranges = df.diagnostics.iter().map(|d| d.range).chain(df.instructions.iter().flat_map(|i| {
        std::iter::once(i.keyword_range)
            .chain(i.flags.iter().map(|f| f.range))
            .chain(std::iter::once(i.args_range))
            .chain(i.heredocs.iter().map(|h| h.body_range))
    }));
    for r in ranges {
        assert!(r.start <= r.end && r.end <= text.len(), "range {r:?} out of bounds");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "range {r:?} splits a character");
    }
    // Parsing the printed tree again gives the same instructions.
    let again = slimfile::parse(text);
    assert_eq!(again.instructions.len(), df.instructions.len());
});
