use super::common::{pairs, top_level, unquote};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// With `strict-labels: true`, flags labels that are not in the
    /// configured `label-schema`.
    ///
    /// ## Why it matters
    /// A strict schema keeps image metadata uniform across a team: every
    /// label has an agreed meaning and format, and typos in label keys
    /// (`org.opencontainers.image.sorce`) are caught.
    ///
    /// ## Example
    /// ```dockerfile
    /// # label-schema: {org.opencontainers.image.source: url}
    /// # strict-labels: true
    /// LABEL team="payments"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.source="https://github.com/acme/payments"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: either the label or the schema should change.
    ///
    /// ## Equivalents
    /// hadolint DL3050 (hadolint reports the instruction once; here each
    /// extra key is reported). Off unless `strict-labels` is set.
    pub static RULE = {
        code: "DL3050",
        name: "superfluous-label",
        aliases: [],
        severity: Info,
        group: Hadolint,
        summary: "Superfluous label(s) present",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if !ctx.config.strict_labels {
        return;
    }
    for (_, inst) in top_level(ctx) {
        if inst.keyword != Keyword::Label {
            continue;
        }
        for kv in pairs(inst) {
            let key = unquote(ctx.df.escape, &kv.key.value);
            if !ctx.config.label_schema.iter().any(|(k, _)| *k == key) {
                out.push(
                    Violation::new(kv.key.range, format!("label `{key}` is not in the label schema"))
                        .note("`strict-labels` allows only the labels of the configured schema")
                        .fix_title("remove the label, or add it to the schema"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::Config;
    use crate::rules::hadolint::common::test_util::{run_with, schema};

    fn strict() -> Config {
        Config { strict_labels: true, ..schema(&[("required", "text")]) }
    }

    #[test]
    fn fires_on_labels_outside_the_schema() {
        assert_eq!(
            run_with("LABEL required=\"foo\" other=\"bar\"\n", "DL3050", &strict()),
            [("other".to_string(), "label `other` is not in the label schema".to_string())]
        );
    }

    #[test]
    fn quiet_for_schema_labels_or_without_strict() {
        assert!(run_with("LABEL required=\"foo\"\n", "DL3050", &strict()).is_empty());
        assert!(run_with("", "DL3050", &strict()).is_empty());
        assert!(run_with("LABEL other=\"bar\"\n", "DL3050", &schema(&[("required", "text")])).is_empty());
    }
}
