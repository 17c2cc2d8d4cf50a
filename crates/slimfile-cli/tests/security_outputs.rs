//! Hostile text in a Dockerfile (markup, quotes, ampersands, newlines,
//! control characters, workflow-command look-alikes) comes out of every
//! machine-readable format of `slimfile check` as data, never as structure:
//! the JSON formats parse and give the text back, checkstyle is well-formed
//! XML 1.0 whose attributes give the text back, and GitHub annotations stay
//! one command per line.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("slimfile-sec-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `slimfile check --format <format> <file>`'s stdout (findings make the
/// exit status 1; anything else but 0 or 1 is a failure).
fn check(file: &std::path::Path, format: &str) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_slimfile"))
        .args(["check", "--format", format])
        .arg(file)
        .output()
        .unwrap();
    assert!(matches!(o.status.code(), Some(0 | 1)), "{format}: {o:?}");
    String::from_utf8(o.stdout).expect("output is UTF-8")
}

/// A Dockerfile whose user-controlled parts (comments, labels, ENV, image
/// names, heredocs, unknown instructions, paths) are hostile.
const HOSTILE: &str = concat!(
    "# <img src=x onerror=\"window.__pwned=1\"> & <script>alert(1)</script>\n",
    "FROM <img src=x onerror=alert(1)>:latest AS \"><svg onload=alert(1)>\n",
    "LABEL description=\"<script>alert('x')</script> & \\\"quoted\\\"\"\n",
    "ENV A=\"]]><!-- &amp; -->\" PASSWORD=\"<b>&lt;</b>\"\n",
    "<IMG src=x onerror=alert(1)>\n",
    "R&UN echo \"a\"&'b'\n",
    "\"><svg/onload=alert(1)> x\n",
    "RUN cat <<'EOF' > /x\n<script>alert(\"heredoc\")</script>&amp;\nEOF\n",
    "ADD \"http://x/<svg onload=alert(1)>\" /\n",
    "COPY --chown=\"<u>\" a\"&\"b /c\n",
    "EXPOSE <80>\n",
    "HEALTHCHECK CMD curl -f \"http://localhost/%0A::error::pwned\" || exit 1\n",
    "FOO\u{1}\u{7f}\u{fffe} ::warning file=x::y\n",
    "MAINTAINER a%0Ab%25c,d:e\n",
);

fn hostile_file(name: &str) -> PathBuf {
    let d = tmpdir(name);
    let f = d.join("Dockerfile");
    std::fs::write(&f, HOSTILE).unwrap();
    f
}

/// The findings as `check --format json` gives them: (code, line, message).
fn findings(file: &std::path::Path) -> Vec<(String, u64, String)> {
    let v: Value = serde_json::from_str(&check(file, "json")).expect("json parses");
    let all: Vec<(String, u64, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap().into(), f["line"].as_u64().unwrap(), f["message"].as_str().unwrap().into()))
        .collect();
    // The test means something only if hostile text reaches the messages.
    let echoed = |c: char| all.iter().any(|(_, _, m)| m.contains(c));
    for c in ['<', '>', '&', '"'] {
        assert!(echoed(c), "no message echoes {c:?}: {all:#?}");
    }
    assert!(all.len() >= 5, "{all:#?}");
    all
}

#[test]
fn json_and_gitlab_and_sarif_give_the_hostile_text_back() {
    let f = hostile_file("json");
    let want = findings(&f);

    let gitlab: Value = serde_json::from_str(&check(&f, "gitlab")).expect("gitlab json parses");
    let got: Vec<(String, u64, String)> = gitlab
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let code = i["check_name"].as_str().unwrap().to_string();
            let desc = i["description"].as_str().unwrap();
            let msg = desc.strip_prefix(&format!("{code}: ")).expect("description starts with the code").to_string();
            (code, i["location"]["lines"]["begin"].as_u64().unwrap(), msg)
        })
        .collect();
    assert_eq!(got, want);

    let sarif: Value = serde_json::from_str(&check(&f, "sarif")).expect("sarif parses");
    let got: Vec<(String, u64, String)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().into(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap(),
                r["message"]["text"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(got, want);
}

#[test]
fn checkstyle_is_well_formed_xml_that_gives_the_text_back() {
    let f = hostile_file("checkstyle");
    let want = findings(&f);
    let out = check(&f, "checkstyle");
    let doc = xml::parse(&out).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{out}"));
    assert_eq!(doc.name, "checkstyle");
    let files: Vec<&xml::Element> = doc.children.iter().filter(|c| c.name == "file").collect();
    assert_eq!(files.len(), 1, "{out}");
    assert_eq!(files[0].attr("name"), Some(f.to_str().unwrap()));
    let got: Vec<(String, u64, String)> = files[0]
        .children
        .iter()
        .map(|e| {
            assert_eq!(e.name, "error");
            let source = e.attr("source").unwrap();
            (
                source.strip_prefix("slimfile.").expect("source is slimfile.<code>").to_string(),
                e.attr("line").unwrap().parse().unwrap(),
                e.attr("message").unwrap().to_string(),
            )
        })
        .collect();
    // Characters that XML 1.0 cannot carry at all (C0 controls, U+FFFE) are
    // written as U+FFFD; everything else comes back exactly.
    let xml_safe = |s: &str| -> String { s.chars().map(|c| if xml::is_char(c) { c } else { '\u{fffd}' }).collect() };
    let want: Vec<(String, u64, String)> = want.into_iter().map(|(c, l, m)| (c, l, xml_safe(&m))).collect();
    assert_eq!(got, want);
}

#[test]
fn checkstyle_escapes_a_hostile_file_name() {
    let d = tmpdir("name");
    let f = d.join("a\"<b>&'c\tDockerfile");
    std::fs::write(&f, "FROM alpine:latest\n").unwrap();
    let out = check(&f, "checkstyle");
    let doc = xml::parse(&out).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{out}"));
    assert_eq!(doc.children[0].attr("name"), Some(f.to_str().unwrap()));
    assert!(!doc.children[0].children.is_empty(), "{out}");
}

/// Undoes the GitHub workflow-command escaping of a property or message.
fn gh_unescape(s: &str) -> String {
    s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
}

#[test]
fn github_annotations_stay_one_command_per_finding() {
    let f = hostile_file("github");
    let want = findings(&f);
    let out = check(&f, "github");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), want.len(), "one line per finding:\n{out}");
    let got: Vec<(String, u64, String)> = lines
        .iter()
        .map(|l| {
            let rest = ["::error ", "::warning ", "::notice "].iter().find_map(|p| l.strip_prefix(p)).expect("a known command");
            // Properties end at the first `::`; none may contain it.
            let (props, message) = rest.split_once("::").unwrap();
            let mut line = 0;
            let mut title = String::new();
            for p in props.split(',') {
                let (k, v) = p.split_once('=').expect("key=value");
                assert!(!v.contains(':'), "an unescaped ':' in {p}");
                match k {
                    "line" => line = v.parse().unwrap(),
                    "title" => title = gh_unescape(v),
                    "file" => assert_eq!(gh_unescape(v), f.to_str().unwrap()),
                    "col" | "endLine" | "endColumn" => {
                        v.parse::<u64>().unwrap();
                    }
                    other => panic!("unexpected property {other}"),
                }
            }
            assert!(!message.contains('\n') && !message.contains('\r'));
            (title, line, gh_unescape(message))
        })
        .collect();
    assert_eq!(got, want);
}

/// Just enough of a strict XML 1.0 reader for checkstyle output: a prolog,
/// elements with attributes, whitespace between them, the five predefined
/// entities and character references. Anything else is an error.
mod xml {
    #[derive(Debug)]
    pub struct Element {
        pub name: String,
        pub attrs: Vec<(String, String)>,
        pub children: Vec<Element>,
    }

    impl Element {
        pub fn attr(&self, k: &str) -> Option<&str> {
            self.attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
        }
    }

    /// XML 1.0's `Char` production.
    pub fn is_char(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    }

    struct P<'a> {
        s: &'a str,
        at: usize,
    }

    impl<'a> P<'a> {
        fn rest(&self) -> &'a str {
            &self.s[self.at..]
        }
        fn eat(&mut self, t: &str) -> bool {
            let ok = self.rest().starts_with(t);
            if ok {
                self.at += t.len();
            }
            ok
        }
        fn expect(&mut self, t: &str) -> Result<(), String> {
            if self.eat(t) { Ok(()) } else { Err(format!("expected {t:?} at {}: {:?}", self.at, &self.rest()[..self.rest().len().min(40)])) }
        }
        fn space(&mut self) -> bool {
            let n = self.rest().len() - self.rest().trim_start_matches([' ', '\t', '\n', '\r']).len();
            self.at += n;
            n > 0
        }
        fn name(&mut self) -> Result<String, String> {
            let n = self.rest().find(|c: char| !(c.is_alphanumeric() || "_-.:".contains(c))).unwrap_or(self.rest().len());
            if n == 0 {
                return Err(format!("expected a name at {}", self.at));
            }
            let name = self.rest()[..n].to_string();
            self.at += n;
            Ok(name)
        }
        fn value(&mut self) -> Result<String, String> {
            let q = if self.eat("\"") { '"' } else if self.eat("'") { '\'' } else { return Err(format!("expected a quote at {}", self.at)) };
            let end = self.rest().find(q).ok_or("an unterminated attribute value")?;
            let raw = &self.rest()[..end];
            self.at += end + 1;
            let mut out = String::new();
            let mut chars = raw.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '<' => return Err(format!("a raw '<' in the attribute value {raw:?}")),
                    // Attribute-value normalization: literal white space becomes a space.
                    '\t' | '\n' | '\r' => out.push(' '),
                    '&' => {
                        let semi = raw[i..].find(';').ok_or_else(|| format!("a raw '&' in {raw:?}"))?;
                        let ent = &raw[i + 1..i + semi];
                        let ch = match ent {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            _ => {
                                let n = if let Some(h) = ent.strip_prefix("#x") {
                                    u32::from_str_radix(h, 16)
                                } else if let Some(d) = ent.strip_prefix('#') {
                                    d.parse()
                                } else {
                                    return Err(format!("unknown entity &{ent}; in {raw:?}"));
                                }
                                .map_err(|_| format!("a bad character reference &{ent};"))?;
                                char::from_u32(n).filter(|&c| is_char(c)).ok_or_else(|| format!("&{ent}; is not an XML 1.0 character"))?
                            }
                        };
                        out.push(ch);
                        for _ in 0..semi {
                            chars.next();
                        }
                    }
                    c if !is_char(c) => return Err(format!("{c:?} is not an XML 1.0 character")),
                    c => out.push(c),
                }
            }
            Ok(out)
        }
        fn element(&mut self) -> Result<Element, String> {
            self.expect("<")?;
            let name = self.name()?;
            let mut attrs: Vec<(String, String)> = Vec::new();
            loop {
                let spaced = self.space();
                if self.eat("/>") {
                    return Ok(Element { name, attrs, children: vec![] });
                }
                if self.eat(">") {
                    break;
                }
                if !spaced {
                    return Err(format!("expected white space before an attribute at {}", self.at));
                }
                let k = self.name()?;
                self.space();
                self.expect("=")?;
                self.space();
                let v = self.value()?;
                if attrs.iter().any(|(n, _)| *n == k) {
                    return Err(format!("attribute {k} twice"));
                }
                attrs.push((k, v));
            }
            let mut children = Vec::new();
            loop {
                self.space();
                if self.eat("</") {
                    let end = self.name()?;
                    if end != name {
                        return Err(format!("</{end}> closes <{name}>"));
                    }
                    self.space();
                    self.expect(">")?;
                    return Ok(Element { name, attrs, children });
                }
                if !self.rest().starts_with('<') || self.rest().starts_with("<!") || self.rest().starts_with("<?") {
                    return Err(format!("unexpected content at {}: {:?}", self.at, &self.rest()[..self.rest().len().min(40)]));
                }
                children.push(self.element()?);
            }
        }
    }

    pub fn parse(s: &str) -> Result<Element, String> {
        let mut p = P { s, at: 0 };
        p.expect("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        p.space();
        let root = p.element()?;
        p.space();
        if !p.rest().is_empty() {
            return Err(format!("content after the root element: {:?}", p.rest()));
        }
        Ok(root)
    }
}

#[test]
fn tty_output_never_passes_terminal_escapes_through() {
    let d = tmpdir("tty");
    let f = d.join("Dockerfile");
    // Clear the screen, set the window title, a hyperlink, a C1 CSI, BEL, DEL.
    std::fs::write(&f, "FROM alpine:latest\nRUN apt-get install \u{1b}[2J\u{1b}]0;pwned\u{7}\u{1b}]8;;http://x\u{1b}\\ \u{9b}31m \u{7f} curl\nX\u{1b}[31mRED\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_slimfile")).args(["check", "--no-color", "--format", "tty"]).arg(&f).output().unwrap();
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    let out = String::from_utf8(o.stdout).unwrap();
    let bad: Vec<char> = out.chars().filter(|c| c.is_control() && *c != '\n').collect();
    assert!(bad.is_empty(), "control characters {bad:?} in:\n{out}");
    // The unknown instruction's line is still shown, the escapes made visible.
    assert!(out.contains("X\u{fffd}[31mRED"), "{out}");
    assert!(out.contains("install \u{fffd}[2J\u{fffd}]0;pwned\u{fffd}"), "{out}");
}
