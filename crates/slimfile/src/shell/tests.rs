use super::*;

/// A compact rendering: one line per command.
fn dump(src: &str) -> String {
    let s = parse(src);
    let mut out = String::new();
    for c in &s.commands {
        let conn = match c.connector.kind {
            ConnectorKind::Start => "^",
            ConnectorKind::And => "&&",
            ConnectorKind::Or => "||",
            ConnectorKind::Semicolon => ";",
            ConnectorKind::Newline => "NL",
            ConnectorKind::Background => "&",
            ConnectorKind::Pipe => "|",
        };
        let words: Vec<String> = c.words.iter().map(|w| format!("<{}>", w.value)).collect();
        let asg: Vec<String> = c.assignments.iter().map(|a| format!("{}={}", a.name, a.value.value)).collect();
        let red: Vec<String> = c
            .redirects
            .iter()
            .map(|r| format!("{}{}{}", r.fd.map(|f| f.to_string()).unwrap_or_default(), r.op.as_str(), r.target.as_ref().map_or("?", |t| &t.value)))
            .collect();
        out.push_str(&format!(
            "{conn} [{}] {} {} {} b{}:{:?} d{}\n",
            c.range.slice(src),
            asg.join(" "),
            words.join(" "),
            red.join(" "),
            c.block,
            s.blocks[c.block].kind,
            c.nesting.depth
        ));
    }
    for d in &s.diagnostics {
        out.push_str(&format!("DIAG {:?} {:?} [{}]\n", d.kind, d.message, d.range.slice(src)));
    }
    out
}

#[test]
fn explore() {
    for src in [
        "apt-get update && apt-get install -y curl",
        "a; b || c | d & e\nf",
        "(cd /x && make) && echo ok",
        "x=$(dpkg --print-architecture) && echo \"$(uname -m)\" `date`",
        "echo 'a b' \"c $HOME \\\"d\\\"\" e\\ f $'x\\ty'",
        "if [ -f x ]; then a; elif b; then c; else d; fi; for i in $(seq 3); do echo $i; done",
        "case \"$arch\" in amd64|arm64) x=1 ;; *) echo no ;; esac",
        "cat <<EOF > /etc/x\nhello $X\nEOF\necho done",
        "f() { echo hi; }; f",
        "[[ -n $x && $y == a* ]] && echo yes",
        "2>/dev/null foo >out 2>&1 &>/dev/null",
        "a && (b; c",
        "echo \"unterminated",
        "a && ; b",
        ") a",
        "while read l; do echo $l; done < f | sort",
        "sudo -E apt-get install -y x",
        "FOO=bar BAZ=\"q x\" env -i A=1 /usr/bin/python3 -c 'print(1)'",
        "a=(1 2 3) b",
        "echo ${x:-$(echo \"${y}\")} done",
    ] {
        println!("==== {src}\n{}", dump(src));
    }
}
