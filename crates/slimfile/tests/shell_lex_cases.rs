//! Conformance of `slimfile::expand` with BuildKit's shell lexer tables
//! (`envVarTest`, `wordsTest` from moby/buildkit `frontend/dockerfile/shell`,
//! read from the shared corpus, never copied here), plus our own fixtures.
//!
//! The corpus is found at `$SLIMFILE_CORPUS` or `<workspace>/../shared/corpus`;
//! when it is absent the conformance tests print `SKIPPED` and pass.

use slimfile::expand::{variable_refs, Env, ExpandError, Lexer, VarOp, VarRef};
use slimfile::TextRange;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

// ---------------------------------------------------------------------------
// Conformance with the BuildKit tables.

fn corpus_file(name: &str) -> Option<String> {
    let root = match std::env::var_os("SLIMFILE_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .join("..")
            .join("shared")
            .join("corpus"),
    };
    let path = root.join("buildkit-shell-lex").join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!(
                "SKIPPED: BuildKit {name} table: corpus not found at {}",
                path.display()
            );
            None
        }
    }
}

/// Upstream runs `envVarTest` through `ProcessWord` with escape `\` and this
/// environment (lex_test.go).
fn env_var_test_env() -> Vec<(String, String)> {
    [
        ("PWD", "/home"),
        ("SHELL", "bash"),
        ("KOREAN", "한국어"),
        ("NULL", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

#[test]
fn buildkit_env_var_test() {
    let Some(text) = corpus_file("envVarTest") else {
        return;
    };
    let env = env_var_test_env();
    let lexer = Lexer::new('\\');
    let (mut total, mut agree, mut skipped) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for (number, line) in text.lines().enumerate() {
        // As upstream: lines starting with `#` and blank lines are skipped.
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('|').collect();
        assert_eq!(
            fields.len(),
            3,
            "line {}: not `P|input|expected`: {line:?}",
            number + 1
        );
        let (platform, input, expected) = (fields[0].trim(), fields[1].trim(), fields[2].trim());
        assert!(
            matches!(platform, "A" | "U" | "W"),
            "line {}: unknown platform {platform:?}",
            number + 1
        );
        // Skip rule: `W` rows are Windows-only (there BuildKit compares
        // variable names case-insensitively); we implement Unix semantics,
        // which the `U` variants of the same inputs check.
        if platform == "W" {
            skipped += 1;
            continue;
        }
        total += 1;
        let got = lexer.process_word(input, &env);
        let ok = match (&got, expected) {
            (Err(_), "error") => true,
            (Ok(_), "error") => false,
            (Ok(e), want) => e.value == want,
            (Err(_), _) => false,
        };
        if ok {
            agree += 1;
        } else {
            disagreements.push(format!(
                "  line {}: {input:?}: expected {expected:?}, got {:?}",
                number + 1,
                got.map(|e| e.value)
            ));
        }
    }
    eprintln!("envVarTest: {agree}/{total} agree ({skipped} Windows-only rows skipped)");
    for d in &disagreements {
        eprintln!("{d}");
    }
    assert!(
        total > 200,
        "only {total} rows read: is the table complete?"
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements",
        disagreements.len()
    );
}

#[test]
fn buildkit_words_test() {
    let Some(text) = corpus_file("wordsTest") else {
        return;
    };
    let lexer = Lexer::new('\\');
    let mut env: Vec<(String, String)> = Vec::new();
    let (mut total, mut agree) = (0, 0);
    let mut disagreements = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // `ENV k=v` (trailing spaces kept) adds to the environment.
        if let Some(rest) = line.strip_prefix("ENV ") {
            let rest = rest.trim_start_matches(' ');
            let (k, v) = rest.split_once('=').unwrap_or((rest, ""));
            env.push((k.to_string(), v.to_string()));
            continue;
        }
        let fields: Vec<&str> = line.split('|').collect();
        assert_eq!(
            fields.len(),
            2,
            "line {}: not `input | words`: {line:?}",
            number + 1
        );
        let input = fields[0].trim();
        // Upstream trims only leading spaces of the expectation.
        let expected: Vec<String> = fields[1]
            .trim_start_matches(' ')
            .split(',')
            .map(str::to_string)
            .collect();
        total += 1;
        let got = match lexer.process_words(input, &env) {
            Ok(words) => words,
            Err(_) => vec!["error".to_string()],
        };
        if got == expected {
            agree += 1;
        } else {
            disagreements.push(format!(
                "  line {}: {input:?}: expected {expected:?}, got {got:?}",
                number + 1
            ));
        }
    }
    // Upstream reads the file a second time with RawQuotes and SkipUnsetEnv,
    // without rewinding the reader, so that pass checks nothing; neither do we.
    eprintln!("wordsTest: {agree}/{total} agree (0 skipped)");
    for d in &disagreements {
        eprintln!("{d}");
    }
    assert!(total > 20, "only {total} rows read: is the table complete?");
    assert!(
        disagreements.is_empty(),
        "{} disagreements",
        disagreements.len()
    );
}

// ---------------------------------------------------------------------------
// Our own fixtures.

const ENV: [(&str, &str); 7] = [
    ("A", "a"),
    ("E", ""),
    ("S", "x y"),
    ("F", "file.tar.gz"),
    ("ML", "a\nb.c"),
    ("D", "$0"),
    ("क", "ka"),
];

fn word(input: &str) -> String {
    match Lexer::default().process_word(input, &ENV) {
        Ok(e) => e.value,
        Err(e) => panic!("{input:?}: unexpected error {e}"),
    }
}

fn words(input: &str) -> Vec<String> {
    match Lexer::default().process_words(input, &ENV) {
        Ok(w) => w,
        Err(e) => panic!("{input:?}: unexpected error {e}"),
    }
}

fn err(input: &str) -> ExpandError {
    match Lexer::default().process_word(input, &ENV) {
        Ok(e) => panic!("{input:?}: expected an error, got {:?}", e.value),
        Err(e) => e,
    }
}

fn range(start: usize, end: usize) -> TextRange {
    TextRange { start, end }
}

#[test]
fn plain_references() {
    assert_eq!(word("$A-${A}-$U-${U}."), "a-a--.");
    assert_eq!(word("$A_b ${A}_b"), " a_b");
    assert_eq!(word("$ $. a$"), "$ $. a$");
    // Positional and special parameters are never set.
    assert_eq!(word("<$1$23x$@y$#$$$!$0>"), "<xy>");
    assert_eq!(word("<${12}${@}${#}>"), "<>");
}

#[test]
fn default_and_alternate() {
    assert_eq!(word("${A:-d}|${E:-d}|${U:-d}"), "a|d|d");
    assert_eq!(word("${A-d}|${E-d}|${U-d}"), "a||d");
    assert_eq!(word("${A:+w}|${E:+w}|${U:+w}"), "w||");
    assert_eq!(word("${A+w}|${E+w}|${U+w}"), "w|w|");
    // Nested and quoted words.
    assert_eq!(word("${U:-${U2:-${A}}-z}"), "a-z");
    assert_eq!(word("${U:-'}'\"$A\"}"), "}a");
    assert_eq!(word("${U:-a\\}b}"), "a}b");
}

#[test]
fn required() {
    assert_eq!(word("${A:?m}|${A?m}|${E?m}"), "a|a|");
    let e = err("p${U:?boom $A}q");
    assert_eq!(e.message, "U: boom a");
    assert_eq!(e.range, range(1, 14));
    assert_eq!(err("${U?}").message, "U: is not allowed to be unset");
    assert_eq!(err("${E:?}").message, "E: is not allowed to be empty");
    assert_eq!(err("${U:?}").message, "U: is not allowed to be unset");
    // Words are expanded eagerly: an unused default still fails.
    assert_eq!(err("${A:-${U:?no}}").message, "U: no");
}

#[test]
fn trim_prefix_and_suffix() {
    assert_eq!(
        word("${F#*.}|${F##*.}|${F%.*}|${F%%.*}"),
        "tar.gz|gz|file.tar|file"
    );
    assert_eq!(
        word("${F#file}|${F#x}|${F%gz}|${F%?z}|${F%??}"),
        ".tar.gz|file.tar.gz|file.tar.|file.tar.|file.tar."
    );
    assert_eq!(
        word("${F#*}|${F##*}|${F%*}|${F%%*}"),
        "file.tar.gz||file.tar.gz|"
    );
    assert_eq!(word("${U#*}|${E%x}"), "|");
    // BuildKit accepts and ignores a colon here.
    assert_eq!(word("${F:#*.}"), "tar.gz");
    // `*` and `?` do not match a newline (Go's `.`).
    assert_eq!(
        word("${ML#*.}|${ML%a*}|${ML#a?b}|${ML%b*}"),
        "a\nb.c|a\nb.c|a\nb.c|a\n"
    );
    assert_eq!(word("${ML%.*}"), "a\nb");
    // "Longest" is decided on the expanded pattern.
    assert_eq!(word("${F#\"#*.\"}"), "gz");
    // Escapes in patterns.
    assert_eq!(word("${F#\\*}"), "file.tar.gz");
    let e = err("x${F#\\q}");
    assert!(e.message.contains("invalid escape"), "{}", e.message);
    assert_eq!(e.range, range(1, 8));
    // The suffix pattern keeps its `\x` pairs when reversed.
    assert_eq!(
        Lexer::default()
            .process_word("${V%\\**}", &[("V", "a*b*c")])
            .unwrap()
            .value,
        "a*b"
    );
    assert_eq!(
        Lexer::default()
            .process_word("${V%%\\**}", &[("V", "a*b*c")])
            .unwrap()
            .value,
        "a"
    );
}

#[test]
fn replace_first_and_all() {
    assert_eq!(word("${F/./_}|${F//./_}"), "file_tar.gz|file_tar_gz");
    assert_eq!(
        word("${F/*./X}|${F/t?r/X}|${F/nope/X}"),
        "Xgz|file.X.gz|file.tar.gz"
    );
    assert_eq!(word("${F//?/-}"), "-----------");
    // An empty pattern matches at the start (and, with `//`, everywhere);
    // `${A///x}` is `//` with an empty pattern.
    assert_eq!(word("${A/''/x}|${A///x}|${A////x}"), "xa|xax|/xa/x");
    // On an unset variable the value is empty, which `*` matches.
    assert_eq!(word("${U/*/x}|${U//*/x}|${U/a/x}"), "x|x|");
    // With `//` the replacement is a Go regexp template: `$0` is the match.
    assert_eq!(word("${F//tar/'<$0$$>'}"), "file.<tar$>.gz");
    assert_eq!(
        word("${F//tar/'<${0}|${x}|$x|$1|$00>'}"),
        "file.<tar||||>.gz"
    );
    assert_eq!(
        word("${F//tar/'$'}|${F//tar/'${0'}"),
        "file.$.gz|file.${0.gz"
    );
    assert_eq!(word("${F//tar/$D}"), "file.tar.gz");
    // ... but not with `/`.
    assert_eq!(word("${F/tar/$D}"), "file.$0.gz");
    // `\/` in the pattern is a literal slash; escapes stay in the replacement.
    let env = [("P", "/usr/bin:/bin")];
    let got = Lexer::default().process_word("${P//\\//|}", &env).unwrap();
    assert_eq!(got.value, "|usr|bin:|bin");
    let e = err("${F/x");
    assert_eq!(e.message, "syntax error: missing '/' in ${}");
    assert_eq!(e.range, range(0, 5));
    assert_eq!(err("${F/x/y").message, "syntax error: missing '}'");
}

#[test]
fn quotes_and_escapes() {
    assert_eq!(word(r#"'$A\'"$A\$A\"\\\x""#), r#"$A\a$A"\\x"#);
    assert_eq!(word(r"a\ b\$A\\"), r"a b$A\");
    assert_eq!(word(r"end\"), "end");
    assert_eq!(word("\"new\\\nline\""), "new\\\nline");
    assert_eq!(word("\u{feff}$A"), "a");
}

#[test]
fn word_splitting() {
    assert_eq!(words("${S} \"${S}\" '${S}'"), ["x", "y", "x y", "${S}"]);
    assert_eq!(words("a \"\" b ''"), ["a", "b"]);
    assert_eq!(words(r"a\ b  c"), ["a b", "c"]);
    assert_eq!(words("p${S}q"), ["px", "yq"]);
    // As in BuildKit, quotes inside an unquoted `${V:-w}` do not protect.
    assert_eq!(words("${U:-\"p q\"}"), ["p", "q"]);
    assert_eq!(words("\"${U:-p q}\""), ["p q"]);
    assert_eq!(words(" \t\n "), Vec::<String>::new());
    let e = Lexer::default().process_word("  a  b ", &ENV).unwrap();
    assert_eq!(e.value, "  a  b ");
    assert_eq!(e.words, ["a", "b"]);
}

#[test]
fn backtick_escape() {
    let lexer = Lexer::new('`');
    let w = |s: &str| lexer.process_word(s, &ENV).unwrap().value;
    assert_eq!(w(r"C:\dir\$A"), r"C:\dir\a");
    assert_eq!(w("a`$A a``b a` b"), "a$A a`b a b");
    assert_eq!(w(r#""x`"y" "p\" "`$A""#), r#"x"y p\ $A"#);
    assert_eq!(w("${U:-a`}b}"), "a}b");
    assert_eq!(lexer.process_words("a` b c", &ENV).unwrap(), ["a b", "c"]);
    // The token is kept in a pattern, whose own escape is always `\`.
    assert_eq!(w("${F#*`.}|${F#*.}"), "file.tar.gz|tar.gz");
    assert_eq!(
        variable_refs("`$A $B \\$C", '`')
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>(),
        ["B", "C"]
    );
}

#[test]
fn options() {
    let skip = Lexer {
        skip_unset: true,
        ..Lexer::default()
    };
    let got = skip
        .process_word(
            "$U ${U} ${U:-\"x\"} ${A} ${U//a/b} ${U:?} ${U:=x} ${U#*}",
            &ENV,
        )
        .unwrap();
    assert_eq!(
        got.value,
        "$U ${U} ${U:-x} a ${U/a/b} ${U:?} ${U:=x} ${U#*}"
    );
    // Set variables still expand, and still fail.
    assert!(skip.process_word("${E:?}", &ENV).is_err());

    let heredoc = Lexer {
        skip_unset: true,
        raw_quotes: true,
        raw_escapes: true,
        ..Lexer::default()
    };
    assert_eq!(
        heredoc
            .process_words(r#"cat <<"EOF" a\ b '$U'"#, &ENV)
            .unwrap(),
        ["cat", r#"<<"EOF""#, r"a\ b", "'$U'"]
    );
    let no_raw_quotes = Lexer {
        raw_quotes: false,
        ..heredoc
    };
    assert_eq!(
        no_raw_quotes.process_words(r#"<<"EOF""#, &ENV).unwrap(),
        ["<<EOF"]
    );
    // BuildKit's raw-escape quirk inside double quotes.
    assert_eq!(
        heredoc.process_word(r#""a\b\"""#, &ENV).unwrap().value,
        r#""a\\b\"""#
    );
    // Inside `${V:-w}` escapes are processed even with raw_escapes.
    assert_eq!(
        heredoc.process_word(r"${A}${E:-\x}", &ENV).unwrap().value,
        "ax"
    );

    let skip_quotes = Lexer {
        skip_quotes: true,
        ..Lexer::default()
    };
    assert_eq!(
        skip_quotes
            .process_word(r#"'$A' "$A""#, &ENV)
            .unwrap()
            .value,
        r#"'a' "a""#
    );
}

#[test]
fn errors_have_ranges() {
    let cases: &[(&str, &str, (usize, usize))] = &[
        (
            "ab 'cd",
            "unexpected end of statement while looking for matching single-quote",
            (3, 6),
        ),
        (
            "x\"yz",
            "unexpected end of statement while looking for matching double-quote",
            (1, 4),
        ),
        ("a${}", "syntax error: bad substitution", (1, 4)),
        ("${:-x}", "syntax error: bad substitution", (0, 3)),
        ("${{A}", "syntax error: bad substitution", (0, 3)),
        ("a${", "syntax error: missing '}'", (1, 3)),
        ("${A", "syntax error: missing '}'", (0, 3)),
        ("${A.}", "unsupported modifier (.) in substitution", (0, 4)),
        (
            "${A:=x}.",
            "unsupported modifier (:=) in substitution",
            (0, 7),
        ),
        (
            "${A:Yz}",
            "unsupported modifier (:Y) in substitution",
            (0, 7),
        ),
        // Anything failing inside `${` at the end of the input: missing `}`
        // for the outermost one.
        ("x${A:-${B:-\"q", "syntax error: missing '}'", (1, 13)),
        ("x${A:-${U:?m}", "syntax error: missing '}'", (1, 13)),
        ("한${A:-", "syntax error: missing '}'", (3, 8)),
    ];
    for &(input, message, (start, end)) in cases {
        let e = err(input);
        assert_eq!(e.message, message, "{input:?}");
        assert_eq!(e.range, range(start, end), "{input:?}");
        assert!(e.range.end <= input.len());
        assert!(e.to_string().contains(message));
    }
}

#[test]
fn used_vars_are_reported() {
    let input = r#"$A ${U:-$B} '$C' \$D "${E?x}" ${F##*.} ${F//a/b} $1"#;
    let got = Lexer::default().process_word(input, &ENV).unwrap();
    let summary: Vec<(&str, &str, VarOp, Option<bool>)> = got
        .used_vars
        .iter()
        .map(|r| (r.name.as_str(), r.range.slice(input), r.op, r.set))
        .collect();
    assert_eq!(
        summary,
        [
            ("A", "$A", VarOp::Plain, Some(true)),
            ("U", "${U:-$B}", VarOp::Default { colon: true }, Some(false)),
            ("B", "$B", VarOp::Plain, Some(false)),
            ("E", "${E?x}", VarOp::Required { colon: false }, Some(true)),
            (
                "F",
                "${F##*.}",
                VarOp::TrimPrefix { longest: true },
                Some(true)
            ),
            ("F", "${F//a/b}", VarOp::Replace { all: true }, Some(true)),
            ("1", "$1", VarOp::Plain, Some(false)),
        ]
    );
    let u = &got.used_vars[1];
    assert_eq!(u.name_range.slice(input), "U");
    assert!(u.braced && u.has_default() && !u.is_special());
    assert!(got.used_vars[6].is_special());
}

#[test]
fn variable_refs_without_env() {
    let input = "echo $FOO ${BAR:-x} '$NOPE' \\$NOPE2 \"${BAZ%.*}\" ${Q:?} ${R:=z} ${S//a/$T} $@";
    let refs = variable_refs(input, '\\');
    let summary: Vec<(&str, &str, VarOp)> = refs
        .iter()
        .map(|r| (r.name.as_str(), r.range.slice(input), r.op))
        .collect();
    assert_eq!(
        summary,
        [
            ("FOO", "$FOO", VarOp::Plain),
            ("BAR", "${BAR:-x}", VarOp::Default { colon: true }),
            ("BAZ", "${BAZ%.*}", VarOp::TrimSuffix { longest: false }),
            ("Q", "${Q:?}", VarOp::Required { colon: true }),
            ("R", "${R:=z}", VarOp::Unsupported),
            ("S", "${S//a/$T}", VarOp::Replace { all: true }),
            ("T", "$T", VarOp::Plain),
            ("@", "$@", VarOp::Plain),
        ]
    );
    assert!(refs.iter().all(|r| r.set.is_none()));
    assert!(refs[1].has_default() && !refs[0].has_default());
    // A syntax error ends the list.
    let names = |s: &str| {
        variable_refs(s, '\\')
            .into_iter()
            .map(|r| r.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names("$A ${B $C"), ["A"]);
    assert_eq!(names("$A '$B"), ["A"]);
    assert_eq!(names("$A ${B:-$C"), ["A", "B", "C"]);
}

#[test]
fn names_follow_go_character_classes() {
    // Letters and digits are Unicode categories L and Nd, as in Go.
    let env = [("KOREAN한", "k"), ("क", "ka")];
    let w = |s: &str| Lexer::default().process_word(s, &env).unwrap().value;
    assert_eq!(w("$KOREAN한!"), "k!");
    // U+093F is alphabetic for Rust but a mark (Mc), not a letter, for Go.
    assert_eq!(w("$कि"), "ka\u{93F}");
    // U+0661 is a decimal digit: a positional parameter.
    assert_eq!(w("$\u{661}\u{662}x"), "x");
    // U+00B2 is numeric but not a decimal digit: not a name.
    assert_eq!(w("$\u{b2}x"), "$\u{b2}x");
}

#[test]
fn env_implementations() {
    let lexer = Lexer::default();
    let hash: HashMap<String, String> = [("X".to_string(), "h".to_string())].into();
    let tree: BTreeMap<&str, &str> = [("X", "t")].into();
    let list = vec![
        ("X".to_string(), "1".to_string()),
        ("X".to_string(), "2".to_string()),
    ];
    assert_eq!(lexer.process_word("$X", &hash).unwrap().value, "h");
    assert_eq!(lexer.process_word("$X", &tree).unwrap().value, "t");
    assert_eq!(
        lexer.process_word("$X", &list).unwrap().value,
        "2",
        "the last pair wins"
    );
    assert_eq!(
        lexer.process_word("$X", &list.as_slice()).unwrap().value,
        "2"
    );
    assert_eq!(lexer.process_word("$X.", &()).unwrap().value, ".");
    let by_ref: &dyn Env = &&tree;
    assert_eq!(by_ref.get("X"), Some("t"));
    assert_eq!(by_ref.get("x"), None, "names are case-sensitive");
}

/// Runs `f` on a thread with a small stack: deep inputs must not recurse.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn deep_nesting_does_not_overflow() {
    on_small_stack(|| {
        let n = 10_000;
        let input = format!("{}x{}", "${a:-".repeat(n), "}".repeat(n));
        let got = Lexer::default().process_word(&input, &()).unwrap();
        assert_eq!(got.value, "x");
        assert_eq!(got.used_vars.len(), n);
        assert_eq!(got.used_vars[0].range, range(0, input.len()));

        // Alternating double quotes and defaults.
        let input = format!("{}y{}", "${a:-\"".repeat(n), "\"}".repeat(n));
        assert_eq!(
            Lexer::default().process_word(&input, &()).unwrap().value,
            "y"
        );

        // The same, kept as text with skip_unset.
        let skip = Lexer {
            skip_unset: true,
            ..Lexer::default()
        };
        let input = format!("{}x{}", "${a:-".repeat(n), "}".repeat(n));
        assert_eq!(skip.process_word(&input, &()).unwrap().value, input);

        // Unterminated: an error for the outermost `${`.
        let input = "${a:-".repeat(100_000);
        let e = Lexer::default().process_word(&input, &()).unwrap_err();
        assert_eq!(e.range, range(0, input.len()));
        assert_eq!(variable_refs(&input, '\\').len(), 100_000);

        // Many stars in a pattern.
        let input = format!("${{F#{}.}}", "*".repeat(50_000));
        let env = [("F", "a.b")];
        assert_eq!(
            Lexer::default().process_word(&input, &env).unwrap().value,
            "b"
        );
    });
}

#[test]
fn large_inputs_take_linear_time() {
    // Quadratic behaviour would make these take minutes.
    let n = 200_000;
    let input = format!(
        "{}{}{}",
        "${a:-p".repeat(n),
        "tail".repeat(1000),
        "}".repeat(n)
    );
    let got = Lexer::default().process_word(&input, &()).unwrap();
    assert_eq!(got.value.len(), n + 4000);
    let input = format!(
        "{}{}{}",
        "${a:+p".repeat(n),
        "tail".repeat(1000),
        "}".repeat(n)
    );
    assert_eq!(
        Lexer::default()
            .process_word(&input, &[("a", "1")])
            .unwrap()
            .value
            .len(),
        n + 4000
    );
    let input = "$S \"$S\" ".repeat(100_000);
    let got = Lexer::default().process_word(&input, &ENV).unwrap();
    assert_eq!(got.words.len(), 300_000);
}

#[test]
fn never_panics_on_arbitrary_input() {
    let pieces = [
        "$", "{", "}", ":", "-", "+", "?", "#", "%", "/", "\\", "`", "'", "\"", " ", "\n", "*",
        "A", "F", "U", "1", "@", "한", "\u{feff}", "x", "0", "${", "}}",
    ];
    let lexers = [
        Lexer::default(),
        Lexer::new('`'),
        Lexer {
            skip_unset: true,
            raw_quotes: true,
            raw_escapes: true,
            ..Lexer::default()
        },
        Lexer {
            skip_quotes: true,
            ..Lexer::default()
        },
        // Odd escape tokens must not break anything either.
        Lexer::new('$'),
        Lexer::new('}'),
        Lexer::new('"'),
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for _ in 0..20_000 {
        let len = next() % 14;
        let input: String = (0..len).map(|_| pieces[next() % pieces.len()]).collect();
        for lexer in &lexers {
            match lexer.process_word(&input, &ENV) {
                Ok(e) => {
                    for r in &e.used_vars {
                        assert!(
                            r.range.end <= input.len() && r.name_range.end <= r.range.end,
                            "{input:?}"
                        );
                    }
                }
                Err(e) => assert!(
                    e.range.start <= e.range.end && e.range.end <= input.len(),
                    "{input:?}"
                ),
            }
            let _ = lexer.variable_refs(&input);
        }
    }
}

#[test]
fn var_ref_fields_are_consistent() {
    let input = "${A:-x}$B";
    let refs: Vec<VarRef> = variable_refs(input, '\\');
    assert_eq!(refs[0].range, range(0, 7));
    assert_eq!(refs[0].name_range, range(2, 3));
    assert!(refs[0].braced);
    assert_eq!(refs[1].range, range(7, 9));
    assert!(!refs[1].braced);
}
