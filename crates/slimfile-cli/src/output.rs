//! Rendering: JSON for machines, a rustc-style code frame for people.
//! Byte ranges become 1-based lines and character columns here, at the edge.

use serde_json::{json, Value};
use slimfile::ast::{Args, Instruction};
use slimfile::{Dockerfile, FileKind, LineIndex, Report, Severity, TextRange};

pub struct FileReport {
    pub path: String,
    pub ignore_path: Option<String>,
    pub ignore_text: Option<String>,
    pub report: Report,
}

/// 1-based (line, character column) of a byte offset.
pub fn line_col(text: &str, index: &LineIndex, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let (line, _) = index.line_col(offset);
    let start = index.line_start(line).unwrap_or(0);
    let col = text.get(start..offset).map_or(offset - start, |s| s.chars().count());
    (line + 1, col + 1)
}

fn args_json(args: &Args) -> Vec<Value> {
    match args {
        Args::None | Args::OnBuild => vec![],
        Args::Exec(v) | Args::List(v) => v.iter().map(|w| json!(w.value)).collect(),
        Args::Shell(w) | Args::Text(w) => vec![json!(w.value)],
        Args::KeyValues(v) => v.iter().map(|kv| json!(format!("{}={}", kv.key.value, kv.value.value))).collect(),
        Args::Healthcheck { kind, cmd } => {
            let mut out = vec![json!(kind.value)];
            out.extend(args_json(cmd));
            out
        }
    }
}

fn instruction_json(i: &Instruction) -> Value {
    let heredocs: Vec<Value> = i
        .heredocs
        .iter()
        .map(|h| {
            json!({"name": h.name, "fd": h.fd, "expand": h.expand, "chomp": h.chomp, "content": h.content,
                   "terminated": h.terminator_range.is_some()})
        })
        .collect();
    let flags: Vec<Value> = i.flags.iter().map(|f| json!({"name": f.name, "value": f.value})).collect();
    let mut v = json!({
        "keyword": i.keyword_text.to_uppercase(),
        "start_line": i.start_line,
        "end_line": i.end_line,
        "start": i.range.start,
        "end": i.range.end,
        "flags": flags,
        "arguments": args_json(&i.args),
        "json": i.is_json(),
        "heredocs": heredocs,
    });
    if let Some(inner) = &i.onbuild {
        v["onbuild"] = instruction_json(inner);
    }
    v
}

fn position_json(text: &str, index: &LineIndex, range: TextRange) -> (usize, usize, usize, usize) {
    let (l, c) = line_col(text, index, range.start);
    let (el, ec) = line_col(text, index, range.end);
    (l, c, el, ec)
}

pub fn parse_json(df: &Dockerfile) -> String {
    let instructions: Vec<Value> = df.instructions.iter().map(instruction_json).collect();
    let diagnostics: Vec<Value> = df
        .diagnostics
        .iter()
        .map(|d| {
            let (l, c, el, ec) = position_json(&df.source, &df.line_index, d.range);
            json!({"code": d.code, "severity": d.severity.as_str(), "line": l, "column": c,
                   "end_line": el, "end_column": ec, "message": d.message})
        })
        .collect();
    let directives: Vec<Value> = df.directives.iter().map(|d| json!({"name": d.name, "value": d.value})).collect();
    json!({"directives": directives, "instructions": instructions, "diagnostics": diagnostics}).to_string()
}

/// The text and path a finding points into.
fn finding_source(fr: &FileReport, kind: FileKind) -> (&str, String) {
    match kind {
        FileKind::Dockerfile => (&fr.report.dockerfile.source, fr.path.clone()),
        FileKind::Dockerignore => {
            (fr.ignore_text.as_deref().unwrap_or(""), fr.ignore_path.clone().unwrap_or_else(|| ".dockerignore".into()))
        }
    }
}

/// A finding with its file and 1-based positions, ready for any format.
pub struct Located<'a> {
    pub path: String,
    pub finding: &'a slimfile::Finding,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Every finding of every file, with positions.
pub fn locate(results: &[FileReport]) -> Vec<Located<'_>> {
    let mut all = Vec::new();
    for fr in results {
        let ignore_index = LineIndex::new(fr.ignore_text.as_deref().unwrap_or(""));
        for f in &fr.report.findings {
            let (text, path) = finding_source(fr, f.file);
            let index = match f.file {
                FileKind::Dockerfile => &fr.report.dockerfile.line_index,
                FileKind::Dockerignore => &ignore_index,
            };
            let (line, column, end_line, end_column) = position_json(text, index, f.diagnostic.range);
            all.push(Located { path, finding: f, line, column, end_line, end_column });
        }
    }
    all
}

/// Appends `s` as a JSON string, escaped exactly as serde_json does
/// (`"`, `\\`, the short escapes `\b \f \n \r \t`, other control
/// characters as `\u00xx`; everything else as is).
fn push_json_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// The findings as a JSON array (the same bytes `serde_json` gives for the
/// same objects, keys in this order; written directly, without building
/// `serde_json::Value`s: about a tenth of `check`'s time went there).
pub fn check_json(results: &[FileReport]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(4096);
    out.push('[');
    for (i, l) in locate(results).iter().enumerate() {
        let d = &l.finding.diagnostic;
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"file\":");
        push_json_str(&mut out, &l.path);
        out.push_str(",\"code\":");
        push_json_str(&mut out, &d.code);
        out.push_str(",\"aliases\":[");
        for (k, a) in l.finding.aliases.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            push_json_str(&mut out, a);
        }
        out.push_str("],\"severity\":");
        push_json_str(&mut out, d.severity.as_str());
        let _ = write!(
            out,
            ",\"line\":{},\"column\":{},\"end_line\":{},\"end_column\":{},\"message\":",
            l.line, l.column, l.end_line, l.end_column
        );
        push_json_str(&mut out, &d.message);
        if let Some(n) = &d.note {
            out.push_str(",\"note\":");
            push_json_str(&mut out, n);
        }
        if let Some(t) = &d.fix_title {
            out.push_str(",\"fix_title\":");
            push_json_str(&mut out, t);
        }
        if let Some(f) = &d.fix {
            out.push_str(",\"fix\":{\"title\":");
            push_json_str(&mut out, &f.title);
            out.push_str(",\"applicability\":");
            push_json_str(&mut out, f.applicability.as_str());
            out.push_str(",\"edits\":[");
            for (k, e) in f.edits.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{{\"start\":{},\"end\":{},\"replacement\":", e.range.start, e.range.end);
                push_json_str(&mut out, &e.replacement);
                out.push('}');
            }
            out.push_str("]}");
        }
        if let Some(c) = &d.cost {
            let _ = write!(
                out,
                ",\"cost\":{{\"compressed_bytes\":{},\"uncompressed_bytes\":{}}}",
                c.compressed_bytes, c.uncompressed_bytes
            );
        }
        out.push('}');
    }
    out.push(']');
    out
}

/// SARIF 2.1.0, as GitHub code scanning accepts it.
pub fn check_sarif(results: &[FileReport]) -> String {
    let located = locate(results);
    let mut rule_ids: Vec<&str> = located.iter().map(|l| l.finding.diagnostic.code.as_str()).collect();
    rule_ids.sort();
    rule_ids.dedup();
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    };
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|id| match slimfile::rules::find(id).filter(|r| r.code == *id) {
            Some(r) => json!({
                "id": r.code, "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": r.docs_markdown(), "markdown": r.docs_markdown()},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"tags": [r.group.as_str()]},
            }),
            None => json!({"id": id, "shortDescription": {"text": id}}),
        })
        .collect();
    let res: Vec<Value> = located
        .iter()
        .map(|l| {
            let d = &l.finding.diagnostic;
            json!({
                "ruleId": d.code,
                "ruleIndex": rule_ids.iter().position(|r| *r == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": l.path.trim_start_matches("./")},
                    "region": {"startLine": l.line, "startColumn": l.column, "endLine": l.end_line, "endColumn": l.end_column}
                }}],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "slimfile", "version": slimfile::VERSION, "rules": rules}},
            "results": res,
        }],
    })
    .to_string()
}

/// GitHub Actions workflow commands (annotations).
pub fn check_github(results: &[FileReport]) -> String {
    let esc_prop = |s: &str| s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A").replace(':', "%3A").replace(',', "%2C");
    let esc_msg = |s: &str| s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let mut out = String::new();
    for l in locate(results) {
        let d = &l.finding.diagnostic;
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Style => "notice",
        };
        out.push_str(&format!(
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            esc_prop(&l.path),
            l.line,
            l.column,
            l.end_line,
            l.end_column,
            esc_prop(&d.code),
            esc_msg(&d.message)
        ));
    }
    out
}

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // In an attribute a literal tab or line break would read back as
            // a space: write them as character references.
            '\t' => o.push_str("&#x9;"),
            '\n' => o.push_str("&#xA;"),
            '\r' => o.push_str("&#xD;"),
            // XML 1.0 cannot carry other C0 controls or U+FFFE/U+FFFF at all,
            // not even as references: a replacement character keeps it well-formed.
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => o.push('\u{fffd}'),
            c => o.push(c),
        }
    }
    o
}

/// Checkstyle XML.
pub fn check_checkstyle(results: &[FileReport]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    let located = locate(results);
    let mut paths: Vec<&str> = results.iter().map(|r| r.path.as_str()).collect();
    for l in &located {
        if !paths.contains(&l.path.as_str()) {
            paths.push(&l.path);
        }
    }
    for path in paths {
        out.push_str(&format!("  <file name=\"{}\">\n", xml_escape(path)));
        for l in located.iter().filter(|l| l.path == path) {
            let d = &l.finding.diagnostic;
            let sev = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Style => "info",
            };
            out.push_str(&format!(
                "    <error line=\"{}\" column=\"{}\" severity=\"{sev}\" message=\"{}\" source=\"slimfile.{}\"/>\n",
                l.line,
                l.column,
                xml_escape(&d.message),
                xml_escape(&d.code)
            ));
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}

/// A stable fingerprint (FNV-1a, 64-bit) for GitLab's deduplication.
fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}

/// GitLab Code Quality JSON.
pub fn check_gitlab(results: &[FileReport]) -> String {
    let all: Vec<Value> = locate(results)
        .iter()
        .map(|l| {
            let d = &l.finding.diagnostic;
            let severity = match d.severity {
                Severity::Error => "critical",
                Severity::Warning => "major",
                Severity::Info => "minor",
                Severity::Style => "info",
            };
            json!({
                "description": format!("{}: {}", d.code, d.message),
                "check_name": d.code,
                "fingerprint": fingerprint(&[&l.path, &d.code, &l.line.to_string(), &d.message]),
                "severity": severity,
                "location": {"path": l.path, "lines": {"begin": l.line, "end": l.end_line}},
            })
        })
        .collect();
    Value::Array(all).to_string()
}

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, sev: Severity, s: &str) -> String {
        let code = match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;34",
            Severity::Style => "1;36",
        };
        self.paint(code, s)
    }
}

/// A rustc-style report: header, location, the source line, carets.
/// `s` with the control characters that a terminal would obey (ESC, BEL,
/// DEL, C1…) shown as U+FFFD: text from a Dockerfile cannot move the cursor,
/// clear the screen or set the window title. Tabs and line breaks stay; one
/// character for one keeps the carets aligned.
fn inert(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(|c| c.is_control() && c != '\t' && c != '\n') {
        s.chars().map(|c| if c.is_control() && c != '\t' && c != '\n' { '\u{fffd}' } else { c }).collect::<String>().into()
    } else {
        s.into()
    }
}

pub fn check_tty(results: &[FileReport], color: bool) -> String {
    let st = Style { on: color };
    let mut out = String::new();
    let mut counts = [0usize; 4];
    for fr in results {
        let ignore_index = LineIndex::new(fr.ignore_text.as_deref().unwrap_or(""));
        for f in &fr.report.findings {
            let d = &f.diagnostic;
            counts[d.severity as usize] += 1;
            let (text, path) = finding_source(fr, f.file);
            let index = match f.file {
                FileKind::Dockerfile => &fr.report.dockerfile.line_index,
                FileKind::Dockerignore => &ignore_index,
            };
            let (line, col) = line_col(text, index, d.range.start);
            let (end_line, end_col) = line_col(text, index, d.range.end);
            out.push_str(&st.severity(d.severity, &format!("{}[{}]", d.severity.as_str(), d.code)));
            out.push_str(&st.paint("1", &format!(": {}", inert(&d.message))));
            if !f.aliases.is_empty() {
                out.push_str(&format!(" ({})", f.aliases.join(", ")));
            }
            out.push('\n');
            let gutter = line.to_string().len();
            let pad = " ".repeat(gutter);
            out.push_str(&format!("{pad}{} {}:{line}:{col}\n", st.paint("1;34", "-->"), inert(&path)));
            let src_line = index
                .line_start(line - 1)
                .and_then(|s| text.get(s..))
                .map(|s| s.split('\n').next().unwrap_or("").trim_end_matches('\r'))
                .unwrap_or("");
            let bar = st.paint("1;34", "|");
            out.push_str(&format!("{pad} {bar}\n"));
            out.push_str(&format!("{} {bar} {}\n", st.paint("1;34", &line.to_string()), inert(src_line).replace('\t', "    ")));
            let width = src_line.chars().count();
            let tabs_before = src_line.chars().take(col - 1).filter(|c| *c == '\t').count();
            let start = col - 1 + tabs_before * 3;
            let end = if end_line == line { end_col - 1 } else { width };
            let tabs_in = src_line.chars().skip(col - 1).take(end.saturating_sub(col - 1)).filter(|c| *c == '\t').count();
            let len = (end + tabs_before * 3 + tabs_in * 3).saturating_sub(start).max(1);
            let mut carets = format!("{}{}", " ".repeat(start), "^".repeat(len));
            if end_line > line {
                carets.push_str(&format!(" (to line {end_line})"));
            }
            out.push_str(&format!("{pad} {bar} {}\n", st.severity(d.severity, &carets)));
            if let Some(c) = &d.cost {
                out.push_str(&format!(
                    "{pad} = cost: about {:.1} MB compressed (pull), {:.1} MB uncompressed (disk), estimated\n",
                    c.compressed_bytes as f64 / 1e6,
                    c.uncompressed_bytes as f64 / 1e6
                ));
            }
            if let Some(t) = &d.fix_title {
                out.push_str(&format!("{pad} = fix: {}\n", inert(t)));
            }
            out.push('\n');
        }
    }
    let files = results.len();
    let plural = |n: usize, w: &str| if n == 1 { format!("{n} {w}") } else { format!("{n} {w}s") };
    if counts.iter().sum::<usize>() == 0 {
        out.push_str(&format!("no problems found in {}\n", plural(files, "file")));
    } else {
        out.push_str(&format!(
            "{}, {}, {} info, {} style in {}\n",
            plural(counts[0], "error"),
            plural(counts[1], "warning"),
            counts[2],
            counts[3],
            plural(files, "file")
        ));
    }
    out
}

/// `slimfile rules`: one line per rule.
pub fn rules_list() -> String {
    let mut out = String::new();
    for r in slimfile::rules::all() {
        let on = if r.experimental {
            " (experimental, off)"
        } else if r.default_enabled {
            ""
        } else {
            " (off by default)"
        };
        let aliases = if r.aliases.is_empty() { String::new() } else { format!(" [{}]", r.aliases.join(", ")) };
        out.push_str(&format!(
            "{:<32} {:<8} {:<9} {}{}{}\n",
            format!("{} {}", r.code, r.name),
            r.group.as_str(),
            r.severity.as_str(),
            r.summary,
            aliases,
            on
        ));
    }
    out
}

/// `slimfile rule CODE`: the rule's documentation page.
pub fn rule_page(r: &slimfile::lint::Rule) -> String {
    let mut out = format!("# {} ({})\n\n{}\n\n", r.code, r.name, r.summary);
    out.push_str(&format!("Group: {}. Default severity: {}.", r.group.as_str(), r.severity.as_str()));
    if !r.aliases.is_empty() {
        out.push_str(&format!(" Also known as: {}.", r.aliases.join(", ")));
    }
    if r.experimental {
        out.push_str(" Experimental: off unless enabled.");
    } else if !r.default_enabled {
        out.push_str(" Off by default.");
    }
    out.push_str("\n\n");
    out.push_str(&r.docs_markdown());
    out.push('\n');
    out
}

fn size_json(s: &slimfile::estimate::Size) -> Value {
    json!({
        "compressed_bytes": s.compressed_bytes,
        "uncompressed_bytes": s.uncompressed_bytes,
        "low_bytes": s.low_bytes,
        "high_bytes": s.high_bytes,
        "confidence": s.confidence.as_str(),
        "explanation": s.explanation,
        "known": s.known,
    })
}

/// `slimfile estimate --format json`.
pub fn estimate_json(est: &slimfile::estimate::Estimate) -> String {
    let stages: Vec<Value> = est
        .stages
        .iter()
        .map(|st| {
            let mut base = size_json(&st.base.size);
            base["reference"] = json!(st.base.reference);
            base["resolved"] = json!(st.base.resolved);
            base["stage"] = json!(st.base.stage);
            let layers: Vec<Value> = st
                .layers
                .iter()
                .map(|l| {
                    let mut v = size_json(&l.size);
                    v["line"] = json!(l.line);
                    v["keyword"] = json!(l.keyword);
                    v
                })
                .collect();
            json!({"name": st.name, "index": st.index, "base": base, "layers": layers})
        })
        .collect();
    let f = &est.final_;
    json!({
        "stages": stages,
        "target": est.target,
        "final": {
            "compressed_bytes": f.compressed_bytes,
            "uncompressed_bytes": f.uncompressed_bytes,
            "low_bytes": f.low_bytes,
            "high_bytes": f.high_bytes,
            "unknown_parts": f.unknown_parts,
        },
        "notes": est.notes,
    })
    .to_string()
}

fn mb(b: u64) -> String {
    format!("{:.1}", b as f64 / 1_000_000.0)
}

/// `slimfile estimate` for a terminal: one row per part with a bar scaled to
/// the largest part (compressed).
pub fn estimate_tty(est: &slimfile::estimate::Estimate) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let max = est
        .stages
        .iter()
        .flat_map(|s| std::iter::once(&s.base.size).chain(s.layers.iter().map(|l| &l.size)))
        .map(|s| s.compressed_bytes)
        .max()
        .unwrap_or(0)
        .max(1);
    const W: usize = 24;
    let bar = |b: u64, known: bool| -> String {
        if !known {
            return format!("{:<W$}", "?");
        }
        let n = ((b as f64 / max as f64) * W as f64).round() as usize;
        let n = if b > 0 { n.max(1) } else { 0 };
        format!("{:<W$}", "█".repeat(n))
    };
    let _ = writeln!(
        out,
        "{:<10} {:<W$} {:>10} {:>10} {:>17}  {:<6}  what",
        "line", "", "compr. MB", "disk MB", "range MB (compr.)", "conf."
    );
    let row = |out: &mut String, label: &str, s: &slimfile::estimate::Size| {
        let (c, u, r) = if s.known {
            (mb(s.compressed_bytes), mb(s.uncompressed_bytes), format!("{}–{}", mb(s.low_bytes), mb(s.high_bytes)))
        } else {
            ("?".into(), "?".into(), "unknown".into())
        };
        let _ = writeln!(
            out,
            "{:<10} {} {:>10} {:>10} {:>17}  {:<6}  {}",
            label,
            bar(s.compressed_bytes, s.known),
            c,
            u,
            r,
            s.confidence.as_str(),
            s.explanation
        );
    };
    for st in &est.stages {
        let name = st.name.clone().map(|n| format!(" ({n})")).unwrap_or_default();
        let _ = writeln!(out, "stage {}{}: FROM {}", st.index, name, st.base.reference);
        if st.base.stage.is_none() {
            row(&mut out, "  base", &st.base.size);
        }
        for l in &st.layers {
            row(&mut out, &format!("  {} {}", l.line, l.keyword), &l.size);
        }
    }
    let f = &est.final_;
    let _ = writeln!(
        out,
        "\nfinal image: {} MB compressed (pull), {} MB uncompressed (disk); compressed range {}–{} MB",
        mb(f.compressed_bytes),
        mb(f.uncompressed_bytes),
        mb(f.low_bytes),
        mb(f.high_bytes)
    );
    for n in &est.notes {
        let _ = writeln!(out, "note: {n}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped_as_serde_json_does() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é€😀\u{2028}\u{7f}\"\\");
        for s in [all.as_str(), "", "plain", "\u{1b}[31m", "a\"b\\c\nd"] {
            let mut mine = String::new();
            push_json_str(&mut mine, s);
            assert_eq!(mine, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    /// `check_json` as it was written with `serde_json::Value`s.
    fn reference_check_json(results: &[FileReport]) -> String {
        let all: Vec<Value> = locate(results)
            .iter()
            .map(|l| {
                let d = &l.finding.diagnostic;
                let mut v = json!({
                    "file": l.path, "code": d.code, "aliases": l.finding.aliases, "severity": d.severity.as_str(),
                    "line": l.line, "column": l.column, "end_line": l.end_line, "end_column": l.end_column,
                    "message": d.message,
                });
                if let Some(n) = &d.note {
                    v["note"] = json!(n);
                }
                if let Some(t) = &d.fix_title {
                    v["fix_title"] = json!(t);
                }
                if let Some(f) = &d.fix {
                    let edits: Vec<Value> = f
                        .edits
                        .iter()
                        .map(|e| json!({"start": e.range.start, "end": e.range.end, "replacement": e.replacement}))
                        .collect();
                    v["fix"] = json!({"title": f.title, "applicability": f.applicability.as_str(), "edits": edits});
                }
                if let Some(c) = &d.cost {
                    v["cost"] = json!({"compressed_bytes": c.compressed_bytes, "uncompressed_bytes": c.uncompressed_bytes});
                }
                v
            })
            .collect();
        Value::Array(all).to_string()
    }

    #[test]
    fn check_json_writes_the_same_bytes_as_serde_json_values() {
        let files = [
            ("a\"b\\c\u{1}.Dockerfile", "from alpine as B\nRUN wget -O - http://x | sh\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\nMAINTAINER \"x\u{7}\" <é>\n", Some("[z-a]\n\u{1b}\n")),
            ("empty", "", None),
            ("bad", "FORM x\n\tRUN \\\n", Some("")),
        ];
        let results: Vec<FileReport> = files
            .iter()
            .map(|(path, text, ignore)| FileReport {
                path: path.to_string(),
                ignore_path: ignore.map(|_| format!("{path}.dockerignore")),
                ignore_text: ignore.map(str::to_string),
                report: slimfile::analyze(&slimfile::Input { dockerfile: text, dockerignore: *ignore, config: None }),
            })
            .collect();
        let fields = ["\"note\"", "\"fix_title\"", "\"edits\"", "\"aliases\":[\"", "\"cost\"", "dockerignore"];
        let mine = check_json(&results);
        for f in fields {
            assert!(mine.contains(f), "the sample should cover {f}: {mine}");
        }
        assert_eq!(mine, reference_check_json(&results));
        assert_eq!(check_json(&[]), "[]");
    }
}
