use super::common::{from_parts, parse_image, top_level};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags stages without a `HEALTHCHECK` (off by default).
    ///
    /// ## Why it matters
    /// Without a health check, Docker and orchestrators only know whether
    /// the process runs, not whether it works: a hung server stays "up".
    /// Many platforms (Kubernetes) define probes outside the image, which is
    /// why the rule is off unless you enable it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD wget -q -O /dev/null http://localhost/ || exit 1
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: what "healthy" means is application-specific.
    ///
    /// ## Equivalents
    /// hadolint DL3057 (also off by default), with its stage tracking: a
    /// stage built `FROM` a stage with a health check has one, and a
    /// `HEALTHCHECK` (even `HEALTHCHECK NONE`) also covers the stages it is
    /// built from. Trivy DS026; Checkov CKV_DOCKER_2.
    pub static RULE = {
        code: "DL3057",
        name: "missing-healthcheck",
        aliases: [],
        severity: Info,
        group: Hadolint,
        summary: "`HEALTHCHECK` instruction missing",
        default_enabled: false,
        check: check,
    }
}

struct Stage {
    /// The image name the stage is built from.
    src: String,
    /// Its alias, or the image name.
    name: String,
    range: TextRange,
    good: bool,
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let mut stages: Vec<Stage> = Vec::new();
    for (_, inst) in top_level(ctx) {
        match inst.keyword {
            Keyword::From => {
                let (image, alias) = from_parts(inst);
                let src = image.map(|w| parse_image(&w.value).name.to_string()).unwrap_or_default();
                let name = alias.map_or_else(|| src.clone(), |a| a.value.clone());
                let good = stages.iter().any(|s| s.good && s.name == src);
                stages.push(Stage { src, name, range: image.map_or(inst.keyword_range, |w| w.range), good });
            }
            Keyword::Healthcheck => {
                let Some(cur) = stages.len().checked_sub(1) else { continue };
                stages[cur].good = true;
                // The stages this one is built from (by name), recursively.
                let mut todo = vec![stages[cur].src.clone()];
                while let Some(src) = todo.pop() {
                    for s in stages.iter_mut().filter(|s| !s.good && s.name == src) {
                        s.good = true;
                        todo.push(s.src.clone());
                    }
                }
            }
            _ => {}
        }
    }
    for s in stages.iter().filter(|s| !s.good) {
        out.push(
            Violation::new(s.range, "the stage has no `HEALTHCHECK`")
                .note("without a health check only a crashed process is detected, not a hung one")
                .fix_title("add a `HEALTHCHECK CMD ...` (or `HEALTHCHECK NONE` to say there is none)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::Config;
    use crate::rules::hadolint::common::test_util::run_with;

    fn count(src: &str) -> usize {
        run_with(src, "DL3057", &Config { enabled: vec!["DL3057".into()], ..Config::default() }).len()
    }

    #[test]
    fn fires_on_stages_without_healthcheck() {
        assert_eq!(
            run_with(
                "FROM scratch\n",
                "DL3057",
                &Config { enabled: vec!["missing-healthcheck".into()], ..Config::default() }
            ),
            [("scratch".to_string(), "the stage has no `HEALTHCHECK`".to_string())]
        );
        assert_eq!(count("FROM scratch AS base\nHEALTHCHECK CMD /bin/bla\nFROM scratch\n"), 1);
        let src = "FROM scratch AS base1\nFROM base1 AS base2\nFROM base2 AS base3.1\nFROM base2 AS base3.2\n\n\
                   FROM base3.1 AS end1\nHEALTHCHECK NONE\n\nFROM base3.2 AS end2\n";
        assert_eq!(count(src), 2, "base3.2 and end2");
    }

    #[test]
    fn quiet_with_healthchecks_and_off_by_default() {
        assert_eq!(count("FROM scratch\nHEALTHCHECK NONE\n"), 0);
        assert_eq!(count("FROM scratch AS base\nHEALTHCHECK CMD /bin/bla\nFROM base\n"), 0);
        assert_eq!(count("FROM scratch AS b1\nFROM b1 AS b2\nFROM b2 AS b3\nFROM b3 AS end\nHEALTHCHECK NONE\n"), 0);
        assert!(run_with("FROM scratch\n", "DL3057", &Config::default()).is_empty());
    }
}
