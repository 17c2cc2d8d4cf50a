use super::common::labelled;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// With a `label-schema` configured, flags schema labels set to an empty
    /// value (`LABEL org.opencontainers.image.version=""`).
    ///
    /// ## Why it matters
    /// An empty required label satisfies the schema on paper but tells
    /// nobody anything; usually a build argument that was not passed.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL org.opencontainers.image.version=""
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.version="1.4.2"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the value is yours to provide.
    ///
    /// ## Equivalents
    /// hadolint DL3051. Off unless a schema is configured.
    pub static RULE = {
        code: "DL3051",
        name: "empty-label",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Label `<label>` is empty",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let labels: Vec<&str> = ctx.config.label_schema.iter().map(|(k, _)| k.as_str()).collect();
    if labels.is_empty() {
        return;
    }
    for (kv, key, value) in labelled(ctx, &labels) {
        if value.is_empty() {
            out.push(
                Violation::new(kv.range, format!("label `{key}` is empty"))
                    .note("the label schema requires this label to say something")
                    .fix_title(format!("give `{key}` a value")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{run_with, schema};

    #[test]
    fn fires_on_empty_schema_labels() {
        assert_eq!(
            run_with("LABEL emptylabel=\"\"\n", "DL3051", &schema(&[("emptylabel", "text")])),
            [("emptylabel=\"\"".to_string(), "label `emptylabel` is empty".to_string())]
        );
    }

    #[test]
    fn quiet_for_values_and_other_labels() {
        let cfg = schema(&[("emptylabel", "text")]);
        assert!(run_with("LABEL emptylabel=\"foo\"\nLABEL other=\"\"\n", "DL3051", &cfg).is_empty());
    }
}
