use super::sf1012::whole_context_source;
use super::util::{self, Cmd};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY .` / `ADD .` of the whole build context that comes before
    /// the dependency install of the same stage: `npm ci`/`npm install`,
    /// `yarn install`, `pnpm install`, `pip install -r`, `poetry install`,
    /// `pipenv install`, `uv sync`, `go mod download`, `cargo fetch`, `bundle
    /// install`, `composer install`, `mvn dependency:go-offline`; and `mvn
    /// package`, `gradle build`, `go build` when the stage has no
    /// dependency-only step before them. Stages that do not reach the target
    /// are skipped.
    ///
    /// ## Why it matters
    /// A layer is rebuilt when anything before it changes. With the sources
    /// copied first, every edit to any file re-runs the whole dependency
    /// install (minutes, and a fresh download). Copying only the manifests
    /// (`package.json` and its lock file, `requirements.txt`, `go.mod`,
    /// ...) first lets Docker reuse the install layer until the dependencies
    /// change. This is build time, not image size, hence info; it is step 2
    /// of the article this tool grew from.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci --omit=dev
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN npm ci --omit=dev
    /// COPY . .
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix yet (the rewrite needs the manifest names of the
    /// ecosystem and, for some installs, scripts that read the sources).
    ///
    /// ## Equivalents
    /// droast DF070; dockerfile-doctor DD006 (detection only).
    pub static RULE = {
        code: "SF1014",
        name: "copy-before-dependency-install",
        aliases: [],
        severity: Info,
        group: Size,
        summary: "The whole context is copied before the dependency install, so every change re-runs it",
        check: check,
    }
}

/// How an install relates to the sources.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Reads only the manifests.
    Deps,
    /// Builds the project and resolves its dependencies on the way.
    Build,
}

/// `python -m pip ...` → the words after `pip`.
fn pip_args<'a>(c: &Cmd<'a>) -> Option<Vec<&'a str>> {
    let name = c.name()?;
    let args: Vec<&str> = c.cmd.args().iter().map(|w| w.value.as_str()).collect();
    if name == "pip" || name == "pip3" {
        return Some(args);
    }
    if name.starts_with("python") && args.first() == Some(&"-m") && matches!(args.get(1), Some(&"pip")) {
        return Some(args[2..].to_vec());
    }
    if name == "uv" && args.first() == Some(&"pip") {
        return Some(args[1..].to_vec());
    }
    None
}

/// A dependency install: its label and kind.
fn install(c: &Cmd) -> Option<(String, Kind)> {
    let name = c.name()?;
    let pos: Vec<&str> = c.cmd.positional_args(&[]).iter().map(|w| w.value.as_str()).collect();
    let first = pos.first().copied().unwrap_or("");
    let deps = |label: String| Some((label, Kind::Deps));
    match name {
        "npm" => {
            let sub = super::sf1001::npm_install(c)?;
            let operands = pos.len() > 1;
            (!operands && !c.cmd.has_flag(&["-g", "--global"])).then(|| (format!("npm {}", sub.value), Kind::Deps))
        }
        "yarn" if util::yarn_install(c).is_some() && pos.len() <= 1 => {
            deps(format!("yarn {first}").trim_end().to_string())
        }
        "pnpm" if matches!(first, "install" | "i") && pos.len() == 1 => deps(format!("pnpm {first}")),
        "poetry" if first == "install" => deps("poetry install".into()),
        "pipenv" if matches!(first, "install" | "sync") && pos.len() == 1 => deps(format!("pipenv {first}")),
        "uv" if first == "sync" => deps("uv sync".into()),
        "go" if pos.get(..2) == Some(&["mod", "download"]) => deps("go mod download".into()),
        "go" if matches!(first, "build" | "install") => Some((format!("go {first}"), Kind::Build)),
        "cargo" if first == "fetch" => deps("cargo fetch".into()),
        "bundle" | "bundler" if first == "install" => deps("bundle install".into()),
        "composer" if first == "install" => deps("composer install".into()),
        "mvn" | "mvnw" => {
            if pos.iter().any(|p| p.starts_with("dependency:")) {
                deps(format!("mvn {}", pos.iter().find(|p| p.starts_with("dependency:")).unwrap_or(&"")))
            } else {
                let goal = pos.iter().find(|p| matches!(**p, "package" | "install" | "verify" | "compile"))?;
                Some((format!("mvn {goal}"), Kind::Build))
            }
        }
        "gradle" | "gradlew" => {
            let task = pos
                .iter()
                .find(|p| matches!(**p, "build" | "assemble" | "bootJar" | "shadowJar" | "installDist" | "jar"))?;
            Some((format!("gradle {task}"), Kind::Build))
        }
        _ => {
            let args = pip_args(c)?;
            if args.first() == Some(&"install")
                && args
                    .iter()
                    .any(|a| *a == "-r" || a.starts_with("--requirement") || (a.starts_with("-r") && a.len() > 2))
            {
                deps("pip install -r".into())
            } else if args.first() == Some(&"sync") && name == "uv" {
                deps("uv pip sync".into())
            } else {
                None
            }
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (s, stage) in ctx.sem.stages.iter().enumerate() {
        if !ctx.reaching.get(s).copied().unwrap_or(false) {
            continue;
        }
        let mut copy: Option<(usize, &crate::ast::Word)> = None;
        let mut deps_before_copy = false;
        for idx in stage.instructions.clone() {
            if ctx.is_onbuild(idx) {
                continue;
            }
            let inst = ctx.df.instructions[idx].effective();
            if copy.is_none() {
                if let Some(w) = whole_context_source(inst) {
                    copy = Some((idx, w));
                    continue;
                }
            }
            if inst.keyword != Keyword::Run {
                continue;
            }
            let found = util::commands(ctx, idx).iter().find_map(install);
            let Some((label, kind)) = found else { continue };
            match copy {
                None => {
                    if kind == Kind::Deps {
                        deps_before_copy = true;
                    }
                }
                Some((cidx, w)) => {
                    if kind == Kind::Build && deps_before_copy {
                        continue;
                    }
                    let line = util::line_of(ctx, idx);
                    let kw = ctx.df.instructions[cidx].effective().keyword.as_str();
                    let (effect, fix) = match kind {
                        Kind::Deps => (
                            "every source change re-runs the install".to_string(),
                            format!("copy only the dependency manifests first, run `{label}`, then copy the rest"),
                        ),
                        Kind::Build => {
                            let (manifests, step) = match label.split(' ').next() {
                                Some("go") => ("go.mod and go.sum", "go mod download"),
                                Some("mvn") => ("pom.xml", "mvn dependency:go-offline"),
                                _ => ("the build scripts", "gradle dependencies"),
                            };
                            (
                                "every source change downloads the dependencies again".to_string(),
                                format!("copy {manifests} first and run `{step}` before copying the rest"),
                            )
                        }
                    };
                    out.push(
                        Violation::new(w.range, format!("`{kw} {}` comes before `{label}` (line {line}): {effect}", w.value))
                            .note("a layer is rebuilt when anything before it changes; the dependencies only change with their manifests")
                            .fix_title(fix),
                    );
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn fires() {
        let src = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\n";
        assert_eq!(
            run(src, "SF1014"),
            vec![(
                ".".to_string(),
                "`COPY .` comes before `npm ci` (line 4): every source change re-runs the install".to_string()
            )]
        );
        assert_eq!(
            texts(
                "FROM python\nCOPY ./ /app\nRUN python -m pip install --no-cache-dir -r /app/requirements.txt\n",
                "SF1014"
            ),
            ["./"]
        );
        assert_eq!(
            run("FROM golang AS b\nCOPY . .\nRUN go build -o /app\nFROM scratch\nCOPY --from=b /app /app\n", "SF1014")
                [0]
            .1,
            "`COPY .` comes before `go build` (line 3): every source change downloads the dependencies again"
        );
        assert_eq!(
            texts(
                "FROM maven AS b\nCOPY . .\nRUN mvn -B package\nFROM eclipse-temurin\nCOPY --from=b /t.jar /\n",
                "SF1014"
            ),
            ["."]
        );
    }

    #[test]
    fn quiet() {
        for src in [
            "FROM node\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n",
            "FROM golang\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app\n",
            "FROM python\nCOPY . .\nRUN pip install .\n",
            "FROM node\nCOPY . .\nRUN npm install -g serve\n",
            // The stage is not built for the target.
            "FROM node AS unused\nCOPY . .\nRUN npm ci\nFROM alpine\nRUN true\n",
        ] {
            assert!(texts(src, "SF1014").is_empty(), "{src}");
        }
    }
}
