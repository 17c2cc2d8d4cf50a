use super::common::top_level;
use crate::ast::{Args, Keyword};
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags the `MAINTAINER` instruction.
    ///
    /// ## Why it matters
    /// `MAINTAINER` has been deprecated since Docker 1.13: it fills a legacy
    /// `Author` field that most tools ignore. A label is where metadata
    /// lives and what registries show.
    ///
    /// ## Example
    /// ```dockerfile
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL maintainer="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix safety
    /// Safe fix: rewrites the instruction as `LABEL maintainer="..."` with
    /// the same text (escaped for the double quotes). Containers behave the
    /// same; the text moves from the deprecated `Author` field to a label.
    ///
    /// ## Equivalents
    /// hadolint DL4000; BuildKit MaintainerDeprecated (same check).
    pub static RULE = {
        code: "DL4000",
        name: "maintainer-deprecated",
        aliases: ["MaintainerDeprecated"],
        severity: Error,
        group: Hadolint,
        summary: "MAINTAINER is deprecated",
        fix_keeps_size: true,
        check: check,
    }
}

/// The text as the body of a double-quoted LABEL value.
fn quoted(value: &str, escape: char) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '$' || c == escape {
            out.push(escape);
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (_, inst) in top_level(ctx) {
        if inst.keyword != Keyword::Maintainer {
            continue;
        }
        let mut v = Violation::new(inst.keyword_range, "Maintainer instruction is deprecated in favor of using label")
            .note("MAINTAINER fills a legacy Author field; labels are what tools read");
        let value = match &inst.args {
            Args::Text(w) => w.value.trim(),
            _ => "",
        };
        // `MAINTAINER "Jane Doe"`: the quotes were only there for grouping.
        let value = match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
            Some(inner) if !inner.contains('"') => inner,
            _ => value,
        };
        if value.is_empty() || !inst.heredocs.is_empty() {
            v = v.fix_title("use `LABEL maintainer=\"...\"`");
        } else {
            let label = if inst.keyword_text.chars().all(|c| c.is_ascii_lowercase()) { "label" } else { "LABEL" };
            let text = format!("{label} maintainer={}", quoted(value, ctx.df.escape));
            v = v.with_fix(Fix::safe(format!("replace with `{text}`"), vec![Edit::replace(inst.range, text)]));
        }
        out.push(v);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{fixed, ranges, run};

    #[test]
    fn fires_on_maintainer() {
        assert_eq!(
            run("FROM busybox\nMAINTAINER hudu@mail.com\n", "DL4000"),
            [("MAINTAINER".to_string(), "Maintainer instruction is deprecated in favor of using label".to_string())]
        );
        assert_eq!(ranges("MAINTAINER Lukas\nFROM DEBIAN\n", "DL4000"), ["MAINTAINER"]);
    }

    #[test]
    fn fix_rewrites_as_label() {
        assert_eq!(
            fixed("FROM a:1\nMAINTAINER Jane \"JD\" Doe <jane@x.org> $5\n", "DL4000").as_deref(),
            Some("FROM a:1\nLABEL maintainer=\"Jane \\\"JD\\\" Doe <jane@x.org> \\$5\"\n")
        );
        assert_eq!(
            fixed("FROM a:1\nmaintainer \"B H\"\n", "DL4000").as_deref(),
            Some("FROM a:1\nlabel maintainer=\"B H\"\n")
        );
        assert_eq!(
            fixed("# escape=`\nFROM a:1\nMAINTAINER C:\\x `y\n", "DL4000").as_deref(),
            Some("# escape=`\nFROM a:1\nLABEL maintainer=\"C:\\x ``y\"\n")
        );
    }

    #[test]
    fn labels_are_fine() {
        assert!(run("FROM debian\nLABEL maintainer=x\nONBUILD MAINTAINER y\n", "DL4000").is_empty());
    }
}
