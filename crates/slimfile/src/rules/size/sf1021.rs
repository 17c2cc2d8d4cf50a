use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a build stage that building the default target (the last stage)
    /// does not need: no later stage is built `FROM` it, copies from it
    /// (`COPY --from`) or mounts it (`RUN --mount=from=`), directly or
    /// through other stages.
    ///
    /// ## Why it matters
    /// Such a stage never reaches the image, so it costs no image size; with
    /// BuildKit it is not even built. The legacy builder builds every stage,
    /// and a forgotten stage is often a sign that the final image does not
    /// get what was meant for it (a `COPY --from` that names the wrong
    /// stage). Stages built on purpose with `--target` (test, dev) are fine:
    /// the finding is information only.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS deps
    /// RUN npm ci --omit=dev
    /// FROM node:22 AS build
    /// RUN npm ci && npm run build
    /// FROM node:22-slim
    /// COPY --from=build /app/dist ./dist
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22 AS deps
    /// RUN npm ci --omit=dev
    /// FROM node:22 AS build
    /// RUN npm ci && npm run build
    /// FROM node:22-slim
    /// COPY --from=deps /app/node_modules ./node_modules
    /// COPY --from=build /app/dist ./dist
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the stage may be a `--target` of another build.
    ///
    /// ## Equivalents
    /// None.
    pub static RULE = {
        code: "SF1021",
        name: "unreachable-stage",
        aliases: [],
        severity: Info,
        group: Size,
        summary: "A stage is not needed to build the target",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if ctx.sem.stages.len() < 2 {
        return;
    }
    for (s, stage) in ctx.sem.stages.iter().enumerate() {
        if ctx.reaching.get(s).copied().unwrap_or(true) {
            continue;
        }
        let (range, label) = match (&stage.name, stage.name_range) {
            (Some(n), Some(r)) => (r, format!("stage `{n}`")),
            _ => (stage.base_range, format!("stage {s} (`FROM {}`)", stage.base_text)),
        };
        out.push(
            Violation::new(range, format!("{label} is not used to build the target (the last stage)"))
                .note("nothing in the final image comes from it; BuildKit skips it, the legacy builder builds it for nothing")
                .fix_title("remove it, use it (`COPY --from`), or build it on purpose with `--target`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn fires() {
        let src = "FROM node AS deps\nRUN npm ci\nFROM node AS build\nRUN npm run build\nFROM nginx\nCOPY --from=build /d /d\n";
        assert_eq!(
            run(src, "SF1021"),
            vec![("deps".to_string(), "stage `deps` is not used to build the target (the last stage)".to_string())]
        );
        let src = "FROM alpine\nRUN true\nFROM scratch\n";
        assert_eq!(run(src, "SF1021")[0].1, "stage 0 (`FROM alpine`) is not used to build the target (the last stage)");
        assert_eq!(texts(src, "SF1021"), ["alpine"]);
    }

    #[test]
    fn quiet() {
        for src in [
            "FROM alpine\n",
            "FROM node AS a\nFROM a AS b\nFROM nginx\nCOPY --from=b /x /x\n",
            "FROM node AS a\nFROM nginx\nRUN --mount=type=bind,from=a,target=/a true\n",
            "FROM node AS a\nFROM nginx\nCOPY --from=0 /x /x\n",
        ] {
            assert!(texts(src, "SF1021").is_empty(), "{src}");
        }
    }
}
