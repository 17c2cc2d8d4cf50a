use super::common::{from_parts, parse_image, top_level};
use crate::ast::Keyword;
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags base images without a tag or digest (`FROM debian`).
    ///
    /// ## Why it matters
    /// An untagged image means `latest`: the build changes whenever the
    /// image is republished, so it is neither reproducible nor cacheable, and
    /// the image size the estimate shows today drifts.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe fix when the embedded size data knows the image: the tag is
    /// set to the version that `latest` named when the data was taken (a tag
    /// of the same data row, e.g. `python` → `python:3.14.7`). That may be
    /// older or newer than what `latest` pulls today, so review it. Images
    /// the data does not know get the advice only.
    ///
    /// ## Equivalents
    /// hadolint DL3006. Like hadolint, `scratch`, images given by digest,
    /// earlier stage names and references starting with a variable (`FROM
    /// ${BASE}`) are not flagged. Stage names match case-insensitively, as
    /// Docker resolves them (hadolint compares them exactly). Trivy DS001
    /// covers both this and `latest`.
    pub static RULE = {
        code: "DL3006",
        name: "untagged-base-image",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Always tag the version of an image explicitly",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let mut aliases: Vec<String> = Vec::new();
    for (_, inst) in top_level(ctx) {
        if inst.keyword != Keyword::From {
            continue;
        }
        let (image, alias) = from_parts(inst);
        if let Some(image) = image {
            let raw = image.value.as_str();
            let img = parse_image(raw);
            let is_stage = aliases.iter().any(|a| a.eq_ignore_ascii_case(raw));
            if !raw.starts_with('$') && img.name != "scratch" && img.tag.is_none() && img.digest.is_none() && !is_stage
            {
                let v = Violation::new(image.range, format!("`{raw}` has no tag, so it means `{raw}:latest`"))
                    .note("an untagged base image changes whenever it is republished: builds are not reproducible");
                let plain = raw.chars().all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c));
                let familiar = raw.strip_prefix("docker.io/").unwrap_or(raw);
                let familiar = familiar.strip_prefix("library/").unwrap_or(familiar);
                out.push(match super::common::known_version_tag(familiar).filter(|_| plain && image.range.slice(&ctx.df.source) == raw) {
                    Some(tag) => v.with_fix(Fix::unsafe_(
                        format!("pin the version the size data knows: `{raw}:{tag}`"),
                        vec![Edit::insert(image.range.end, format!(":{tag}"))],
                    )),
                    None => v.fix_title("pin a tag, e.g. a specific version"),
                });
            }
        }
        if let Some(a) = alias {
            aliases.push(a.value.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_untagged_images() {
        assert_eq!(
            run("FROM debian AS builder\n", "DL3006"),
            [("debian".to_string(), "`debian` has no tag, so it means `debian:latest`".to_string())]
        );
        let src = "FROM golang:1.22 AS build\nFROM node AS test\nFROM node${X}\nFROM reg.io/x\n";
        assert_eq!(ranges(src, "DL3006"), ["node", "node${X}", "reg.io/x"]);
    }

    #[test]
    fn quiet_for_tags_digests_scratch_stages_and_variables() {
        let src = "FROM ruby@sha256:f1dbca0f5dbc9\nFROM ruby:2 AS Build\nFROM build\nFROM scratch\nFROM ${VALUE}\nFROM x:${TAG}\n";
        assert!(run(src, "DL3006").is_empty());
    }
}
