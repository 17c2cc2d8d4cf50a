use super::common::{from_parts, pairs, parse_image, top_level, unquote};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// With a `label-schema` configured, flags stages that do not set one of
    /// the required labels.
    ///
    /// ## Why it matters
    /// Required labels (owner, source, version, ...) are how registries,
    /// scanners and people find out what an image is and who maintains it.
    ///
    /// ## Example
    /// ```dockerfile
    /// # label-schema: {org.opencontainers.image.source: url}
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="https://github.com/acme/app"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the label's value is yours to provide.
    ///
    /// ## Equivalents
    /// hadolint DL3049, with its stage tracking: a stage built `FROM` a
    /// labelled stage has the label, a stage whose labels come later through
    /// a stage built from it counts as labelled, and a stage only used by
    /// `COPY --from` is not reported. Off unless a schema is configured.
    pub static RULE = {
        code: "DL3049",
        name: "missing-required-label",
        aliases: [],
        severity: Info,
        group: Hadolint,
        summary: "Label `<label>` is missing",
        check: check,
    }
}

struct StageId {
    alias: Option<String>,
    image: String,
    range: TextRange,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Good,
    Silent,
    Bad,
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let mut labels: Vec<&str> = ctx.config.label_schema.iter().map(|(k, _)| k.as_str()).collect();
    crate::sort::sort(&mut labels);
    labels.dedup();
    for label in labels {
        let mut stages: Vec<(StageId, Mark)> = Vec::new();
        // Bad stages whose alias is `name` are not reported.
        let silence = |stages: &mut Vec<(StageId, Mark)>, name: &str| {
            for (s, m) in stages.iter_mut() {
                if *m == Mark::Bad && s.alias.as_deref() == Some(name) {
                    *m = Mark::Silent;
                }
            }
        };
        for (_, inst) in top_level(ctx) {
            match inst.keyword {
                Keyword::From => {
                    let (image, alias) = from_parts(inst);
                    let image_name = image.map(|w| parse_image(&w.value).name.to_string()).unwrap_or_default();
                    let inherits =
                        stages.iter().any(|(s, m)| *m == Mark::Good && s.alias.as_deref() == Some(image_name.as_str()));
                    let range = image.map_or(inst.keyword_range, |w| w.range);
                    let id = StageId { alias: alias.map(|a| a.value.clone()), image: image_name, range };
                    stages.push((id, if inherits { Mark::Good } else { Mark::Bad }));
                }
                Keyword::Copy => {
                    if let Some(src) = inst.flag("from").and_then(|f| f.value.as_deref()) {
                        silence(&mut stages, src);
                    }
                }
                Keyword::Label => {
                    let has = pairs(inst).iter().any(|kv| unquote(ctx.df.escape, &kv.key.value) == label);
                    if !has {
                        continue;
                    }
                    let Some(last) = stages.len().checked_sub(1) else { continue };
                    let name = stages[last].0.alias.clone().unwrap_or_else(|| stages[last].0.image.clone());
                    silence(&mut stages, &name);
                    stages[last].1 = Mark::Good;
                }
                _ => {}
            }
        }
        for (s, m) in &stages {
            if *m == Mark::Bad {
                out.push(
                    Violation::new(s.range, format!("Label `{label}` is missing"))
                        .note("the configured label schema requires this label on every stage")
                        .fix_title(format!("add `LABEL {label}=...` to the stage")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{run_with, schema};

    fn count(src: &str) -> usize {
        run_with(src, "DL3049", &schema(&[("foo", "text")])).len()
    }

    #[test]
    fn fires_on_stages_without_the_label() {
        assert_eq!(
            run_with("FROM baseimage\nLABEL bar=\"baz\"\n", "DL3049", &schema(&[("foo", "text")])),
            [("baseimage".to_string(), "Label `foo` is missing".to_string())]
        );
        assert_eq!(count("FROM stage1\nFROM stage2\n"), 2);
        assert_eq!(count("FROM baseimage\nLABEL foo=\"bar\"\nFROM newimage\n"), 1);
        assert_eq!(count("FROM baseimage as base\nFROM base\n"), 2);
        assert_eq!(count("FROM baseimage as base\nFROM newimage\nLABEL foo=\"bar\"\n"), 1);
        assert_eq!(count("FROM baseimage as base\nFROM base\nLABEL foo=\"bar\"\n\nFROM base\n"), 1);
    }

    #[test]
    fn quiet_when_labelled_inherited_or_copied_from() {
        assert_eq!(count("FROM baseimage\nLABEL foo=\"bar\"\n"), 0);
        assert_eq!(count("FROM baseimage as base\nFROM base\nLABEL foo=\"bar\"\n"), 0);
        assert_eq!(count("FROM baseimage as base\nFROM other\nLABEL foo=\"bar\"\nCOPY --from=base /bar /baz\n"), 0);
        assert_eq!(count("FROM baseimage as base\nLABEL foo=\"bar\"\nFROM base\n"), 0);
        assert!(run_with("FROM baseimage\n", "DL3049", &crate::lint::Config::default()).is_empty());
    }
}
