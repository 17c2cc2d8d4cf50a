//! BuildKit's AST dump format (`Node.Dump()`), used to compare this parser
//! with BuildKit's own test files: one line per instruction,
//! `(keyword ["--flag=v"] "arg" ...)`.

use crate::ast::{Args, Dockerfile, Instruction, Keyword};

/// Dumps every instruction, one per line, as BuildKit's `AST.Dump()` does.
pub fn dump(df: &Dockerfile) -> String {
    let mut out = String::new();
    for inst in &df.instructions {
        out.push('(');
        out.push_str(&dump_instruction(inst));
        out.push_str(")\n");
    }
    out
}

/// One instruction without the surrounding parentheses.
pub fn dump_instruction(inst: &Instruction) -> String {
    let mut s = inst.keyword_text.to_lowercase();
    if !inst.flags.is_empty() {
        let flags: Vec<String> = inst.flags.iter().map(|f| go_quote(&f.text())).collect();
        s.push_str(" [");
        s.push_str(&flags.join(" "));
        s.push(']');
    }
    if let Some(inner) = &inst.onbuild {
        s.push_str(" (");
        s.push_str(&dump_instruction(inner));
        s.push(')');
        return s.trim().to_string();
    }
    if inst.keyword == Keyword::Unknown {
        // BuildKit's parseIgnore leaves one empty value node.
        s.push_str(" \"\"");
    }
    dump_args(&inst.args, &mut s);
    s.trim().to_string()
}

fn dump_args(args: &Args, s: &mut String) {
    let mut push = |v: &str| {
        s.push(' ');
        s.push_str(&go_quote(v));
    };
    match args {
        Args::None | Args::OnBuild => {}
        Args::Exec(v) | Args::List(v) => v.iter().for_each(|w| push(&w.value)),
        Args::Shell(w) | Args::Text(w) => push(&w.value),
        Args::KeyValues(v) => {
            for kv in v {
                push(&kv.key.value);
                push(&kv.value.value);
                push(if kv.legacy { "" } else { "=" });
            }
        }
        Args::Healthcheck { kind, cmd } => {
            push(&kind.value);
            dump_args(cmd, s);
        }
    }
}

/// Go's `strconv.Quote`.
pub fn go_quote(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() || (c.is_whitespace() && c != ' ') || c == '\u{FEFF}' => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32))
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32))
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
