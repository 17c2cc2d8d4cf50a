use super::util::{self, Cmd};
use crate::lint::{Context, Violation};
use crate::semantic::Scope;
use crate::shell::Word;
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags dependency installs in the final image that include development
    /// dependencies:
    /// * `npm ci` / `npm install` without `--omit=dev` (`--production`,
    ///   `--only=prod`), `yarn install` without `--production`, `pnpm install`
    ///   without `--prod`, when `NODE_ENV` is not `production` and no `npm
    ///   prune --omit=dev` (`yarn`/`pnpm` equivalent) follows in the same RUN;
    /// * `pip install -r requirements-dev.txt` (any requirements file named
    ///   for dev, test or lint) and extras such as `.[dev,test]`;
    /// * `poetry install` without `--only main` / `--without dev`, `pipenv
    ///   install --dev`, `uv sync` without `--no-dev`;
    /// * `bundle install` without `--without development test` (or
    ///   `BUNDLE_WITHOUT`), `composer install` without `--no-dev`.
    ///
    /// ## Why it matters
    /// Test runners, linters, type checkers and bundlers are not needed at
    /// run time and often outweigh the runtime dependencies: in the project's
    /// size notes (§4.4) a Next.js + React + TypeScript tree is 358 MB of
    /// `node_modules`, much of it build tooling. How much is dev-only depends
    /// on the lock file and is not estimated here. A multi-stage build (build
    /// with everything, then install production dependencies only in the
    /// runtime stage) or a prune in the same RUN removes them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package*.json ./
    /// RUN npm ci
    /// COPY . .
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// ENV NODE_ENV=production
    /// COPY package*.json ./
    /// RUN npm ci --omit=dev && npm cache clean --force
    /// COPY . .
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// For npm, yarn and pnpm: an unsafe fix adds `--omit=dev`,
    /// `--production` or `--prod` after the install subcommand (the
    /// devDependencies are dropped: review that nothing at run time needs
    /// them). When a later command of the stage runs a package script or a
    /// tool (`npm run build`, `yarn build`, `npx ...`), which may need the
    /// dev dependencies, the same edit is display-only: build in a separate
    /// stage instead. Other ecosystems get the advice only.
    ///
    /// ## Equivalents
    /// droast DF031; dockerfile-doctor DD010, DD067 (npm only). hadolint has
    /// an open request (#781).
    pub static RULE = {
        code: "SF1016",
        name: "dev-dependencies-in-final-image",
        aliases: [],
        severity: Warning,
        group: Size,
        summary: "Development dependencies are installed in the final image",
        check: check,
    }
}

/// Tokens that mark a requirements file or an extra as development-only.
fn is_dev_token(t: &str) -> bool {
    matches!(
        t,
        "dev" | "develop" | "development" | "test" | "tests" | "testing" | "lint" | "linting" | "docs" | "doc" | "ci"
    )
}

fn dev_file(path: &str) -> bool {
    path.to_ascii_lowercase().split(['/', '-', '_', '.']).any(is_dev_token)
}

/// `pkg[dev,test]` → whether an extra is development-only.
fn dev_extra(spec: &str) -> bool {
    let Some(open) = spec.find('[') else { return false };
    let inner = spec[open + 1..].split(']').next().unwrap_or("");
    inner.split(',').map(|e| e.trim().to_ascii_lowercase()).any(|e| is_dev_token(&e))
}

fn env_is(scope: &Scope, c: &Cmd, exported: &[(String, String)], name: &str, pred: impl Fn(&str) -> bool) -> bool {
    c.cmd.assignments.iter().any(|a| a.name == name && pred(&a.value.value))
        || exported.iter().any(|(n, v)| n == name && pred(v))
        || scope.get_var(name).and_then(|v| v.value.as_deref()).is_some_and(&pred)
}

/// `export NAME=value` / `NAME=value` commands before position `upto`.
fn exported(cmds: &[Cmd], upto: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in cmds.iter().take(upto) {
        if c.cmd.words.is_empty() {
            out.extend(c.cmd.assignments.iter().map(|a| (a.name.clone(), a.value.value.clone())));
        } else if c.name() == Some("export") {
            out.extend(
                c.cmd
                    .args()
                    .iter()
                    .filter_map(|w| w.value.split_once('='))
                    .map(|(n, v)| (n.to_string(), v.to_string())),
            );
        }
    }
    out
}

/// A finding: range (script), message, fix title.
type Hit<'a> = (&'a Word, String, &'static str);

fn js<'a>(scope: &Scope, cmds: &[Cmd<'a>], i: usize) -> Option<Hit<'a>> {
    let c = &cmds[i];
    let name = c.name()?;
    let exp = exported(cmds, i);
    let production = env_is(scope, c, &exp, "NODE_ENV", |v| v == "production");
    let later = &cmds[i + 1..];
    let pruned = |tool: &str, flags: &[&str]| {
        later.iter().any(|l| {
            l.name() == Some(tool) && l.cmd.subcommand().is_some_and(|w| w.value == "prune") && l.cmd.has_flag(flags)
        })
    };
    match name {
        "npm" => {
            let sub = super::sf1001::npm_install(c)?;
            let npm_value: Vec<&str> =
                super::sf1001::NPM_VALUE.iter().copied().chain(["--omit", "--only", "--include"]).collect();
            if c.cmd.positional_args(&npm_value).len() > 1 || c.cmd.has_flag(&["-g", "--global"]) {
                return None; // adds named packages
            }
            let omit = c.cmd.has_flag(&["--production", "--prod"])
                || c.cmd
                    .flag_value(&["--omit", "--only"], &["--omit", "--only"])
                    .is_some_and(|v| v == "dev" || v.starts_with("prod"))
                || env_is(scope, c, &exp, "npm_config_production", |v| v == "true")
                || env_is(scope, c, &exp, "NPM_CONFIG_PRODUCTION", |v| v == "true")
                || env_is(scope, c, &exp, "npm_config_omit", |v| v.contains("dev"))
                || env_is(scope, c, &exp, "NPM_CONFIG_OMIT", |v| v.contains("dev"));
            if omit || production || pruned("npm", &["--production", "--omit"]) {
                return None;
            }
            Some((
                sub,
                format!("`npm {}` installs the devDependencies too", sub.value),
                "use `npm ci --omit=dev` (or `ENV NODE_ENV=production`), or build in a separate stage",
            ))
        }
        "yarn" => {
            let word = util::yarn_install(c)?;
            if c.cmd.has_flag(&["--production", "--prod"]) || production || pruned("yarn", &["--production"]) {
                return None;
            }
            Some((
                word,
                "`yarn install` installs the devDependencies too".to_string(),
                "use `yarn install --production` (or `ENV NODE_ENV=production`), or build in a separate stage",
            ))
        }
        "pnpm" => {
            let sub = c.cmd.subcommand().filter(|w| matches!(w.value.as_str(), "install" | "i"))?;
            if c.cmd.positional_args(&[]).len() > 1
                || c.cmd.has_flag(&["--prod", "-P", "--production"])
                || production
                || pruned("pnpm", &["--prod"])
            {
                return None;
            }
            Some((
                sub,
                format!("`pnpm {}` installs the devDependencies too", sub.value),
                "use `pnpm install --prod` (or `ENV NODE_ENV=production`), or build in a separate stage",
            ))
        }
        _ => None,
    }
}

fn others<'a>(scope: &Scope, cmds: &[Cmd<'a>], i: usize) -> Option<Hit<'a>> {
    let c = &cmds[i];
    let name = c.name()?;
    let exp = exported(cmds, i);
    let pos = c.cmd.positional_args(&[
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-t",
        "--target",
    ]);
    let is_pip = matches!(name, "pip" | "pip3")
        || (name.starts_with("python")
            && c.cmd.args().get(..2).is_some_and(|a| a[0].value == "-m" && a[1].value == "pip"))
        || (name == "uv" && c.cmd.args().first().is_some_and(|w| w.value == "pip"));
    if is_pip {
        if !c.cmd.args().iter().any(|w| w.value == "install") {
            return None;
        }
        let args = c.cmd.args();
        for (k, w) in args.iter().enumerate() {
            let file = if w.value == "-r" || w.value == "--requirement" {
                args.get(k + 1)
            } else if w.value.starts_with("--requirement=")
                || (w.value.starts_with("-r") && w.value.len() > 2 && !w.value.starts_with("--"))
            {
                Some(w)
            } else {
                None
            };
            if let Some(f) =
                file.filter(|f| dev_file(f.value.trim_start_matches("--requirement=").trim_start_matches("-r")))
            {
                return Some((
                    f,
                    format!("`{}` installs development requirements", f.value),
                    "install only the runtime requirements in the final image",
                ));
            }
        }
        let extra = args.iter().find(|w| !w.value.starts_with('-') && dev_extra(&w.value))?;
        return Some((
            extra,
            format!("`{}` installs development extras", extra.value),
            "install the package without its dev/test extras in the final image",
        ));
    }
    let first = pos.first().copied()?;
    match (name, first.value.as_str()) {
        ("poetry", "install") => {
            let limited = c.cmd.has_flag(&["--no-dev", "--only", "--without", "--only-root"]);
            (!limited).then(|| {
                (
                    first,
                    "`poetry install` installs the dev group too".to_string(),
                    "use `poetry install --only main` (or `--without dev`)",
                )
            })
        }
        ("pipenv", "install" | "sync") => c.cmd.has_flag(&["--dev", "-d"]).then(|| {
            (
                first,
                format!("`pipenv {} --dev` installs the dev packages", first.value),
                "drop `--dev` in the final image",
            )
        }),
        ("uv", "sync") => {
            let limited = c.cmd.has_flag(&["--no-dev", "--only-group", "--no-default-groups"])
                || env_is(scope, c, &exp, "UV_NO_DEV", |v| !matches!(v, "" | "0" | "false"));
            (!limited).then(|| {
                (first, "`uv sync` installs the dev dependency group too".to_string(), "use `uv sync --no-dev`")
            })
        }
        ("bundle" | "bundler", "install") => {
            let limited = c.cmd.has_flag(&["--without", "--deployment"])
                || env_is(scope, c, &exp, "BUNDLE_WITHOUT", |v| !v.is_empty())
                || cmds
                    .iter()
                    .take(i)
                    .any(|b| b.name() == Some("bundle") && b.cmd.args().iter().any(|w| w.value == "without"));
            (!limited).then(|| {
                (
                    first,
                    "`bundle install` installs the development and test groups too".to_string(),
                    "set `BUNDLE_WITHOUT=development:test` (or `bundle config set without 'development test'`)",
                )
            })
        }
        ("composer", "install") => {
            let limited =
                c.cmd.has_flag(&["--no-dev"]) || env_is(scope, c, &exp, "COMPOSER_NO_DEV", |v| !matches!(v, "" | "0"));
            (!limited).then(|| {
                (
                    first,
                    "`composer install` installs the require-dev packages too".to_string(),
                    "use `composer install --no-dev`",
                )
            })
        }
        _ => None,
    }
}

/// The flag that drops devDependencies, after the install word `at`;
/// display-only when a later command of the stage runs scripts or tools.
fn omit_dev_fix(ctx: &Context, idx: usize, cmds: &[Cmd], i: usize, at: TextRange) -> Option<crate::fix::Fix> {
    let flag = match cmds[i].name()? {
        "npm" => "--omit=dev",
        "yarn" => "--production",
        "pnpm" => "--prod",
        _ => return None,
    };
    if ctx.is_onbuild(idx) {
        return None;
    }
    let runs_scripts = |c: &Cmd| match c.name() {
        Some("npx" | "pnpx" | "node") => true,
        Some("npm" | "yarn" | "pnpm") => {
            c.cmd.subcommand().is_some_and(|w| !matches!(w.value.as_str(), "install" | "i" | "ci" | "cache" | "prune" | "config"))
        }
        _ => false,
    };
    let stage = ctx.stage_of(idx);
    let later_runs = ctx
        .instructions()
        .skip(idx + 1)
        .filter(|(j, inst)| inst.keyword == crate::Keyword::Run && ctx.stage_of(*j) == stage)
        .any(|(j, _)| util::commands(ctx, j).iter().any(runs_scripts));
    let edits = vec![crate::fix::Edit::insert(at.end, format!(" {flag}"))];
    let title = format!("add `{flag}` (drops the devDependencies)");
    Some(if later_runs || cmds[i + 1..].iter().any(runs_scripts) {
        crate::fix::Fix::display_only(format!("{title}; a later build step may need them"), edits)
    } else {
        crate::fix::Fix::unsafe_(title, edits)
    })
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    // `bundle config set without ...` in an earlier RUN of the image.
    let mut bundle_configured = false;
    for idx in util::final_layers(ctx) {
        let inst = ctx.df.instructions[idx].effective();
        if inst.keyword != crate::Keyword::Run {
            continue;
        }
        let cmds = util::commands(ctx, idx);
        let candidate = cmds.iter().any(|c| {
            c.name().is_some_and(|n| {
                n.starts_with("python")
                    || matches!(
                        n,
                        "npm"
                            | "yarn"
                            | "pnpm"
                            | "pip"
                            | "pip3"
                            | "uv"
                            | "poetry"
                            | "pipenv"
                            | "bundle"
                            | "bundler"
                            | "composer"
                    )
            })
        });
        if !candidate {
            continue;
        }
        let scope = ctx.sem.scope_at(ctx.df, idx);
        for i in 0..cmds.len() {
            let Some((w, msg, fix)) = js(&scope, &cmds, i).or_else(|| others(&scope, &cmds, i)) else { continue };
            if bundle_configured && matches!(cmds[i].name(), Some("bundle" | "bundler")) {
                continue;
            }
            let range: TextRange = cmds[i].src(ctx, w.range);
            // cost: the dev-only part of the dependency tree (needs the lock file).
            let v = Violation::new(range, msg)
                .note("development dependencies (test runners, linters, bundlers) are not needed at run time and are often the bulk of the tree");
            out.push(match omit_dev_fix(ctx, idx, &cmds, i, range) {
                Some(f) => v.with_fix(f),
                None => v.fix_title(fix),
            });
        }
        bundle_configured |=
            cmds.iter().any(|c| c.name() == Some("bundle") && c.cmd.args().iter().any(|w| w.value == "without"));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn js() {
        assert_eq!(
            run("FROM node:22\nCOPY package*.json ./\nRUN npm ci\n", "SF1016"),
            vec![("ci".to_string(), "`npm ci` installs the devDependencies too".to_string())]
        );
        assert_eq!(texts("FROM node\nRUN yarn\n", "SF1016"), ["yarn"]);
        assert_eq!(texts("FROM node\nRUN npm --prefix /app ci\n", "SF1016"), ["ci"]);
        assert_eq!(texts("FROM node\nRUN yarn install --frozen-lockfile\n", "SF1016"), ["install"]);
        assert_eq!(texts("FROM node\nRUN pnpm i --frozen-lockfile\n", "SF1016"), ["i"]);
        // NODE_ENV set after the install does not help.
        assert_eq!(texts("FROM node\nRUN npm install\nENV NODE_ENV=production\n", "SF1016"), ["install"]);
    }

    #[test]
    fn python_ruby_php() {
        assert_eq!(
            run("FROM python\nRUN pip install --no-cache-dir -r requirements-dev.txt\n", "SF1016"),
            vec![(
                "requirements-dev.txt".to_string(),
                "`requirements-dev.txt` installs development requirements".to_string()
            )]
        );
        assert_eq!(texts("FROM python\nRUN python -m pip install -e '.[dev,test]'\n", "SF1016"), ["'.[dev,test]'"]);
        assert_eq!(
            texts("FROM python\nRUN pip install -rrequirements/test.txt\n", "SF1016"),
            ["-rrequirements/test.txt"]
        );
        assert_eq!(texts("FROM python\nRUN poetry install --no-root\n", "SF1016"), ["install"]);
        assert_eq!(texts("FROM python\nRUN uv sync --frozen\n", "SF1016"), ["sync"]);
        assert_eq!(texts("FROM python\nRUN pipenv install --system --dev\n", "SF1016"), ["install"]);
        assert_eq!(texts("FROM ruby\nRUN bundle install\n", "SF1016"), ["install"]);
        assert_eq!(texts("FROM php\nRUN composer install --optimize-autoloader\n", "SF1016"), ["install"]);
    }

    #[test]
    fn quiet() {
        for src in [
            "FROM node\nRUN npm ci --omit=dev\n",
            "FROM node\nRUN npm ci --only=production\n",
            "FROM node\nRUN npm --prefix /app ci --omit dev\n",
            "FROM node\nENV NODE_ENV=production\nRUN npm ci\n",
            "FROM node\nRUN NODE_ENV=production npm ci\n",
            "FROM node\nRUN export NODE_ENV=production && yarn install\n",
            "FROM node\nRUN npm ci && npm run build && npm prune --omit=dev\n",
            "FROM node\nRUN npm install express\n",
            "FROM node\nRUN npm install -g pm2\n",
            "FROM node\nRUN yarn build\n",
            "FROM node\nRUN yarn --version\n",
            "FROM node\nRUN pnpm install --prod\n",
            "FROM node AS b\nRUN npm ci && npm run build\nFROM nginx\nCOPY --from=b /app/dist /usr/share/nginx/html\n",
            "FROM python\nRUN pip install -r requirements.txt\n",
            "FROM python\nRUN pip install '.[postgres]'\n",
            "FROM python\nRUN poetry install --only main\n",
            "FROM python\nRUN uv sync --no-dev\n",
            "FROM python\nRUN pipenv install --system --deploy\n",
            "FROM ruby\nENV BUNDLE_WITHOUT=development:test\nRUN bundle install\n",
            "FROM ruby\nRUN bundle config set --local without 'development test'\nRUN bundle install\n",
            "FROM php\nRUN composer install --no-dev\n",
        ] {
            assert!(texts(src, "SF1016").is_empty(), "{src}");
        }
    }
}
