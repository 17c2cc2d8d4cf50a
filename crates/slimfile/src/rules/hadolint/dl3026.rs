use super::common::{from_parts, parse_image, top_level};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};
use crate::semantic::mount_options;

crate::declare_rule! {
    /// ## What it does
    /// With `trustedRegistries` configured, flags images pulled from any
    /// other registry: base images (`FROM`), `COPY --from=<image>` and
    /// `RUN --mount=from=<image>`.
    ///
    /// ## Why it matters
    /// Organisations that mirror and scan their images want every build to
    /// pull from those registries only; an image from elsewhere bypasses the
    /// scanning and may disappear or change.
    ///
    /// ## Example
    /// ```dockerfile
    /// # trustedRegistries: [registry.example.com]
    /// FROM docker.io/library/node:22
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM registry.example.com/library/node:22
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the mirrored image name is organisation-specific.
    ///
    /// ## Equivalents
    /// hadolint DL3026 (patterns `*`, `*.example.com`, `registry.*`; Docker
    /// Hub images count as `docker.io` or `hub.docker.com`; `scratch` and
    /// earlier stage names are always allowed). Off unless configured.
    pub static RULE = {
        code: "DL3026",
        name: "untrusted-registry",
        aliases: [],
        severity: Error,
        group: Hadolint,
        summary: "Use only an allowed registry in the FROM image",
        check: check,
    }
}

fn matches(allow: &str, registry: &str) -> bool {
    if allow == "*" {
        true
    } else if let Some(suffix) = allow.strip_prefix('*') {
        registry.ends_with(suffix)
    } else if let Some(prefix) = allow.strip_suffix('*') {
        registry.starts_with(prefix)
    } else {
        registry == allow
    }
}

/// The registry of `image` when it is not allowed (`None`: allowed).
fn untrusted(ctx: &Context, aliases: &[String], image: &str) -> Option<String> {
    let allowed = &ctx.config.trusted_registries;
    let img = parse_image(image);
    if aliases.iter().any(|a| a.eq_ignore_ascii_case(img.name)) {
        return None;
    }
    let ok = |r: &str| allowed.iter().any(|a| matches(a, r));
    match img.registry {
        Some(r) if ok(r) => None,
        Some(r) => Some(r.to_string()),
        None if img.name == "scratch" || ok("docker.io") || ok("hub.docker.com") => None,
        None => Some("docker.io".to_string()),
    }
}

fn violation(range: crate::TextRange, image: &str, registry: &str) -> Violation {
    Violation::new(range, format!("`{image}` comes from `{registry}`, which is not a trusted registry"))
        .note("the configuration (`trustedRegistries`) allows images from listed registries only")
        .fix_title("use the image from a trusted registry")
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if ctx.config.trusted_registries.is_empty() {
        return;
    }
    let mut aliases: Vec<String> = Vec::new();
    for (_, inst) in top_level(ctx) {
        match inst.keyword {
            Keyword::From => {
                let (image, alias) = from_parts(inst);
                if let Some(image) = image {
                    if let Some(reg) = untrusted(ctx, &aliases, &image.value) {
                        out.push(violation(image.range, &image.value, &reg));
                    }
                }
                if let Some(a) = alias {
                    aliases.push(a.value.clone());
                }
            }
            Keyword::Copy => {
                let Some(flag) = inst.flag("from") else { continue };
                let Some(value) = flag.value.as_deref() else { continue };
                if let Some(reg) = untrusted(ctx, &aliases, value) {
                    out.push(violation(flag.value_range.unwrap_or(flag.range), value, &reg));
                }
            }
            Keyword::Run => {
                for flag in inst.flags.iter().filter(|f| f.name == "mount") {
                    let opts = mount_options(flag.value.as_deref().unwrap_or(""));
                    let ty = opts.iter().find(|(k, _)| k == "type").map_or("bind", |(_, v)| v.as_str());
                    if ty != "bind" && ty != "cache" {
                        continue;
                    }
                    let from = opts.iter().find(|(k, _)| k == "from").map_or("scratch", |(_, v)| v.as_str());
                    if let Some(reg) = untrusted(ctx, &aliases, from) {
                        out.push(violation(flag.range, from, &reg));
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::Config;
    use crate::rules::hadolint::common::test_util::run_with;

    fn trusting(r: &[&str]) -> Config {
        Config { trusted_registries: r.iter().map(|s| s.to_string()).collect(), ..Config::default() }
    }

    #[test]
    fn fires_on_untrusted_registries() {
        assert_eq!(
            run_with("FROM random.com/debian\n", "DL3026", &trusting(&["docker.io"])),
            [(
                "random.com/debian".to_string(),
                "`random.com/debian` comes from `random.com`, which is not a trusted registry".to_string()
            )]
        );
        let src =
            "FROM ubuntu:18.04 AS b1\nFROM zemanlx/ubuntu:18.04 AS b2\nFROM docker.io/zemanlx/ubuntu:18.04 AS b3\n";
        assert_eq!(run_with(src, "DL3026", &trusting(&["trusted.com"])).len(), 3);
        assert_eq!(run_with("FROM x.com/debian\n", "DL3026", &trusting(&["*.random.com"])).len(), 1);
        let src = "COPY --from=untrusted.com/repo/image:tag /foo /bar\nRUN --mount=type=bind,from=untrusted.com/r/i:t,target=/f x\n";
        assert_eq!(run_with(src, "DL3026", &trusting(&["trusted.com"])).len(), 2);
    }

    #[test]
    fn quiet_for_trusted_registries_stages_and_scratch() {
        assert!(run_with("FROM random.com/debian\n", "DL3026", &Config::default()).is_empty());
        assert!(run_with("FROM random.com/debian\nFROM scratch\n", "DL3026", &trusting(&["x.com", "random.com"]))
            .is_empty());
        assert!(run_with("FROM random.com/foo AS b1\nFROM b1 AS b2\n", "DL3026", &trusting(&["random.com"])).is_empty());
        assert!(run_with("FROM foo.random.com/debian\n", "DL3026", &trusting(&["*.random.com"])).is_empty());
        assert!(run_with("FROM ubuntu:18.04\nFROM docker.io/z/u:1\n", "DL3026", &trusting(&["*"])).is_empty());
        let src = "RUN --mount=type=cache,target=/foo x\nRUN --mount=type=secret,id=a,from=x.com/a x\nCOPY --from=trusted.com/r/i:t a b\n";
        assert!(run_with(src, "DL3026", &trusting(&["trusted.com"])).is_empty());
    }
}
