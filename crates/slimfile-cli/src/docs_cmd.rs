//! `slimfile docs --out DIR` (hidden): the rule pages of the static site.
//!
//! Writes `DIR/<CODE>.html` for every rule, from the same doc comment
//! `slimfile rule CODE` prints, `DIR/index.html` (every rule by group, with
//! severity and aliases) and `DIR/rules.css`. The site build runs it from
//! trunk's post_build hook into `dist/rules/`. Pages use relative links only:
//! `../index.html` is the playground, `../index.html#example=<CODE>` opens it
//! on the rule's example.

use std::path::Path;

use slimfile::lint::{Group, Rule};

use crate::markdown::{escape, to_html};

const CSS: &str = include_str!("docs.css");

/// Writes the pages; returns how many rule pages were written.
pub fn run(out: &Path) -> Result<usize, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: cannot create: {e}", out.display()))?;
    let write = |name: &str, text: &str| {
        std::fs::write(out.join(name), text).map_err(|e| format!("{}: cannot write: {e}", out.join(name).display()))
    };
    let rules = slimfile::rules::all();
    for r in rules {
        if !r.code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(format!("rule code `{}` cannot be a file name", r.code));
        }
        write(&format!("{}.html", r.code), &rule_page(r))?;
    }
    write("index.html", &index_page(rules))?;
    write("rules.css", CSS)?;
    Ok(rules.len())
}

fn head(title: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n\
         <meta name=\"color-scheme\" content=\"light dark\" />\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; form-action 'none'; base-uri 'self'\" />\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"rules.css\" />\n<link rel=\"manifest\" href=\"../manifest.webmanifest\" />\n\
         <link rel=\"icon\" href=\"../icons/icon-192.png\" />\n<script src=\"../sw-register.js\" defer></script>\n</head>\n<body>\n\
         <header class=\"site\"><a class=\"brand\" href=\"../index.html\">slimfile</a>\
         <nav><a href=\"index.html\">All rules</a> <a href=\"../index.html\">Playground</a></nav></header>\n",
        escape(title)
    )
}

fn foot() -> String {
    format!(
        "<footer>slimfile {} · generated from the rules' documentation (<code>slimfile rule CODE</code> prints the same text)</footer>\n</body>\n</html>\n",
        escape(slimfile::VERSION)
    )
}

fn status(r: &Rule) -> Option<&'static str> {
    if r.experimental {
        Some("experimental, off unless enabled")
    } else if !r.default_enabled {
        Some("off by default")
    } else {
        None
    }
}

fn group_title(g: Group) -> &'static str {
    match g {
        Group::Hadolint => "hadolint rules",
        Group::Buildkit => "BuildKit build checks",
        Group::Size => "Image-size rules",
    }
}

/// One rule's page.
pub fn rule_page(r: &Rule) -> String {
    let mut s = head(&format!("{} {} — slimfile rules", r.code, r.name));
    s.push_str("<main class=\"rule\">\n");
    s.push_str(&format!(
        "<h1><code>{}</code> {}</h1>\n<p class=\"summary\">{}</p>\n",
        escape(r.code),
        escape(r.name),
        escape(r.summary)
    ));
    let sev = r.severity.as_str();
    s.push_str(&format!(
        "<p class=\"meta\"><span class=\"sev sev-{sev}\">{sev}</span> <span>{}</span>",
        escape(group_title(r.group))
    ));
    if !r.aliases.is_empty() {
        let aliases: Vec<String> = r.aliases.iter().map(|a| format!("<code>{}</code>", escape(a))).collect();
        s.push_str(&format!(" <span>Also known as {}</span>", aliases.join(", ")));
    }
    if let Some(st) = status(r) {
        s.push_str(&format!(" <span class=\"status\">{st}</span>"));
    }
    s.push_str("</p>\n");
    s.push_str(&format!(
        "<p class=\"try\"><a class=\"try-it\" href=\"../index.html#example={}\">Try it in the playground →</a></p>\n",
        escape(r.code)
    ));
    s.push_str(&to_html(&r.docs_markdown()));
    s.push_str("</main>\n");
    s.push_str(&foot());
    s
}

/// Every rule, grouped.
pub fn index_page(rules: &[&Rule]) -> String {
    let mut s = head("Rules — slimfile");
    s.push_str(&format!(
        "<main class=\"index\">\n<h1>Rules</h1>\n<p>{} rules. Each page says what the rule checks, why it matters, an example, what to write instead, \
         whether a fix is automatic, and the same check in other tools.</p>\n",
        rules.len()
    ));
    for g in [Group::Hadolint, Group::Buildkit, Group::Size] {
        let in_group: Vec<&&Rule> = rules.iter().filter(|r| r.group == g).collect();
        if in_group.is_empty() {
            continue;
        }
        s.push_str(&format!(
            "<section>\n<h2 id=\"{}\">{} ({})</h2>\n<table>\n<thead><tr><th>Code</th><th>Name</th><th>Severity</th><th>What it checks</th><th>Also known as</th></tr></thead>\n<tbody>\n",
            g.as_str(),
            escape(group_title(g)),
            in_group.len()
        ));
        for r in in_group {
            let sev = r.severity.as_str();
            let mut summary = escape(r.summary);
            if let Some(st) = status(r) {
                summary.push_str(&format!(" <span class=\"status\">({st})</span>"));
            }
            s.push_str(&format!(
                "<tr><td><a href=\"{code}.html\"><code>{code}</code></a></td><td>{}</td><td><span class=\"sev sev-{sev}\">{sev}</span></td><td>{summary}</td><td>{}</td></tr>\n",
                escape(r.name),
                r.aliases.iter().map(|a| escape(a)).collect::<Vec<_>>().join(", "),
                code = escape(r.code),
            ));
        }
        s.push_str("</tbody>\n</table>\n</section>\n");
    }
    s.push_str("</main>\n");
    s.push_str(&foot());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_page_per_rule_and_an_index_that_links_them_all() {
        let dir = std::env::temp_dir().join(format!("slimfile-docs-test-{}", std::process::id()));
        let n = run(&dir).unwrap();
        assert_eq!(n, slimfile::rules::all().len());
        let files = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(files, n + 2, "pages + index.html + rules.css");
        let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
        for r in slimfile::rules::all() {
            assert!(index.contains(&format!("href=\"{}.html\"", r.code)), "index lacks {}", r.code);
            let page = std::fs::read_to_string(dir.join(format!("{}.html", r.code))).unwrap();
            assert!(page.contains(&format!("href=\"../index.html#example={}\"", r.code)));
            assert!(page.contains("href=\"index.html\">All rules</a>"));
            assert!(page.contains("<h2>Why it matters</h2>"), "{}", r.code);
        }
        let dl3007 = std::fs::read_to_string(dir.join("DL3007.html")).unwrap();
        assert!(dl3007.contains("<pre><code class=\"language-dockerfile\">FROM node:latest</code></pre>"));
        assert!(dl3007.contains("<span class=\"sev sev-warning\">warning</span>"));
        let dl4000 = std::fs::read_to_string(dir.join("DL4000.html")).unwrap();
        assert!(dl4000.contains("Also known as <code>MaintainerDeprecated</code>"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
