//! Property tests: on generated Dockerfiles and on arbitrary text the parser
//! never panics, reproduces its input byte for byte, and keeps its structural
//! invariants (items tile the text, tokens tile each instruction item, every
//! range lies inside the text on character boundaries).

use proptest::prelude::*;
use slimfile::ast::ItemKind;

fn check_invariants(text: &str) {
    let df = slimfile::parse(text);
    assert_eq!(df.print(), text, "round trip");
    let mut at = 0;
    for item in &df.items {
        assert_eq!(item.range.start, at, "items must tile the text");
        at = item.range.end;
        if let ItemKind::Instruction(i) = item.kind {
            let inst = &df.instructions[i];
            let mut t_at = item.range.start;
            for t in &inst.tokens {
                assert_eq!(t.range.start, t_at, "tokens must tile the item");
                assert!(t.range.end > t.range.start, "no empty tokens");
                t_at = t.range.end;
            }
            assert_eq!(t_at, item.range.end);
            assert!(item.range.contains_range(inst.range));
            assert!(inst.start_line <= inst.end_line);
        }
    }
    assert_eq!(at, text.len());
    let ranges = df
        .diagnostics
        .iter()
        .map(|d| d.range)
        .chain(df.instructions.iter().flat_map(|i| {
            std::iter::once(i.keyword_range)
                .chain(i.flags.iter().map(|f| f.range))
                .chain(std::iter::once(i.args_range))
                .chain(i.heredocs.iter().map(|h| h.body_range))
        }));
    for r in ranges {
        assert!(r.start <= r.end && r.end <= text.len(), "range {r:?} out of bounds");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "range {r:?} splits a character");
    }
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("FROM alpine:3.20 AS build".to_string()),
        Just("from --platform=$BUILDPLATFORM golang:1.22".to_string()),
        Just("RUN apt-get update && apt-get install -y curl".to_string()),
        Just("RUN --mount=type=cache,target=/root/.cache \\".to_string()),
        Just("    pip install -r requirements.txt".to_string()),
        Just("COPY --from=build --chown=app:app /src /dst".to_string()),
        Just("COPY <<EOF /etc/conf".to_string()),
        Just("RUN <<-'EOT' bash".to_string()),
        Just("RUN cat <<A <<\"B\" > f".to_string()),
        Just("\tEOT".to_string()),
        Just("EOF".to_string()),
        Just("A".to_string()),
        Just("B".to_string()),
        Just("ENV A=1 B=\"two words\" C=three\\ four".to_string()),
        Just("ENV legacy value with spaces".to_string()),
        Just("LABEL \"com.example\"='x y'".to_string()),
        Just("ARG V=1 W".to_string()),
        Just("CMD [\"node\", \"server.js\"]".to_string()),
        Just("CMD ['not', 'json']".to_string()),
        Just("ENTRYPOINT [\"a\", 1]".to_string()),
        Just("HEALTHCHECK --interval=5s CMD curl -f http://x || exit 1".to_string()),
        Just("HEALTHCHECK NONE".to_string()),
        Just("ONBUILD RUN echo hi".to_string()),
        Just("ONBUILD ONBUILD RUN x".to_string()),
        Just("# a comment".to_string()),
        Just("    # indented comment".to_string()),
        Just("# escape=`".to_string()),
        Just("# syntax=docker/dockerfile:1".to_string()),
        Just("".to_string()),
        Just("   ".to_string()),
        Just("\\".to_string()),
        Just("`".to_string()),
        Just("echo continued \\".to_string()),
        Just("echo escaped \\\\".to_string()),
        Just("FRO".to_string()),
        Just("[\"unterminated".to_string()),
        Just("EXPOSE 80/tcp 443".to_string()),
        Just("WORKDIR /app".to_string()),
        Just("USER ünïcødé".to_string()),
        "[ -~]{0,20}".prop_map(|s| s),
        "\\PC{0,8}".prop_map(|s| s),
    ]
}

fn dockerfile() -> impl Strategy<Value = String> {
    (proptest::collection::vec((fragment(), prop_oneof![Just("\n"), Just("\r\n"), Just("")]), 0..25), any::<bool>())
        .prop_map(|(lines, bom)| {
            let mut s = if bom { "\u{feff}".to_string() } else { String::new() };
            for (l, nl) in lines {
                s.push_str(&l);
                s.push_str(if nl.is_empty() { "\n" } else { nl });
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn generated_dockerfiles_round_trip(text in dockerfile()) {
        check_invariants(&text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*") {
        check_invariants(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let df = slimfile::parse_bytes(&bytes);
        check_invariants(&df.source);
    }
}

#[test]
fn deep_and_long_inputs_do_not_overflow() {
    // 100,000 continuation lines: one instruction, no recursion per line.
    let mut s = String::from("FROM alpine\nRUN true");
    for i in 0..100_000 {
        s.push_str(&format!(" \\\n && echo {i}"));
    }
    let df = slimfile::parse(&s);
    assert_eq!(df.instructions.len(), 2);
    assert_eq!(df.instructions[1].end_line, 100_002);
    // Deeply nested JSON in exec form and 10,000 heredocs.
    let nested = format!("FROM a\nCMD {}{}\n", "[".repeat(50_000), "]".repeat(50_000));
    check_invariants(&nested);
    let mut h = String::from("FROM a\n");
    for i in 0..10_000 {
        h.push_str(&format!("RUN <<E{i}\necho {i}\nE{i}\n"));
    }
    let df = slimfile::parse(&h);
    assert_eq!(df.instructions.len(), 10_001);
    assert!(df.instructions.iter().skip(1).all(|i| i.heredocs.len() == 1));
}
