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
    /// No automatic fix: which version to pin is your decision (the rewrite
    /// "pin the FROM tag" offers the version the size data knows, as unsafe).
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
        let Base::Image(image) = &stage.base else { continue };
        if image.tag.as_deref() != Some("latest") || image.digest.is_some() {
            continue;
        }
        // Point at the tag itself.
        let text = ctx.text(stage.base_range);
        let range = match text.rfind(":latest") {
            Some(i) if stage.base_text == text => crate::TextRange::new(stage.base_range.start + i + 1, stage.base_range.start + i + 7),
            _ => stage.base_range,
        };
        out.push(
            Violation::new(range, format!("`{}` uses the `latest` tag", image.raw))
                .note("`latest` changes over time: builds stop being reproducible and the image size drifts")
                .fix_title("pin a release tag, e.g. a specific version"),
        );
    }
}
