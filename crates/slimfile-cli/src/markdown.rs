//! A small Markdown-to-HTML renderer for the rule pages (`slimfile docs`).
//!
//! It knows what the rules' doc comments use: `#` headings, paragraphs,
//! fenced code blocks, `*`/`-`/`1.` lists with indented continuation lines,
//! inline code, `**bold**` and `[text](url)` links. Everything else is text.
//! **Invariant:** every character of the input reaches the output escaped;
//! the only tags in the output are the ones this module writes, and a link's
//! address is kept only when it is `http(s)://`, `mailto:`, a fragment or a
//! plain relative path (never `javascript:` or `data:`).

/// Escapes text for HTML element content and double- or single-quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

enum Block {
    None,
    Para(Vec<String>),
    List { ordered: bool, items: Vec<Vec<String>> },
}

/// Renders `md` to an HTML fragment.
pub fn to_html(md: &str) -> String {
    let mut out = String::new();
    let mut block = Block::None;
    let mut fence: Option<(String, String, Vec<&str>)> = None; // (marker, lang, lines)
    for line in md.lines() {
        if let Some((marker, lang, body)) = fence.as_mut() {
            if line.trim_start().starts_with(marker.as_str()) && line.trim().chars().all(|c| c == '`' || c == '~') {
                let class = if lang.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape(lang)) };
                out.push_str(&format!("<pre><code{class}>{}</code></pre>\n", escape(&body.join("\n"))));
                fence = None;
            } else {
                body.push(line);
            }
            continue;
        }
        let trimmed = line.trim_start();
        if let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
            flush(&mut out, &mut block);
            let ticks: String = trimmed.chars().take_while(|&c| c == marker.chars().next().unwrap_or('`')).collect();
            let lang = trimmed[ticks.len()..].split_whitespace().next().unwrap_or("").to_string();
            fence = Some((ticks, lang, Vec::new()));
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut out, &mut block);
            continue;
        }
        if let Some((level, text)) = heading(line) {
            flush(&mut out, &mut block);
            out.push_str(&format!("<h{level}>{}</h{level}>\n", inline(text)));
            continue;
        }
        if let Some((ordered, text)) = list_item(line) {
            match &mut block {
                Block::List { ordered: o, items } if *o == ordered => items.push(vec![text.to_string()]),
                _ => {
                    flush(&mut out, &mut block);
                    block = Block::List { ordered, items: vec![vec![text.to_string()]] };
                }
            }
            continue;
        }
        match &mut block {
            // An indented line continues the current item.
            Block::List { items, .. } if line.starts_with(' ') || line.starts_with('\t') => {
                if let Some(last) = items.last_mut() {
                    last.push(trimmed.to_string());
                }
            }
            Block::Para(lines) => lines.push(line.to_string()),
            _ => {
                flush(&mut out, &mut block);
                block = Block::Para(vec![line.to_string()]);
            }
        }
    }
    if let Some((_, lang, body)) = fence {
        // An unclosed fence runs to the end, as CommonMark says.
        let class = if lang.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape(&lang)) };
        out.push_str(&format!("<pre><code{class}>{}</code></pre>\n", escape(&body.join("\n"))));
    }
    flush(&mut out, &mut block);
    out
}

fn flush(out: &mut String, block: &mut Block) {
    match std::mem::replace(block, Block::None) {
        Block::None => {}
        Block::Para(lines) => out.push_str(&format!("<p>{}</p>\n", inline(lines.join("\n").trim()))),
        Block::List { ordered, items } => {
            let tag = if ordered { "ol" } else { "ul" };
            out.push_str(&format!("<{tag}>\n"));
            for item in items {
                out.push_str(&format!("<li>{}</li>\n", inline(item.join("\n").trim())));
            }
            out.push_str(&format!("</{tag}>\n"));
        }
    }
}

fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim_end()))
}

fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(rest) = line.strip_prefix("* ").or_else(|| line.strip_prefix("- ")) {
        return Some((false, rest));
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < 10 {
        if let Some(rest) = line[digits..].strip_prefix(". ") {
            return Some((true, rest));
        }
    }
    None
}

/// Whether a link address may be kept.
fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:") {
        return true;
    }
    // A relative path or fragment: no scheme before the first `/`, `?` or `#`.
    let head = lower.split(['/', '?', '#']).next().unwrap_or("");
    !head.contains(':') && !lower.is_empty() && !lower.chars().any(|c| c.is_control() || c == '\\')
}

/// Inline Markdown of one paragraph, escaped.
fn inline(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        // Inline code: a run of backticks up to the same run.
        if rest.starts_with('`') {
            let ticks = rest.chars().take_while(|&c| c == '`').count();
            let fence = &rest[..ticks];
            if let Some(end) = rest[ticks..].find(fence) {
                let code = &rest[ticks..ticks + end];
                let code = if code.starts_with(' ') && code.ends_with(' ') && code.trim() != "" { &code[1..code.len() - 1] } else { code };
                out.push_str(&format!("<code>{}</code>", escape(&code.replace('\n', " "))));
                rest = &rest[ticks + end + ticks..];
                continue;
            }
            out.push_str(&escape(fence));
            rest = &rest[ticks..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("**") {
            if let Some(end) = after.find("**").filter(|&e| e > 0) {
                out.push_str(&format!("<strong>{}</strong>", inline(&after[..end])));
                rest = &after[end + 2..];
                continue;
            }
        }
        if rest.starts_with('[') {
            if let Some((label, url, used)) = link(rest) {
                if safe_url(url) {
                    out.push_str(&format!("<a href=\"{}\">{}</a>", escape(url.trim()), inline(label)));
                } else {
                    out.push_str(&inline(label));
                }
                rest = &rest[used..];
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push_str(&escape(&rest[..c.len_utf8()]));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `[label](url)` at the start of `s`: (label, url, bytes used).
fn link(s: &str) -> Option<(&str, &str, usize)> {
    let close = s.find("](")?;
    let label = &s[1..close];
    if label.contains('[') || label.contains(']') {
        return None;
    }
    let url_start = close + 2;
    let end = s[url_start..].find(')')?;
    let url = &s[url_start..url_start + end];
    if url.contains(char::is_whitespace) {
        return None;
    }
    Some((label, url, url_start + end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_doc_template_renders() {
        let md = "## What it does\nFlags `FROM node:latest` and\n`latest` tags.\n\n## Example\n```dockerfile\nFROM node:latest\nRUN a && \\\n    b\n```\n\n* one `x`\n  continued\n* two\n\n1. first\n2. second\n";
        assert_eq!(
            to_html(md),
            "<h2>What it does</h2>\n<p>Flags <code>FROM node:latest</code> and\n<code>latest</code> tags.</p>\n\
             <h2>Example</h2>\n<pre><code class=\"language-dockerfile\">FROM node:latest\nRUN a &amp;&amp; \\\n    b</code></pre>\n\
             <ul>\n<li>one <code>x</code>\ncontinued</li>\n<li>two</li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n"
        );
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let md = "# <script>alert(1)</script>\n\
                  Text <img src=x onerror=alert(1)> & \"quotes\" 'single'\n\n\
                  ```\"><script>alert(2)</script>\n</code></pre><script>alert(3)</script>\n```\n\n\
                  * <b>item</b> `</code><script>`\n\n\
                  [click](javascript:alert(4)) [data](data:text/html,<script>) [ok](https://example.org/a?b=1&c=\"x\") \
                  [rel](../index.html#example=DL3007) **<i>bold</i>** [x](JaVaScRiPt:alert(5))\n";
        let html = to_html(md);
        for bad in ["<script", "<img", "<b>", "<i>", "javascript:", "JaVaScRiPt", "data:text", "href=\"data", "onerror=alert(1)>"] {
            assert!(!html.contains(bad), "{bad} leaked into:\n{html}");
        }
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&quot;quotes&quot; &#39;single&#39;"));
        assert!(html.contains("<a href=\"https://example.org/a?b=1&amp;c=&quot;x&quot;\">ok</a>"));
        assert!(html.contains("<a href=\"../index.html#example=DL3007\">rel</a>"));
        assert!(html.contains("<strong>&lt;i&gt;bold&lt;/i&gt;</strong>"));
        // The fence's info string cannot break out of the class attribute.
        assert!(html.contains("class=\"language-&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;\""));
        // The only tags are the renderer's own.
        let tags: std::collections::BTreeSet<String> = html
            .split('<')
            .skip(1)
            .map(|t| t.split([' ', '>']).next().unwrap_or("").trim_start_matches('/').to_string())
            .collect();
        let allowed = ["a", "code", "h1", "li", "p", "pre", "strong", "ul"];
        assert!(tags.iter().all(|t| allowed.contains(&t.as_str())), "{tags:?}");
    }

    #[test]
    fn odd_input_never_panics_and_keeps_its_text() {
        for md in ["`", "``x", "**", "[", "[a](", "[a](b", "```", "1.", "#", "####### seven", "* ", "é`ü`ß", "\u{0}"] {
            let html = to_html(md);
            let _ = html;
        }
        assert_eq!(to_html("`unclosed"), "<p>`unclosed</p>\n");
        assert_eq!(to_html("```sh\nrm -rf /\n"), "<pre><code class=\"language-sh\">rm -rf /</code></pre>\n");
        assert_eq!(to_html("####### seven"), "<p>####### seven</p>\n");
        assert_eq!(to_html("#tag"), "<p>#tag</p>\n");
    }
}
