use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};
use crate::semantic::Base;

crate::declare_rule! {
    /// ## What it does
    /// Flags base images pinned to the `latest` tag (`FROM node:latest`).
    ///
    /// ## Why it matters
    /// `latest` moves: the same Dockerfile builds a different image next
    /// month, breaking reproducibility and the build cache, and the size the
    /// estimate shows today is not the size you get tomorrow.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
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
    /// hadolint DL3007; Trivy DS001; Checkov CKV_DOCKER_7.
    pub static RULE = {
        code: "DL3007",
        name: "latest-tag",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for stage in &ctx.sem.stages {
        let raw = match &stage.base {
            Base::Image(image) if image.tag.as_deref() == Some("latest") && image.digest.is_none() => image.raw.clone(),
            // A reference that does not expand (`gcr.io/$UNSET/app:latest`)
            // still names the `latest` tag as written, as hadolint reads it.
            Base::Unresolved(_) => {
                let img = super::common::parse_image(&stage.base_text);
                if img.tag != Some("latest") || img.digest.is_some() {
                    continue;
                }
                stage.base_text.clone()
            }
            _ => continue,
        };
        // Point at the tag itself.
        let text = ctx.text(stage.base_range);
        let range = match text.rfind(":latest") {
            Some(i) if stage.base_text == text => crate::TextRange::new(stage.base_range.start + i + 1, stage.base_range.start + i + 7),
            _ => stage.base_range,
        };
        let v = Violation::new(range, format!("`{raw}` uses the `latest` tag"))
            .note("`latest` changes over time: builds stop being reproducible and the image size drifts");
        let pinned = match &stage.base {
            Base::Image(image) if range != stage.base_range => super::common::known_version_tag(&image.familiar_name()),
            _ => None,
        };
        out.push(match pinned {
            Some(tag) => v.with_fix(Fix::unsafe_(
                format!("pin the version the size data knows: `{tag}`"),
                vec![Edit::replace(range, tag)],
            )),
            None => v.fix_title("pin a release tag, e.g. a specific version"),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_latest() {
        assert_eq!(run("FROM node:latest\n", "DL3007"), [("latest".to_string(), "`node:latest` uses the `latest` tag".to_string())]);
        assert_eq!(ranges("ARG P\nFROM gcr.io/$P/builder:latest AS b\n", "DL3007"), ["latest"], "unresolved references are read as written");
        assert_eq!(ranges("ARG T=latest\nFROM node:$T\n", "DL3007"), ["node:$T"]);
    }

    #[test]
    fn quiet_for_other_tags_and_digests() {
        let d = "a".repeat(64);
        let src = format!("FROM node:22\nFROM node\nFROM node:latest@sha256:{d}\nFROM scratch\n");
        assert!(run(&src, "DL3007").is_empty());
    }
}
