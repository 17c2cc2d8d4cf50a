use super::*;
use ConnectorKind as C;

/// The values of a command's words.
fn values(c: &Command) -> Vec<&str> {
    c.words.iter().map(|w| w.value.as_str()).collect()
}

/// Source text of every command.
fn texts<'s>(s: &Script, src: &'s str) -> Vec<&'s str> {
    s.commands.iter().map(|c| c.range.slice(src)).collect()
}

fn kinds(s: &Script) -> Vec<ConnectorKind> {
    s.commands.iter().map(|c| c.connector.kind).collect()
}

fn clean(src: &str) -> Script {
    let s = parse(src);
    assert!(
        s.diagnostics.is_empty(),
        "unexpected diagnostics for {src:?}: {:?}",
        s.diagnostics
    );
    s
}

fn diag_kinds(src: &str) -> Vec<ShellDiagnosticKind> {
    parse(src).diagnostics.iter().map(|d| d.kind).collect()
}

// ------------------------------------------------------------- connectors

#[test]
fn and_or_semicolon_pipe_background_newline() {
    let src = "a; b || c | d & e\nf && g";
    let s = clean(src);
    assert_eq!(texts(&s, src), ["a", "b", "c", "d", "e", "f", "g"]);
    assert_eq!(
        kinds(&s),
        [
            C::Start,
            C::Semicolon,
            C::Or,
            C::Pipe,
            C::Background,
            C::Newline,
            C::And
        ]
    );
    // Operator ranges point at the operators.
    let ops: Vec<&str> = s
        .commands
        .iter()
        .filter_map(|c| c.connector.range)
        .map(|r| r.slice(src))
        .collect();
    assert_eq!(ops, [";", "||", "|", "&", "\n", "&&"]);
    // `c | d` is one pipeline, backgrounded by `&`.
    let (c, d) = (&s.commands[2], &s.commands[3]);
    assert_eq!(c.pipeline, d.pipeline);
    let p = &s.pipelines[c.pipeline];
    assert_eq!(p.range.slice(src), "c | d");
    assert!(p.background);
    assert_eq!(p.pipes.len(), 1);
    assert_eq!(p.connector.kind, C::Or);
    assert!(s.in_pipeline(2) && s.in_pipeline(3) && !s.in_pipeline(0));
    assert!(!s.pipelines[s.commands[0].pipeline].background);
    assert!(s.has_pipe());
    assert_eq!(s.blocks[0].pipelines.len(), 6);
}

#[test]
fn newline_after_operator_continues_the_list() {
    let src = "a &&\n\n  b |\n c\n\nd";
    let s = clean(src);
    assert_eq!(kinds(&s), [C::Start, C::And, C::Pipe, C::Newline]);
}

#[test]
fn next_command_follows_and_chains() {
    let src = "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*; echo done";
    let s = clean(src);
    let (conn, next) = s.next_command(0).unwrap();
    assert_eq!(conn.kind, C::And);
    assert_eq!(conn.range.unwrap().slice(src), "&&");
    assert_eq!(s.commands[next].subcommand().unwrap().value, "install");
    let (conn, next) = s.next_command(next).unwrap();
    assert_eq!((conn.kind, s.commands[next].name()), (C::And, Some("rm")));
    let (conn, last) = s.next_command(next).unwrap();
    assert_eq!(
        (conn.kind, s.commands[last].name()),
        (C::Semicolon, Some("echo"))
    );
    assert_eq!(s.next_command(last), None);
}

#[test]
fn next_element_sees_compounds_in_between() {
    let src = "a && { b; c; } && d";
    let s = clean(src);
    let (conn, el) = s.next_element(0).unwrap();
    assert_eq!(conn.kind, C::And);
    let Element::Compound(k) = el else {
        panic!("expected the brace group, got {el:?}")
    };
    assert_eq!(s.compounds[k].kind, CompoundKind::BraceGroup);
    assert_eq!(s.compounds[k].range.slice(src), "{ b; c; }");
    assert_eq!(s.first_command(el), Some(1));
    // Inside the group, b's next is c, and c is last in its block.
    assert_eq!(
        s.next_command(1).map(|(c, i)| (c.kind, i)),
        Some((C::Semicolon, 2))
    );
    assert_eq!(s.next_element(2), None);
    let (conn, el) = s.next_element_after_compound(k).unwrap();
    assert_eq!((conn.kind, el), (C::And, Element::Command(3)));
    assert!(s.commands[1].nesting.brace_group && !s.commands[3].nesting.brace_group);
}

// ------------------------------------------------- subshells, substitutions

#[test]
fn subshells_are_flagged() {
    let src = "(cd /src && make) && echo ok";
    let s = clean(src);
    assert_eq!(texts(&s, src), ["cd /src", "make", "echo ok"]);
    assert!(s.commands[0].nesting.subshell && s.commands[1].nesting.subshell);
    assert!(s.commands[0].nesting.in_child_shell());
    assert!(!s.commands[2].nesting.subshell);
    assert_eq!(s.commands[0].connector.kind, C::Start);
    assert_eq!(s.compounds[0].kind, CompoundKind::Subshell);
    assert_eq!(s.compounds[0].range.slice(src), "(cd /src && make)");
    assert_eq!(
        s.blocks[s.commands[0].block].range.slice(src),
        "cd /src && make"
    );
    assert_eq!(s.commands[2].connector.kind, C::And);
}

#[test]
fn command_substitutions_are_reported_in_source_order() {
    let src =
        r#"arch="$(dpkg --print-architecture)" && echo "x $(uname -m | tr a b) y" `date +%s`"#;
    let s = clean(src);
    assert_eq!(
        texts(&s, src),
        [
            r#"arch="$(dpkg --print-architecture)""#,
            "dpkg --print-architecture",
            r#"echo "x $(uname -m | tr a b) y" `date +%s`"#,
            "uname -m",
            "tr a b",
            "date +%s"
        ]
    );
    // An assignment-only command: no words, no name.
    let a = &s.commands[0];
    assert!(a.words.is_empty() && a.name().is_none());
    assert_eq!(a.assignments[0].name, "arch");
    assert_eq!(a.assignments[0].value.value, "$(dpkg --print-architecture)");
    assert!(a.assignments[0].value.has_expansion);
    let dpkg = &s.commands[1];
    assert!(dpkg.nesting.substitution && !dpkg.nesting.subshell);
    assert_eq!(s.blocks[dpkg.block].kind, BlockKind::CommandSubstitution);
    assert_eq!(s.blocks[dpkg.block].command, Some(0));
    let echo = &s.commands[2];
    assert_eq!(
        values(echo),
        ["echo", "x $(uname -m | tr a b) y", "`date +%s`"]
    );
    assert!(echo.words[1].has_expansion && echo.words[1].quoted);
    assert_eq!(echo.connector.kind, C::And);
    // The pipe inside the substitution.
    assert!(s.in_pipeline(3) && s.in_pipeline(4) && !s.in_pipeline(2));
    assert_eq!(s.blocks[s.commands[5].block].kind, BlockKind::Backticks);
    assert_eq!(s.blocks[s.commands[5].block].command, Some(2));
}

#[test]
fn nested_substitutions_and_parameter_expansions() {
    let src = r#"echo "${V:-$(cat "/x/$(id -u)")}" $((1 + $(nproc))) done"#;
    let s = clean(src);
    assert_eq!(
        texts(&s, src)[1..],
        [r#"cat "/x/$(id -u)""#, "id -u", "nproc"]
    );
    assert_eq!(
        values(&s.commands[0]),
        [
            "echo",
            r#"${V:-$(cat "/x/$(id -u)")}"#,
            "$((1 + $(nproc)))",
            "done"
        ]
    );
    assert_eq!(s.commands[2].nesting.depth, 2);
    assert_eq!(values(&s.commands[1]), ["cat", "/x/$(id -u)"]);
}

#[test]
fn backquotes_inside_command_substitution_and_quotes() {
    let src = "echo $(basename `pwd`) \"`whoami`\"";
    let s = clean(src);
    assert_eq!(texts(&s, src), [src, "basename `pwd`", "pwd", "whoami"]);
}

#[test]
fn process_substitution() {
    let src = "diff <(sort a) >(tee log)";
    let s = clean(src);
    assert_eq!(texts(&s, src), [src, "sort a", "tee log"]);
    assert_eq!(
        s.blocks[s.commands[1].block].kind,
        BlockKind::ProcessSubstitution
    );
}

// ------------------------------------------------------------------ words

#[test]
fn quoting_and_escapes() {
    let src = r#"echo 'a b' "c $HOME \"d\" \x" e\ f $'x\ty\'z' a"b"'c' \$x "" '' ~/bin"#;
    let s = clean(src);
    let c = &s.commands[0];
    assert_eq!(
        values(c),
        [
            "echo",
            "a b",
            r#"c $HOME "d" \x"#,
            "e f",
            "x\ty'z",
            "abc",
            "$x",
            "",
            "",
            "~/bin"
        ]
    );
    let flags: Vec<(bool, bool)> = c
        .words
        .iter()
        .map(|w| (w.quoted, w.has_expansion))
        .collect();
    assert_eq!(
        flags,
        [
            (false, false),
            (true, false),
            (true, true),
            (true, false),
            (true, false),
            (true, false),
            (true, false),
            (true, false),
            (true, false),
            (false, true)
        ]
    );
    let ranges: Vec<&str> = c.words.iter().map(|w| w.range.slice(src)).collect();
    assert_eq!(ranges[2], r#""c $HOME \"d\" \x""#);
    assert_eq!(ranges[4], r"$'x\ty\'z'");
    assert!(c.words[0].is_literal() && !c.words[9].is_literal());
}

#[test]
fn escapes_in_double_quotes_and_ansi_c_quotes() {
    let s = clean(r#"echo "\\ \$ \` \" \a" \\"#);
    assert_eq!(values(&s.commands[0]), ["echo", r#"\ $ ` " \a"#, "\\"]);
    let s = clean(r"printf $'\x41\101\u00e9\n\cA\q'");
    assert_eq!(s.commands[0].words[1].value, "AAé\n\u{1}\\q");
}

#[test]
fn hash_starts_a_comment_only_at_a_word_start() {
    let src = "echo a#b $# # comment && not\nnext # more\n# full line\nlast";
    let s = clean(src);
    assert_eq!(texts(&s, src), ["echo a#b $#", "next", "last"]);
    assert_eq!(values(&s.commands[0]), ["echo", "a#b", "$#"]);
    // Inside backquotes the closing backquote ends a comment; in `$( )` it does not.
    let src = "bash -c `# just a comment` && x=$(# c )\n) y";
    let s = clean(src);
    assert_eq!(
        texts(&s, src),
        ["bash -c `# just a comment`", "x=$(# c )\n) y"]
    );
    assert_eq!(values(&s.commands[0]), ["bash", "-c", "`# just a comment`"]);
}

#[test]
fn line_continuations_inside_the_text() {
    let src = "apt-get install -y \\\n\tcurl \\\n\tgi\\\nt\n";
    let s = clean(src);
    assert_eq!(s.commands.len(), 1);
    let c = &s.commands[0];
    assert_eq!(values(c), ["apt-get", "install", "-y", "curl", "git"]);
    assert_eq!(c.words[4].range.slice(src), "gi\\\nt");
    assert_eq!(c.words[3].range.slice(src), "curl");
    assert_eq!(
        c.range.slice(src),
        "apt-get install -y \\\n\tcurl \\\n\tgi\\\nt"
    );
    // A continuation right after a word is not part of the word's range.
    let src = "echo a\\\n b \"q\\\nr\"\\\n";
    let s = clean(src);
    let c = &s.commands[0];
    assert_eq!(values(c), ["echo", "a", "b", "qr"]);
    assert_eq!(c.words[1].range.slice(src), "a");
    assert_eq!(c.words[3].range.slice(src), "\"q\\\nr\"");
    assert_eq!(c.range.slice(src), "echo a\\\n b \"q\\\nr\"");
}

#[test]
fn exact_ranges_in_a_dockerfile_logical_line() {
    // Continuations already removed by the Dockerfile parser.
    let src = "set -eux;   apt-get update;   apt-get install -y --no-install-recommends \t\tca-certificates \t\tcurl=7.88.* \t; \trm -rf /var/lib/apt/lists/*";
    let s = clean(src);
    assert_eq!(s.commands.len(), 4);
    let (i, install) = s
        .commands_named("apt-get")
        .find(|(_, c)| c.subcommand().is_some_and(|w| w.value == "install"))
        .unwrap();
    assert_eq!(i, 2);
    assert_eq!(
        install.range.slice(src),
        "apt-get install -y --no-install-recommends \t\tca-certificates \t\tcurl=7.88.*"
    );
    let pkgs = install.positional_args(&[]);
    let pkgs: Vec<(&str, &str)> = pkgs[1..]
        .iter()
        .map(|w| (w.value.as_str(), w.range.slice(src)))
        .collect();
    assert_eq!(
        pkgs,
        [
            ("ca-certificates", "ca-certificates"),
            ("curl=7.88.*", "curl=7.88.*")
        ]
    );
    assert_eq!(s.commands[3].connector.range.unwrap().slice(src), ";");
}

// -------------------------------------------------------------- redirects

#[test]
fn redirections() {
    let src = "2>/dev/null foo >out 2>&1 &>/dev/null arg <in >>log 3<>rw >| c <<< \"$s\"";
    let s = clean(src);
    let c = &s.commands[0];
    assert_eq!(c.range.slice(src), src);
    assert_eq!(values(c), ["foo", "arg"]);
    let r: Vec<(Option<u32>, RedirectOp, &str, &str)> = c
        .redirects
        .iter()
        .map(|r| {
            (
                r.fd,
                r.op,
                r.target.as_ref().unwrap().value.as_str(),
                r.range.slice(src),
            )
        })
        .collect();
    use RedirectOp as R;
    assert_eq!(
        r,
        [
            (Some(2), R::Output, "/dev/null", "2>/dev/null"),
            (None, R::Output, "out", ">out"),
            (Some(2), R::DupOutput, "1", "2>&1"),
            (None, R::OutputAndError, "/dev/null", "&>/dev/null"),
            (None, R::Input, "in", "<in"),
            (None, R::Append, "log", ">>log"),
            (Some(3), R::ReadWrite, "rw", "3<>rw"),
            (None, R::Clobber, "c", ">| c"),
            (None, R::HereString, "$s", "<<< \"$s\""),
        ]
    );
    assert_eq!(c.name(), Some("foo"));
}

#[test]
fn digits_not_glued_to_the_operator_are_a_word() {
    let s = clean("echo 2 >x a2>y");
    let c = &s.commands[0];
    assert_eq!(values(c), ["echo", "2", "a2"]);
    assert_eq!(
        c.redirects.iter().map(|r| r.fd).collect::<Vec<_>>(),
        [None, None]
    );
}

#[test]
fn redirect_on_a_compound() {
    let src = "while read -r line; do echo \"$line\"; done < list.txt > out";
    let s = clean(src);
    let k = &s.compounds[0];
    assert_eq!(k.kind, CompoundKind::While);
    assert_eq!(k.range.slice(src), src);
    assert_eq!(
        k.redirects
            .iter()
            .map(|r| r.range.slice(src))
            .collect::<Vec<_>>(),
        ["< list.txt", "> out"]
    );
}

#[test]
fn missing_redirect_target() {
    assert_eq!(
        diag_kinds("echo >"),
        [ShellDiagnosticKind::MissingRedirectTarget]
    );
    assert_eq!(
        diag_kinds("echo > && x"),
        [ShellDiagnosticKind::MissingRedirectTarget]
    );
}

// --------------------------------------------------------------- heredocs

#[test]
fn heredocs_in_scripts() {
    let src = "cat <<EOF > /etc/x\nhello $X\n  EOF\nEOF\necho done\ncat <<-'END' | sed s/a/b/\n\tbody\n\tEND\ntail";
    let s = clean(src);
    assert_eq!(
        texts(&s, src),
        [
            "cat <<EOF > /etc/x",
            "echo done",
            "cat <<-'END'",
            "sed s/a/b/",
            "tail"
        ]
    );
    let h = s.commands[0].redirects[0].heredoc.as_ref().unwrap();
    assert_eq!(h.delimiter, "EOF");
    assert!(!h.quoted && !h.strip_tabs && h.terminated);
    assert_eq!(h.body.unwrap().slice(src), "hello $X\n  EOF\n");
    assert_eq!(
        s.commands[0].redirects[1].target.as_ref().unwrap().value,
        "/etc/x"
    );
    let h = s.commands[2].redirects[0].heredoc.as_ref().unwrap();
    assert_eq!(
        (h.delimiter.as_str(), h.quoted, h.strip_tabs),
        ("END", true, true)
    );
    assert_eq!(h.body.unwrap().slice(src), "\tbody\n");
    assert_eq!(s.commands[1].connector.kind, C::Newline);
    assert_eq!(s.commands[3].connector.kind, C::Pipe);
    assert_eq!(s.commands[4].connector.kind, C::Newline);
}

#[test]
fn two_heredocs_on_one_line_and_an_unterminated_one() {
    let src = "paste <<A <<B\n1\nA\n2\nB\necho x";
    let s = clean(src);
    let bodies: Vec<&str> = s.commands[0]
        .redirects
        .iter()
        .map(|r| r.heredoc.as_ref().unwrap().body.unwrap().slice(src))
        .collect();
    assert_eq!(bodies, ["1\n", "2\n"]);
    assert_eq!(s.commands[1].range.slice(src), "echo x");

    let s = parse("cat <<EOF\nno end\n");
    assert_eq!(s.diagnostics.len(), 1);
    assert_eq!(
        s.diagnostics[0].kind,
        ShellDiagnosticKind::UnterminatedHeredoc
    );
    assert!(
        !s.commands[0].redirects[0]
            .heredoc
            .as_ref()
            .unwrap()
            .terminated
    );
}

#[test]
fn heredoc_on_a_compound_and_inside_a_substitution() {
    let src = "while read l; do echo \"$l\"; done <<EOF\na )\nEOF\nx=$(cat <<'E'\n)\nE\n) && next";
    let s = clean(src);
    assert_eq!(
        texts(&s, src),
        [
            "read l",
            "echo \"$l\"",
            "x=$(cat <<'E'\n)\nE\n)",
            "cat <<'E'",
            "next"
        ]
    );
    let r = &s.compounds[0].redirects[0];
    assert_eq!(
        r.heredoc.as_ref().unwrap().body.unwrap().slice(src),
        "a )\n"
    );
    assert_eq!(
        s.compounds[0].range.slice(src),
        "while read l; do echo \"$l\"; done <<EOF"
    );
    let r = &s.commands[3].redirects[0];
    assert_eq!(r.heredoc.as_ref().unwrap().body.unwrap().slice(src), ")\n");
    assert_eq!(s.commands[4].connector.kind, C::And);
}

#[test]
fn heredoc_without_body_in_a_one_line_run() {
    // The Dockerfile parser holds the body; no diagnostic here.
    let s = clean("cat <<EOF > /app/config && echo ok");
    let h = s.commands[0].redirects[0].heredoc.as_ref().unwrap();
    assert_eq!(h.body, None);
    assert_eq!(s.commands[1].name(), Some("echo"));
}

// ---------------------------------------------------------------- compounds

#[test]
fn if_elif_else_blocks_and_flags() {
    let src = "if [ -f x ]; then a; elif b; then c; else d; fi; e";
    let s = clean(src);
    assert_eq!(texts(&s, src), ["[ -f x ]", "a", "b", "c", "d", "e"]);
    let bk: Vec<BlockKind> = s.commands.iter().map(|c| s.blocks[c.block].kind).collect();
    use BlockKind as B;
    assert_eq!(
        bk,
        [
            B::IfCondition,
            B::Then,
            B::ElifCondition,
            B::Then,
            B::Else,
            B::Script
        ]
    );
    let cond: Vec<bool> = s.commands.iter().map(|c| c.nesting.conditional).collect();
    assert_eq!(cond, [false, true, true, true, true, false]);
    let k = &s.compounds[0];
    assert_eq!(
        (k.kind, k.range.slice(src)),
        (
            CompoundKind::If,
            "if [ -f x ]; then a; elif b; then c; else d; fi"
        )
    );
    assert_eq!(k.blocks.len(), 5);
    assert_eq!(s.commands[5].connector.kind, C::Semicolon);
    assert_eq!(
        s.next_element_after_compound(0).map(|(c, e)| (c.kind, e)),
        Some((C::Semicolon, Element::Command(5)))
    );
    // Keywords are not commands.
    assert!(s
        .commands
        .iter()
        .all(|c| !matches!(c.name(), Some("if" | "then" | "fi" | "else" | "elif"))));
}

#[test]
fn for_and_while_loops() {
    let src = "for f in $(ls /etc) *.conf; do\n  echo \"$f\"\ndone\nwhile true; do sleep 1; done\nuntil false\ndo x; done";
    let s = clean(src);
    assert_eq!(
        texts(&s, src),
        ["ls /etc", "echo \"$f\"", "true", "sleep 1", "false", "x"]
    );
    let looped: Vec<bool> = s.commands.iter().map(|c| c.nesting.looped).collect();
    // The for list runs once; the body and while/until conditions loop.
    assert_eq!(looped, [false, true, true, true, true, true]);
    let words: Vec<&str> = s.compounds[0]
        .words
        .iter()
        .map(|w| w.value.as_str())
        .collect();
    assert_eq!(words, ["f", "$(ls /etc)", "*.conf"]);
    let kinds: Vec<CompoundKind> = s.compounds.iter().map(|k| k.kind).collect();
    assert_eq!(
        kinds,
        [CompoundKind::For, CompoundKind::While, CompoundKind::Until]
    );
    assert_eq!(s.compounds[1].connector.kind, C::Newline);
}

#[test]
fn for_without_in_and_c_style_for() {
    let s = clean("for a do echo $a; done; for ((i=0; i<3; i++)); do echo $i; done");
    assert_eq!(
        s.commands
            .iter()
            .filter_map(|c| c.name())
            .collect::<Vec<_>>(),
        ["echo", "echo"]
    );
    assert!(s.commands.iter().all(|c| c.nesting.looped));
}

#[test]
fn case_arms() {
    let src = "case \"$arch\" in\n  amd64|arm64) x=1; y ;;\n  (i386) ;;\n  *) echo no\nesac; after";
    let s = clean(src);
    assert_eq!(texts(&s, src), ["x=1", "y", "echo no", "after"]);
    let k = &s.compounds[0];
    let words: Vec<&str> = k.words.iter().map(|w| w.value.as_str()).collect();
    assert_eq!(words, ["$arch", "amd64", "arm64", "i386", "*"]);
    assert_eq!(k.blocks.len(), 3);
    assert!(s.commands[..3].iter().all(|c| c.nesting.conditional));
    assert!(!s.commands[3].nesting.conditional);
    assert_eq!(s.commands[3].connector.kind, C::Semicolon);
}

#[test]
fn case_inside_command_substitution() {
    let src = "v=$(case x in a) echo a;; b) echo b;; esac) && next";
    let s = clean(src);
    assert_eq!(
        texts(&s, src),
        [
            "v=$(case x in a) echo a;; b) echo b;; esac)",
            "echo a",
            "echo b",
            "next"
        ]
    );
    assert_eq!(s.commands[3].connector.kind, C::And);
}

#[test]
fn functions() {
    let src = "f() { echo hi; }; function g { (echo sub); }\nh ()\n{ :; }; f";
    let s = clean(src);
    assert_eq!(texts(&s, src), ["echo hi", "echo sub", ":", "f"]);
    let fns: Vec<(&str, &str)> = s
        .compounds
        .iter()
        .filter(|k| k.kind == CompoundKind::Function)
        .map(|k| (k.words[0].value.as_str(), k.range.slice(src)))
        .collect();
    assert_eq!(
        fns,
        [
            ("f", "f() { echo hi; }"),
            ("g", "function g { (echo sub); }"),
            ("h", "h ()\n{ :; }")
        ]
    );
    assert!(s.commands[..3]
        .iter()
        .all(|c| c.nesting.function && c.nesting.conditional));
    assert!(s.commands[1].nesting.subshell);
    assert!(!s.commands[3].nesting.function);
}

#[test]
fn keywords_right_after_a_compound() {
    let src = "{ (a) }; for x in y; do (b) done; if (c) then d; fi";
    let s = clean(src);
    assert_eq!(texts(&s, src), ["a", "b", "c", "d"]);
    let kinds: Vec<CompoundKind> = s.compounds.iter().map(|k| k.kind).collect();
    use CompoundKind as K;
    assert_eq!(
        kinds,
        [
            K::BraceGroup,
            K::Subshell,
            K::For,
            K::Subshell,
            K::If,
            K::Subshell
        ]
    );
    assert_eq!(s.compounds[0].range.slice(src), "{ (a) }");
}

#[test]
fn negation_and_brace_keywords_need_command_position() {
    let src = "! grep -q x f && echo { } !";
    let s = clean(src);
    assert!(s.pipelines[0].negated);
    assert_eq!(s.pipelines[0].range.slice(src), "! grep -q x f");
    assert_eq!(values(&s.commands[1]), ["echo", "{", "}", "!"]);
    assert!(s.compounds.is_empty());
}

#[test]
fn double_brackets_keep_operators_as_words() {
    let src = "[[ -n $x && ( $y == a* || $z < b ) ]] && echo yes";
    let s = clean(src);
    assert_eq!(s.commands.len(), 2);
    assert_eq!(values(&s.commands[0]).len(), 14);
    assert_eq!(s.commands[1].connector.kind, C::And);
}

#[test]
fn pipelines_through_compounds() {
    let src = "find . -type f | while read f; do { echo \"$f\"; }; done; ls";
    let s = clean(src);
    assert!(s.in_pipeline(0));
    assert!(
        s.in_pipeline(1),
        "read is in the loop condition, the loop is piped"
    );
    assert!(s.in_pipeline(2), "echo is nested deeper in the piped loop");
    assert!(!s.in_pipeline(3));
    // Substitutions stop the walk.
    let s = clean("echo $(a) | b");
    assert!(s.in_pipeline(0) && !s.in_pipeline(1));
}

#[test]
fn bash_array_assignment_is_one_word() {
    let s = clean("pkgs=(curl \"git lfs\" (x)) apt-get install");
    let c = &s.commands[0];
    assert_eq!(c.assignments[0].value.value, "(curl \"git lfs\" (x))");
    assert_eq!(c.name(), Some("apt-get"));
}

// ----------------------------------------------------------- assignments

#[test]
fn assignments_before_the_command_only() {
    let src = "DEBIAN_FRONTEND=noninteractive A+=1 apt-get install -y x=1.0 'Q=1'";
    let s = clean(src);
    let c = &s.commands[0];
    let a: Vec<(&str, &str, bool, &str, &str)> = c
        .assignments
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.value.value.as_str(),
                a.append,
                a.name_range.slice(src),
                a.value.range.slice(src),
            )
        })
        .collect();
    assert_eq!(
        a,
        [
            (
                "DEBIAN_FRONTEND",
                "noninteractive",
                false,
                "DEBIAN_FRONTEND",
                "noninteractive"
            ),
            ("A", "1", true, "A", "1")
        ]
    );
    assert_eq!(values(c), ["apt-get", "install", "-y", "x=1.0", "Q=1"]);
    // Quoted names and invalid names are words.
    let s = clean("'A'=1 b; 1x=2 c; \"\"=3");
    assert!(s.commands.iter().all(|c| c.assignments.is_empty()));
}

#[test]
fn keywords_are_only_recognised_unquoted_in_command_position() {
    let s = clean("echo if then fi; 'if' x; A=1 if");
    assert_eq!(
        s.commands
            .iter()
            .filter_map(|c| c.name())
            .collect::<Vec<_>>(),
        ["echo", "if", "if"]
    );
    assert!(s.compounds.is_empty());
}

// --------------------------------------------------------- names and flags

#[test]
fn name_looks_through_wrappers() {
    let cases = [
        ("/usr/bin/apt-get install", Some("apt-get")),
        ("sudo apt-get install", Some("apt-get")),
        (
            "sudo -E -u root DEBIAN_FRONTEND=noninteractive apt-get install",
            Some("apt-get"),
        ),
        ("sudo -Eu root apt-get install", Some("apt-get")),
        (
            "env DEBIAN_FRONTEND=noninteractive apt-get install",
            Some("apt-get"),
        ),
        ("env -i -u X PATH=/bin /usr/bin/apk add", Some("apk")),
        ("command -p apt-get", Some("apt-get")),
        ("command -v apt-get", Some("command")),
        ("exec -a name gosu user app", Some("gosu")),
        ("nohup nice -n 10 time -p make", Some("make")),
        ("sudo", Some("sudo")),
        ("env X=1", Some("env")),
        ("\"$APT\" install", Some("$APT")),
        ("X=1 >/dev/null", None),
        ("./configure --prefix=/usr", Some("configure")),
    ];
    for (src, want) in cases {
        let s = clean(src);
        assert_eq!(s.commands[0].name(), want, "{src}");
    }
    let s = clean("sudo -E apt-get install -y curl");
    assert_eq!(
        s.commands[0]
            .args()
            .iter()
            .map(|w| w.value.as_str())
            .collect::<Vec<_>>(),
        ["install", "-y", "curl"]
    );
}

#[test]
fn flags_combined_long_and_after_double_dash() {
    let s = clean("apt-get -qq install -y --no-install-recommends --option=Foo::Bar=1 -o Dpkg::Options::=--force-confold curl=7.* git -- -z");
    let c = &s.commands[0];
    assert!(c.has_flag(&["-y", "--yes", "--assume-yes"]));
    assert!(c.has_flag(&["-q"]));
    assert!(c.has_flag(&["--no-install-recommends"]));
    assert!(c.has_flag(&["--option"]));
    assert!(!c.has_flag(&["-z"]), "after --");
    assert!(!c.has_flag(&["--no-install"]));
    assert_eq!(
        c.flag_value(&["-o", "--option"], &["-o", "--option"]),
        Some("Foo::Bar=1")
    );
    let takes = ["-o", "-c", "-t", "--option"];
    let pos: Vec<&str> = c
        .positional_args(&takes)
        .iter()
        .map(|w| w.value.as_str())
        .collect();
    assert_eq!(pos, ["install", "curl=7.*", "git", "-z"]);
    assert_eq!(c.subcommand().unwrap().value, "install");

    let s = clean("apt-get install -qy x; apk add --no-cache --virtual .deps gcc; tar -xzf a.tgz; find . -name x");
    assert!(s.commands[0].has_flag(&["-y"]));
    assert!(!s.commands[0].has_flag(&["--yes"]));
    let apk = &s.commands[1];
    assert_eq!(
        apk.flag_value(&["--virtual", "-t"], &["--virtual", "-t"]),
        Some(".deps")
    );
    assert_eq!(
        apk.positional_args(&["--virtual", "-t"])
            .iter()
            .map(|w| w.value.as_str())
            .collect::<Vec<_>>(),
        ["add", "gcc"]
    );
    assert!(s.commands[2].has_flag_with(&["-z"], &["-f"]));
    assert_eq!(s.commands[2].flag_value(&["-f"], &["-f"]), Some("a.tgz"));
    // A known single-dash long option is matched whole, not as a cluster.
    assert!(s.commands[3].has_flag(&["-name"]));
    assert!(!s.commands[3].has_flag(&["-n"]) || s.commands[3].has_flag(&["-name"]));
    // A value flag stops a short cluster: `-oq` is -o with value "q".
    let s = clean("x -oqy");
    assert!(!s.commands[0].has_flag_with(&["-y"], &["-o"]));
    assert!(s.commands[0].has_flag(&["-y"]));
}

// ------------------------------------------------------------ diagnostics

#[test]
fn diagnostics_keep_what_could_be_parsed() {
    use ShellDiagnosticKind as D;
    let s = parse("echo \"unterminated && x");
    assert_eq!(s.diagnostics.len(), 1);
    assert_eq!(s.diagnostics[0].kind, D::UnterminatedQuote);
    assert_eq!(s.diagnostics[0].range, TextRange::new(5, 23));
    assert_eq!(s.commands[0].words[1].value, "unterminated && x");

    assert_eq!(diag_kinds("echo 'x"), [D::UnterminatedQuote]);
    assert_eq!(diag_kinds("a && (b; c"), [D::UnbalancedParenthesis]);
    assert_eq!(diag_kinds("a) b"), [D::UnbalancedParenthesis]);
    assert_eq!(diag_kinds("echo $(a"), [D::UnterminatedSubstitution]);
    assert_eq!(diag_kinds("echo `a"), [D::UnterminatedSubstitution]);
    assert_eq!(diag_kinds("echo ${a"), [D::UnterminatedExpansion]);
    assert_eq!(diag_kinds("if a; then b"), [D::UnterminatedCompound]);
    assert_eq!(diag_kinds("for x in a; do b"), [D::UnterminatedCompound]);
    assert_eq!(diag_kinds("case a in x) b"), [D::UnterminatedCompound]);
    assert_eq!(diag_kinds("{ a; "), [D::UnterminatedCompound]);
    assert_eq!(diag_kinds("a &&"), [D::MissingCommand]);
    assert_eq!(diag_kinds("a && ; b"), [D::MissingCommand]);
    assert_eq!(diag_kinds("| a"), [D::MissingCommand]);
    assert_eq!(diag_kinds("a || && b"), [D::MissingCommand]);
    assert_eq!(diag_kinds("a; ; b"), [D::MissingCommand]);
    assert_eq!(diag_kinds("a; fi"), [D::UnexpectedToken]);
    assert_eq!(diag_kinds("(a) b"), [D::UnexpectedToken]);
    assert_eq!(diag_kinds("a;; b"), [D::UnexpectedToken]);
    // `)` closes the substitution even though an `if` inside is open.
    let s = parse("x=$(if a; then b) && c");
    assert_eq!(
        s.diagnostics.iter().map(|d| d.kind).collect::<Vec<_>>(),
        [D::UnterminatedCompound]
    );
    assert_eq!(
        s.commands
            .last()
            .unwrap()
            .range
            .slice("x=$(if a; then b) && c"),
        "c"
    );
    assert_eq!(s.commands.last().unwrap().connector.kind, C::And);
}

#[test]
fn dangling_and_at_the_end_is_reported_at_the_operator() {
    let src = "apt-get update &&";
    let s = parse(src);
    assert_eq!(s.diagnostics[0].range.slice(src), "&&");
    assert_eq!(s.commands.len(), 1);
}

// ------------------------------------------------------- robustness, speed

/// xorshift64*: a fixed-seed PRNG so the fuzz cases are reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Structural invariants every parse must satisfy.
fn check_invariants(src: &str, s: &Script) {
    let len = src.len();
    let ok = |r: TextRange| r.start <= r.end && r.end <= len;
    for (i, c) in s.commands.iter().enumerate() {
        assert!(ok(c.range), "{src:?}: command range {:?}", c.range);
        if i > 0 {
            assert!(
                s.commands[i - 1].range.start <= c.range.start,
                "{src:?}: commands out of order"
            );
        }
        for w in c.words.iter().chain(c.assignments.iter().map(|a| &a.value)) {
            assert!(
                ok(w.range) && c.range.contains_range(w.range),
                "{src:?}: word {:?} outside {:?}",
                w.range,
                c.range
            );
        }
        for r in &c.redirects {
            assert!(ok(r.range) && ok(r.op_range));
            if let Some(b) = r.heredoc.as_ref().and_then(|h| h.body) {
                assert!(ok(b));
            }
        }
        assert!(c.block < s.blocks.len() && c.pipeline < s.pipelines.len());
        assert_eq!(
            s.pipelines[c.pipeline].elements.get(c.position),
            Some(&Element::Command(i)),
            "{src:?}"
        );
        let _ = (
            c.name(),
            c.args(),
            c.subcommand(),
            c.has_flag(&["-y", "--yes"]),
            c.positional_args(&["-o"]),
        );
        let _ = (s.next_command(i), s.in_pipeline(i));
    }
    for (k, c) in s.compounds.iter().enumerate() {
        assert!(ok(c.range), "{src:?}: compound range");
        assert_eq!(
            s.pipelines[c.pipeline].elements.get(c.position),
            Some(&Element::Compound(k))
        );
        let _ = s.first_command(Element::Compound(k));
    }
    for p in &s.pipelines {
        assert!(
            ok(p.range) && !p.elements.is_empty(),
            "{src:?}: pipeline {p:?}"
        );
    }
    for b in &s.blocks {
        assert!(ok(b.range), "{src:?}: block range {:?}", b.range);
    }
    for d in &s.diagnostics {
        assert!(ok(d.range), "{src:?}: diagnostic range");
    }
}

#[test]
fn fuzz_random_bytes_and_shell_soup_never_panic() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    const ALPHABET: &[&str] = &[
        " ", "\t", "\n", "\\\n", "\\", "'", "\"", "`", "$", "$(", "${", "$((", "$'", "(", ")",
        "((", "))", "{", "}", ";", ";;", "&", "&&", "|", "||", "|&", "<", ">", ">>", "<<", "<<-",
        "<<<", "2>&1", "&>", "<(", "#", "=", "a", "x=1", "EOF", "if", "then", "elif", "else", "fi",
        "for", "in", "do", "done", "while", "until", "case", "esac", "function", "f()", "!", "[[",
        "]]", "-y", "--no", "apt-get", "install", "é", "\r\n", "*",
    ];
    for round in 0..3000 {
        let src = if round % 3 == 0 {
            let n = rng.below(64);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            let n = rng.below(40);
            (0..n)
                .map(|_| ALPHABET[rng.below(ALPHABET.len())])
                .collect::<String>()
        };
        let s = parse(&src);
        check_invariants(&src, &s);
    }
}

#[test]
fn invariants_hold_on_the_fixtures_above() {
    for src in [
        "a; b || c | d & e\nf && g",
        "if a; then b; elif c; then d; else e; fi > out",
        "f() { echo; }; case x in a) b;; esac",
        "cat <<EOF | x\nbody\nEOF\ny",
        "echo \"$(a \"$(b `c`)\")\"",
    ] {
        check_invariants(src, &parse(src));
    }
}

/// Runs `f` on a thread with a small stack: deep input must not recurse.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn deep_nesting_does_not_grow_the_stack() {
    const N: usize = 10_000;
    on_small_stack(|| {
        // $( $( $( ... echo hi ... ) ) )
        let src = format!("{}echo hi{}", "$( ".repeat(N), " )".repeat(N));
        let s = parse(&src);
        assert!(s.diagnostics.is_empty(), "{:?}", &s.diagnostics[..1]);
        assert_eq!(s.commands.len(), N + 1);
        assert_eq!(s.commands[N].name(), Some("echo"));
        assert_eq!(s.commands[N].nesting.depth as usize, N);
        // Values of words nested deep are abbreviated, so the total is linear.
        let total: usize = s
            .commands
            .iter()
            .flat_map(|c| &c.words)
            .map(|w| w.value.len())
            .sum();
        assert!(total < 200 * src.len(), "value bytes {total}");
        check_invariants(&src, &s);

        // Subshells, brace groups, ifs, quotes and substitutions interleaved.
        let src = "( { if \"$(`x`)\"; then :; fi; } )";
        let s = parse(src);
        assert!(s.diagnostics.is_empty());
        assert_eq!(texts(&s, src), ["\"$(`x`)\"", "`x`", "x", ":"]);
        check_invariants(src, &s);
        let open = "( { if \"$( ".repeat(N / 4);
        let close = " )\"; then :; fi; } )".repeat(N / 4);
        let src = format!("{open}x{close}");
        let s = parse(&src);
        assert!(s.diagnostics.is_empty(), "{:?}", &s.diagnostics[..1]);
        check_invariants(&src, &s);

        // Unbalanced garbage: ((((... and $($($(... never closed.
        for src in [
            "(".repeat(N),
            "$(".repeat(N),
            "\"$(".repeat(N),
            "${".repeat(N),
            "`(".repeat(N),
            "if ".repeat(N),
            "{ ".repeat(N),
            ")".repeat(N),
        ] {
            let s = parse(&src);
            assert!(!s.diagnostics.is_empty());
            check_invariants(&src, &s);
        }
        // Nested parentheses that are closed.
        let src = format!("{}a{}", "(".repeat(N), ")".repeat(N));
        let s = parse(&src);
        assert!(s.diagnostics.is_empty());
        assert!(s.commands[0].nesting.subshell);
        // Dropping the result does not recurse either (it is flat tables).
        drop(s);
    });
}

#[test]
fn hundred_thousand_and_joined_commands_parse() {
    // Timing lives in the benchmarks; this checks the result at that size.
    let src = vec!["apt-get install -y --no-install-recommends pkg"; 100_000].join(" && ");
    let s = parse(&src);
    assert_eq!(s.commands.len(), 100_000);
    assert!(s
        .commands
        .iter()
        .skip(1)
        .all(|c| c.connector.kind == C::And));
    assert_eq!(s.blocks[0].pipelines.len(), 100_000);
    assert_eq!(s.next_command(99_998).map(|(_, i)| i), Some(99_999));
}
