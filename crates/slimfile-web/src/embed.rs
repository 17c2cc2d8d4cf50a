//! The embeddable widget: the compact page `embed.html` that `www/embed.js`
//! puts in an iframe on a documentation page.
//!
//! Everything the host says comes in the iframe URL's hash, as form-encoded
//! pairs (`#dockerfile=…&dockerignore=…&readonly=1&panels=findings,size&theme=dark&id=w1&host=<origin>`),
//! so the widget needs no message from the host page and cannot be driven by
//! one. `#example=<CODE>` opens a rule's documented example instead. The
//! height goes back to the host from `www/embed-frame.js`.
//!
//! The widget shows the Dockerfile (editable unless read-only), the core's
//! findings, the estimator's final image size, and a link that opens the
//! same text in the full playground.

use std::rc::Rc;

use slimfile::{FileKind, LineIndex, Severity};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Colours of the widget: the host's choice, or the system's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// What the host page asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedOptions {
    pub dockerfile: String,
    pub dockerignore: Option<String>,
    pub read_only: bool,
    pub show_findings: bool,
    pub show_size: bool,
    pub theme: Theme,
    /// The rule whose example was asked for with `#example=CODE`, when found.
    pub example: Option<String>,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            dockerfile: String::new(),
            dockerignore: None,
            read_only: false,
            show_findings: true,
            show_size: true,
            theme: Theme::Auto,
            example: None,
        }
    }
}

impl EmbedOptions {
    /// Reads the options from a URL's fragment (with or without the `#`, or
    /// a whole URL). Unknown keys are ignored; a bad escape is kept as text.
    pub fn from_hash(url_or_hash: &str) -> EmbedOptions {
        let hash = match url_or_hash.find('#') {
            Some(i) => &url_or_hash[i + 1..],
            None => url_or_hash,
        };
        let mut o = EmbedOptions::default();
        for (key, value) in form_pairs(hash) {
            match key.as_str() {
                "dockerfile" | "code" => o.dockerfile = value,
                "dockerignore" => o.dockerignore = (!value.is_empty()).then_some(value),
                "readonly" => o.read_only = !matches!(value.as_str(), "0" | "false" | "no"),
                "panels" => {
                    let panels: Vec<&str> = value.split(',').map(str::trim).collect();
                    o.show_findings = panels.contains(&"findings");
                    o.show_size = panels.contains(&"size");
                }
                "theme" => {
                    o.theme = match value.as_str() {
                        "dark" => Theme::Dark,
                        "light" => Theme::Light,
                        _ => Theme::Auto,
                    }
                }
                "example" => {
                    if let Some((code, example)) = rule_example(&value) {
                        o.dockerfile = example.dockerfile;
                        o.dockerignore = example.dockerignore;
                        o.example = Some(code.to_string());
                    }
                }
                _ => {}
            }
        }
        o
    }

    /// The hash that opens this text in the full playground
    /// (`index.html#dockerfile=…&dockerignore=…`).
    pub fn playground_hash(dockerfile: &str, dockerignore: Option<&str>) -> String {
        let mut s = format!("#dockerfile={}", form_encode(dockerfile));
        if let Some(ignore) = dockerignore {
            s.push_str("&dockerignore=");
            s.push_str(&form_encode(ignore));
        }
        s
    }
}

/// `application/x-www-form-urlencoded` pairs (`+` is a space).
fn form_pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push(h * 16 + l);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-encodes everything but unreserved characters (`encodeURIComponent`'s set, minus `!'()*`).
fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub use slimfile::lint::RuleExample;

/// The example of the rule named `id` (code, name or alias) and its code.
pub fn rule_example(id: &str) -> Option<(&'static str, RuleExample)> {
    let rule = slimfile::rules::find(id.trim())?;
    rule.example().map(|e| (rule.code, e))
}

/// One finding, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingRow {
    pub severity: Severity,
    pub code: String,
    pub message: String,
    /// 1-based line in its file.
    pub line: usize,
    /// In the `.dockerignore` rather than the Dockerfile.
    pub in_dockerignore: bool,
    /// Whether the code has a rule page (parse problems have none).
    pub has_page: bool,
}

/// The final image size, from the estimator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SizeLine {
    pub compressed_bytes: u64,
    pub uncompressed_bytes: u64,
    /// Parts left out of the totals because their size is unknown.
    pub unknown_parts: usize,
}

/// What the widget shows for one text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedResult {
    pub findings: Vec<FindingRow>,
    /// `None` when there is no stage to estimate.
    pub size: Option<SizeLine>,
    /// Debian suites the estimate lacks (the widget loads them, as the app does).
    pub missing_data: Vec<String>,
}

impl EmbedResult {
    /// Runs the core's analysis and size estimate.
    pub fn of(dockerfile: &str, dockerignore: Option<&str>) -> EmbedResult {
        EmbedResult::with_rule(dockerfile, dockerignore, None)
    }

    /// [`EmbedResult::of`] with one rule turned on: the rule of a widget's
    /// `example` option reports on its example even when it is off by
    /// default or experimental.
    pub fn with_rule(dockerfile: &str, dockerignore: Option<&str>, rule: Option<&str>) -> EmbedResult {
        let config = rule.map(|code| slimfile::lint::Config { enabled: vec![code.to_string()], ..Default::default() });
        let report = slimfile::analyze(&slimfile::Input { dockerfile, dockerignore, config: config.as_ref() });
        let df_lines = LineIndex::new(dockerfile);
        let ignore_lines = LineIndex::new(dockerignore.unwrap_or(""));
        let findings = report
            .findings
            .iter()
            .map(|f| {
                let in_dockerignore = f.file != FileKind::Dockerfile;
                let lines = if in_dockerignore { &ignore_lines } else { &df_lines };
                let d = &f.diagnostic;
                FindingRow {
                    severity: d.severity,
                    code: d.code.clone(),
                    message: d.message.clone(),
                    line: lines.line_of(d.range.start) + 1,
                    in_dockerignore,
                    has_page: slimfile::rules::all().iter().any(|r| r.code == d.code),
                }
            })
            .collect();
        let ignore = dockerignore.map(slimfile::dockerignore::DockerIgnore::parse);
        let est = slimfile::estimate::estimate(&report.dockerfile, ignore.as_ref(), None, None);
        let size = est.target.map(|_| SizeLine {
            compressed_bytes: est.final_.compressed_bytes,
            uncompressed_bytes: est.final_.uncompressed_bytes,
            unknown_parts: est.final_.unknown_parts,
        });
        let missing_data = slimfile::sizedata::missing_debian_data(&report.dockerfile).into_iter().map(String::from).collect();
        EmbedResult { findings, size, missing_data }
    }
}

/// `12.3 MB` (decimal megabytes, as `slimfile estimate` prints).
pub fn megabytes(bytes: u64) -> String {
    format!("{} MB", slimfile::numfmt::fixed(bytes as f64 / 1_000_000.0, 1))
}

/// Whether the page at `url` is the widget's (`embed.html`, or any page with `?embed`).
pub fn is_embed_url(url: &str) -> bool {
    let before_hash = url.split('#').next().unwrap_or("");
    let (path, query) = before_hash.split_once('?').unwrap_or((before_hash, ""));
    path.ends_with("/embed.html") || path == "embed.html" || query.split('&').any(|p| p == "embed" || p.starts_with("embed="))
}

fn document_url() -> String {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.url().ok()).unwrap_or_default()
}

/// Mounts the widget into `#app` when this page is the widget's; returns
/// whether it did.
pub fn start_if_embed() -> bool {
    let url = document_url();
    if !is_embed_url(&url) {
        return false;
    }
    let document = web_sys::window().and_then(|w| w.document());
    let options = EmbedOptions::from_hash(&url);
    if let Some(html) = document.as_ref().and_then(|d| d.document_element()) {
        let _ = html.set_attribute("data-theme", options.theme.as_str());
    }
    let props = EmbedProps { options: Rc::new(options) };
    match document.and_then(|d| d.get_element_by_id("app")) {
        Some(root) => yew::Renderer::<Embed>::with_root_and_props(root, props).render(),
        None => yew::Renderer::<Embed>::with_props(props).render(),
    };
    true
}

#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    pub options: Rc<EmbedOptions>,
}

/// The widget.
#[component]
pub fn Embed(props: &EmbedProps) -> Html {
    let opts = props.options.clone();
    let text = use_state(|| opts.dockerfile.clone());
    // Bumped when a Debian package table arrives: the estimate is made again.
    let data = use_state(crate::data::generation);
    let result = {
        let (ignore, rule) = (opts.dockerignore.clone(), opts.example.clone());
        use_memo(((*text).clone(), *data), move |(t, _)| EmbedResult::with_rule(t, ignore.as_deref(), rule.as_deref()))
    };
    {
        let requested = use_mut_ref(Vec::<String>::new);
        let data = data.setter();
        use_effect_with(result.missing_data.clone(), move |missing| {
            for suite in missing {
                if requested.borrow().contains(suite) {
                    continue;
                }
                requested.borrow_mut().push(suite.clone());
                let (data, name) = (data.clone(), suite.clone());
                crate::data::fetch(suite, move |got| {
                    if got.and_then(|text| crate::data::provide(&name, text)).is_ok() {
                        data.set(crate::data::generation());
                    }
                });
            }
        });
    }
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let lines = text.lines().count().clamp(3, 24);
    let full = format!("index.html{}", EmbedOptions::playground_hash(&text, opts.dockerignore.as_deref()));
    let editor = if opts.read_only {
        html! { <pre class="code" data-testid="embed-code" aria-label="Dockerfile">{ (*text).clone() }</pre> }
    } else {
        html! {
            <textarea class="code" data-testid="embed-editor" aria-label="Dockerfile"
                rows={lines.to_string()} spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"
                value={(*text).clone()} {oninput} />
        }
    };
    let size = match (&result.size, opts.show_size) {
        (Some(s), true) => html! {
            <p class="size" data-testid="embed-size">
                <span class="label">{ "Final image: " }</span>
                <strong>{ format!("≈ {} compressed (pull)", megabytes(s.compressed_bytes)) }</strong>
                { format!(", {} uncompressed (disk)", megabytes(s.uncompressed_bytes)) }
                if s.unknown_parts > 0 {
                    <span class="unknown">{ format!(" — {} part{} of unknown size left out (COPY needs the build context)",
                        s.unknown_parts, if s.unknown_parts == 1 { "" } else { "s" }) }</span>
                }
                <span class="est">{ " · estimated" }</span>
            </p>
        },
        (None, true) => html! { <p class="size" data-testid="embed-size">{ "Final image: no stage to estimate" }</p> },
        _ => html! {},
    };
    let findings = if opts.show_findings {
        let n = result.findings.len();
        html! {
            <div class="findings" data-testid="embed-findings">
                if n == 0 {
                    <p class="ok">{ "✓ No problems found" }</p>
                } else {
                    <p class="count">{ format!("{n} finding{}", if n == 1 { "" } else { "s" }) }</p>
                    <ul>
                        { for result.findings.iter().map(finding_row) }
                    </ul>
                }
            </div>
        }
    } else {
        html! {}
    };
    html! {
        <div class="embed">
            { editor }
            { size }
            { findings }
            <p class="foot">
                <a href={full} target="_blank" rel="noopener" data-testid="open-full">{ "Open in the full playground ↗" }</a>
                <span class="brand">{ "slimfile " }{ slimfile::VERSION }</span>
            </p>
        </div>
    }
}

fn finding_row(f: &FindingRow) -> Html {
    let sev = f.severity.as_str();
    let code = if f.has_page {
        html! { <a class="code-link" href={format!("rules/{}.html", f.code)} target="_blank" rel="noopener">{ &f.code }</a> }
    } else {
        html! { <span class="code-link">{ &f.code }</span> }
    };
    let place = if f.in_dockerignore { format!(".dockerignore:{}", f.line) } else { format!("line {}", f.line) };
    html! {
        <li class={classes!("finding", sev)} data-code={f.code.clone()}>
            <span class="sev">{ sev }</span>
            { code }
            <span class="at">{ place }</span>
            <span class="msg">{ for code_spans(&f.message).into_iter().map(|(code, text)| if code {
                html! { <code>{ text }</code> }
            } else {
                html! { { text } }
            }) }</span>
        </li>
    }
}

/// A message split at its backticks: (is code, text). Text with an odd
/// number of backticks is left as it is.
pub fn code_spans(message: &str) -> Vec<(bool, String)> {
    if message.matches('`').count() % 2 == 1 {
        return vec![(false, message.to_string())];
    }
    message
        .split('`')
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(i, t)| (i % 2 == 1, t.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    // Natively a plain #[test]; in wasm, in Chromium like tests/logic.rs.
    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test(unsupported = test)]
    fn options_come_from_the_hash() {
        let o = EmbedOptions::from_hash(
            "https://x/slimfile/embed.html#dockerfile=FROM+node%3Alatest%0ARUN+echo+%C3%A9&dockerignore=.git&readonly=1&panels=size&theme=dark",
        );
        assert_eq!(o.dockerfile, "FROM node:latest\nRUN echo é");
        assert_eq!(o.dockerignore.as_deref(), Some(".git"));
        assert!(o.read_only);
        assert!(o.show_size);
        assert!(!o.show_findings);
        assert_eq!(o.theme, Theme::Dark);
        let d = EmbedOptions::from_hash("");
        assert_eq!(d, EmbedOptions::default());
        // Broken escapes stay text; nothing panics.
        assert_eq!(EmbedOptions::from_hash("#dockerfile=100%25%zz%").dockerfile, "100%%zz%");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn playground_hash_round_trips() {
        let text = "FROM alpine\nRUN echo \"a&b=c+d #x\" 🐳\n";
        let hash = EmbedOptions::playground_hash(text, Some("node_modules\n*.log"));
        let back = EmbedOptions::from_hash(&hash);
        assert_eq!(back.dockerfile, text);
        assert_eq!(back.dockerignore.as_deref(), Some("node_modules\n*.log"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn every_rule_has_an_example_for_try_it() {
        for r in slimfile::rules::all() {
            let (code, ex) = rule_example(r.code).unwrap_or_else(|| panic!("{} has no example", r.code));
            assert_eq!(code, r.code);
            assert!(!ex.dockerfile.trim().is_empty(), "{}", r.code);
        }
        let (_, ex) = rule_example("dl3007").unwrap();
        assert_eq!(ex.dockerfile, "FROM node:latest\n");
        assert_eq!(ex.dockerignore, None);
        assert!(rule_example("NO-SUCH-RULE").is_none());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_example_picks_up_its_dockerignore() {
        let docs = "## What it does\nx\n\n## Example\n`.dockerignore`:\n```text\nnode_modules\n```\n```dockerfile\nFROM node:22-slim\nCOPY . .\n```\n\n## Use instead\n```dockerfile\nFROM scratch\n```\n";
        let ex = slimfile::lint::example_docs::section_files(docs, "## Example").unwrap();
        assert_eq!(ex.dockerfile, "FROM node:22-slim\nCOPY . .\n");
        assert_eq!(ex.dockerignore.as_deref(), Some("node_modules\n"));
        let commented = slimfile::lint::example_docs::section_files("## Example\n```dockerfile\nFROM debian:bookworm\n# .dockerignore: *.md, *.log and !README.md\nCOPY README.md /app/\n```\n", "## Example").unwrap();
        assert_eq!(commented.dockerignore.as_deref(), Some("*.md\n*.log\n!README.md\n"));
        let o = EmbedOptions::from_hash("#example=DL3007&readonly=1");
        assert_eq!(o.example.as_deref(), Some("DL3007"));
        assert_eq!(o.dockerfile, "FROM node:latest\n");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_result_has_findings_and_the_estimated_size() {
        let r = EmbedResult::of("FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"node\", \"server.js\"]\n", None);
        let dl3007 = r.findings.iter().find(|f| f.code == "DL3007").expect("latest tag flagged");
        assert_eq!(dl3007.line, 1);
        assert!(dl3007.has_page);
        let size = r.size.expect("a stage to estimate");
        assert!(size.compressed_bytes > 100_000_000, "{size:?}");
        assert!(size.uncompressed_bytes > size.compressed_bytes);
        assert!(size.unknown_parts >= 1, "COPY without a context is unknown");
        let alpine = EmbedResult::of("FROM node:alpine\n", None).size.unwrap();
        assert!(alpine.compressed_bytes < size.compressed_bytes);
        // A widget showing a rule's example turns that rule on.
        let (_, healthcheck) = rule_example("DL3057").unwrap();
        assert!(!EmbedResult::of(&healthcheck.dockerfile, None).findings.iter().any(|f| f.code == "DL3057"));
        assert!(EmbedResult::with_rule(&healthcheck.dockerfile, None, Some("DL3057")).findings.iter().any(|f| f.code == "DL3057"));
        let parse = EmbedResult::of("FORM alpine\n", None);
        assert!(parse.findings.iter().any(|f| !f.has_page));
        assert_eq!(EmbedResult::of("", None).size, None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn backticks_become_code() {
        assert_eq!(
            code_spans("`node:latest` uses the `latest` tag"),
            vec![(true, "node:latest".into()), (false, " uses the ".into()), (true, "latest".into()), (false, " tag".into())]
        );
        assert_eq!(code_spans("a ` b"), vec![(false, "a ` b".into())]);
        assert_eq!(code_spans(""), Vec::<(bool, String)>::new());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn embed_pages_are_recognised() {
        assert!(is_embed_url("http://h/slimfile/embed.html#dockerfile=x"));
        assert!(is_embed_url("http://h/index.html?embed#x"));
        assert!(!is_embed_url("http://h/slimfile/index.html#embed.html"));
        assert!(!is_embed_url("http://h/slimfile/"));
        assert_eq!(megabytes(26_300_000), "26.3 MB");
    }
}
