use super::util;
use crate::ast::{Instruction, Keyword};
use crate::lint::{Context, Violation};
use crate::semantic::Base;

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY .` / `ADD .` (the whole build context: `.`, `./`, `*`) in
    /// the final image when the build has no `.dockerignore`.
    ///
    /// ## Why it matters
    /// Without a `.dockerignore` everything in the context folder goes into
    /// the image: `.git` (the whole history), a local `node_modules`,
    /// virtualenvs, build outputs, logs, and secrets such as `.env` files or
    /// keys. The cost is the size of those folders, which only the project
    /// knows: in the article this tool grew from, adding a `.dockerignore`
    /// took the example image from 80 MB to 70 MB; a public case in the size
    /// notes (§4.6) had a 131 MB context that was mostly a 58 MB
    /// `.mypy_cache` and 17 MB of `__pycache__`. The web app and the CLI
    /// compute the exact figure from a dropped folder.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY . .
    /// ```
    ///
    /// ## Use instead
    /// Keep the COPY and add a `.dockerignore` beside the Dockerfile:
    /// ```text
    /// .git
    /// node_modules
    /// *.log
    /// .env*
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the `.dockerignore` is another file, and excluding a
    /// path the build needs breaks it.
    ///
    /// ## Equivalents
    /// droast DF033 (missing `.dockerignore`); Dockle DKL-LI-0003 finds the
    /// symptom in a built image. SF1013 checks an existing `.dockerignore`.
    pub static RULE = {
        code: "SF1012",
        name: "copy-context-without-dockerignore",
        aliases: [],
        severity: Warning,
        group: Size,
        summary: "COPY . copies the whole build context and there is no .dockerignore",
        check: check,
    }
}

/// The whole-context source word of a COPY/ADD from the build context.
pub(crate) fn whole_context_source(inst: &Instruction) -> Option<&crate::ast::Word> {
    if !matches!(inst.keyword, Keyword::Copy | Keyword::Add) || inst.flag("from").is_some() {
        return None;
    }
    let (srcs, _) = util::copy_parts(inst)?;
    srcs.into_iter().find(|w| util::is_whole_context(&w.value))
}

/// The final image's whole-context COPY/ADDs: (instruction, source word).
pub(crate) fn context_copies<'a>(ctx: &'a Context) -> Vec<(usize, &'a crate::ast::Word)> {
    util::final_layers(ctx)
        .into_iter()
        .filter_map(|idx| whole_context_source(ctx.df.instructions[idx].effective()).map(|w| (idx, w)))
        .collect()
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if ctx.dockerignore.is_some() {
        return;
    }
    for (idx, w) in context_copies(ctx) {
        let kw = ctx.df.instructions[idx].effective().keyword.as_str();
        let mut entries = vec![".git", ".env*", "*.log"];
        for e in ctx.stage_of(idx).map(|s| ecosystems(ctx, s)).unwrap_or_default() {
            entries.extend(match e {
                "js" => &["node_modules"][..],
                "python" => &["__pycache__", ".venv"][..],
                "rust" | "maven" => &["target"][..],
                "gradle" => &["build", ".gradle"][..],
                _ => &[][..],
            });
        }
        entries.dedup();
        let list = entries.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ");
        // cost: the context paths a .dockerignore would drop (exact with a dropped folder).
        out.push(
            Violation::new(w.range, format!("`{kw} {}` copies the whole build context, and there is no .dockerignore", w.value))
                .note("everything in the folder goes into the image: .git, dependency folders, build outputs, logs, .env files and keys")
                .fix_title(format!("add a .dockerignore beside the Dockerfile (e.g. {list})")),
        );
    }
}

/// The ecosystems a stage chain uses, from its base images, RUN commands
/// and COPY sources.
pub(crate) fn ecosystems(ctx: &Context, stage: usize) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut add = |e: &'static str| {
        if !out.contains(&e) {
            out.push(e);
        }
    };
    if let Some(Base::Image(img)) = util::root_base(ctx, stage) {
        let name = img.familiar_name();
        let last = name.rsplit('/').next().unwrap_or(&name).to_string();
        match last.as_str() {
            "node" => add("js"),
            "python" | "pypy" => add("python"),
            "rust" => add("rust"),
            "maven" => add("maven"),
            "gradle" => add("gradle"),
            "golang" => add("go"),
            _ => {}
        }
    }
    for idx in util::layer_order(ctx, stage) {
        let inst = ctx.df.instructions[idx].effective();
        for s in ctx.scripts_of(idx) {
            for c in &s.script.commands {
                match c.name().unwrap_or("") {
                    "npm" | "yarn" | "pnpm" | "npx" | "node" => add("js"),
                    "pip" | "pip3" | "poetry" | "pipenv" | "uv" | "python" | "python3" => add("python"),
                    "cargo" => add("rust"),
                    "mvn" | "mvnw" => add("maven"),
                    "gradle" | "gradlew" => add("gradle"),
                    "go" => add("go"),
                    _ => {}
                }
            }
        }
        if let Some((srcs, _)) = util::copy_parts(inst) {
            for w in srcs {
                match util::basename(util::unquote(&w.value)) {
                    n if n.starts_with("package") && n.ends_with(".json") => add("js"),
                    "yarn.lock" | "pnpm-lock.yaml" => add("js"),
                    "requirements.txt" | "pyproject.toml" | "poetry.lock" | "Pipfile" | "uv.lock" => add("python"),
                    "Cargo.toml" | "Cargo.lock" => add("rust"),
                    "pom.xml" => add("maven"),
                    "build.gradle" | "build.gradle.kts" | "settings.gradle" => add("gradle"),
                    "go.mod" | "go.sum" => add("go"),
                    _ => {}
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, run_with, texts};

    #[test]
    fn fires_without_dockerignore() {
        let src = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\n";
        assert_eq!(
            run(src, "SF1012"),
            vec![(
                ".".to_string(),
                "`COPY .` copies the whole build context, and there is no .dockerignore".to_string()
            )]
        );
        assert_eq!(texts("FROM python\nADD ./ /app\n", "SF1012"), ["./"]);
        let d = crate::rules::size::util::test::diags("FROM python:3.12\nCOPY . .\n", "SF1012");
        assert_eq!(
            d[0].fix_title.as_deref(),
            Some("add a .dockerignore beside the Dockerfile (e.g. `.git`, `.env*`, `*.log`, `__pycache__`, `.venv`)")
        );
        assert_eq!(texts("FROM python\nCOPY [\"./\", \"/app\"]\n", "SF1012"), ["\"./\""]);
    }

    #[test]
    fn quiet() {
        assert!(run_with("FROM node\nCOPY . .\n", Some("node_modules\n"), "SF1012").is_empty());
        for src in [
            "FROM node\nCOPY package.json src/ ./\n",
            "FROM node\nCOPY --from=build . /app\n",
            "FROM node AS b\nCOPY . .\nRUN npm run build\nFROM nginx\nCOPY --from=b /dist /usr/share/nginx/html\n",
        ] {
            assert!(texts(src, "SF1012").is_empty(), "{src}");
        }
    }
}
