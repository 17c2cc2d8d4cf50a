//! Technique 2: cache order. `COPY . .` followed by a dependency install
//! becomes a copy of the manifests (package.json and its lock file,
//! requirements.txt, go.mod/go.sum, ...), the install, then `COPY . .`: a
//! source change no longer re-runs the install.

use super::{copy_parts, join_path, whole_context, Doc, Proposal, State};
use crate::ast::Keyword;
use crate::dockerignore::DockerIgnore;
use crate::fix::Applicability;
use crate::shell::{self, ConnectorKind};

/// An ecosystem's install: which files it reads.
#[derive(Clone, Debug, PartialEq)]
struct Install {
    ecosystem: &'static str,
    /// Files the install needs (must exist).
    required: Vec<String>,
    /// Lock files and other manifests copied when present.
    optional: Vec<&'static str>,
    /// What to copy when no context is known (glob-ish, the article's style).
    assumed: Vec<String>,
}

fn install(eco: &'static str, required: &[&str], optional: &[&'static str], assumed: &[&str]) -> Install {
    Install {
        ecosystem: eco,
        required: required.iter().map(|s| s.to_string()).collect(),
        optional: optional.to_vec(),
        assumed: assumed.iter().map(|s| s.to_string()).collect(),
    }
}

/// What one command of the install RUN is.
enum Kind {
    /// A dependency install reading manifests.
    Deps(Install),
    /// Needs nothing from the context (a global tool install, a cache clean).
    Neutral,
    /// Needs the sources (a build, `pip install .`).
    Other,
}

fn words_of(cmd: &shell::Command) -> Vec<&str> {
    cmd.words.iter().map(|w| w.value.as_str()).collect()
}

fn classify(cmd: &shell::Command) -> Kind {
    let w = words_of(cmd);
    let Some(&prog) = w.first() else { return Kind::Other };
    let prog = prog.rsplit('/').next().unwrap_or(prog);
    let args: Vec<&str> = w[1..].to_vec();
    let positional: Vec<&str> = args.iter().copied().filter(|a| !a.starts_with('-')).collect();
    let sub = positional.first().copied();
    match prog {
        "npm" => match sub {
            Some("install" | "i" | "ci") => {
                if args.iter().any(|a| *a == "-g" || *a == "--global") {
                    Kind::Neutral
                } else if positional.len() > 1 {
                    Kind::Other
                } else {
                    Kind::Deps(install(
                        "npm",
                        &["package.json"],
                        &["package-lock.json", "npm-shrinkwrap.json", ".npmrc"],
                        &["package*.json"],
                    ))
                }
            }
            Some("cache" | "config") => Kind::Neutral,
            _ => Kind::Other,
        },
        "yarn" => match sub {
            None | Some("install") => Kind::Deps(install(
                "yarn",
                &["package.json"],
                &["yarn.lock", ".yarnrc", ".yarnrc.yml", ".npmrc"],
                &["package.json", "yarn.lock*"],
            )),
            Some("cache" | "config") => Kind::Neutral,
            Some("global") => Kind::Neutral,
            _ => Kind::Other,
        },
        "pnpm" => match sub {
            Some("install" | "i") if positional.len() == 1 => Kind::Deps(install(
                "pnpm",
                &["package.json"],
                &["pnpm-lock.yaml", "pnpm-workspace.yaml", ".npmrc"],
                &["package.json", "pnpm-lock.yaml*"],
            )),
            _ => Kind::Other,
        },
        "pip" | "pip3" | "python" | "python3" => {
            let pip_args: Vec<&str> = if prog.starts_with("python") {
                match args.iter().position(|a| *a == "pip") {
                    Some(p) if p > 0 && args[p - 1] == "-m" => args[p + 1..].to_vec(),
                    _ => return Kind::Other,
                }
            } else {
                args.clone()
            };
            if pip_args.first() != Some(&"install") {
                return Kind::Other;
            }
            let mut files = Vec::new();
            let mut pkgs = 0;
            let mut i = 1;
            while i < pip_args.len() {
                let a = pip_args[i];
                if a == "-r" || a == "--requirement" || a == "-c" || a == "--constraint" {
                    if let Some(f) = pip_args.get(i + 1) {
                        files.push(f.to_string());
                    }
                    i += 2;
                    continue;
                }
                if let Some(f) = a.strip_prefix("--requirement=").or_else(|| a.strip_prefix("-r")).filter(|f| !f.is_empty()) {
                    files.push(f.to_string());
                } else if a == "-e" || a == "--editable" || a.starts_with('.') || a.starts_with('/') {
                    return Kind::Other;
                } else if matches!(a, "-i" | "--index-url" | "--extra-index-url" | "-f" | "--find-links" | "--target" | "-t" | "--prefix") {
                    i += 1;
                } else if !a.starts_with('-') {
                    pkgs += 1;
                }
                i += 1;
            }
            if files.is_empty() {
                return if pkgs > 0 { Kind::Neutral } else { Kind::Other };
            }
            if files.iter().any(|f| f.contains('$') || f.starts_with('/')) {
                return Kind::Other;
            }
            let r: Vec<&str> = files.iter().map(String::as_str).collect();
            Kind::Deps(install("pip", &r, &[], &r))
        }
        "pipenv" if sub == Some("install") => Kind::Deps(install(
            "pipenv",
            &["Pipfile"],
            &["Pipfile.lock"],
            &["Pipfile", "Pipfile.lock*"],
        )),
        "poetry" if sub == Some("install") && args.contains(&"--no-root") => Kind::Deps(install(
            "poetry",
            &["pyproject.toml"],
            &["poetry.lock"],
            &["pyproject.toml", "poetry.lock*"],
        )),
        "go" if w.get(1) == Some(&"mod") && w.get(2) == Some(&"download") => Kind::Deps(go_install()),
        "cargo" if sub == Some("fetch") => Kind::Deps(install(
            "cargo",
            &["Cargo.toml"],
            &["Cargo.lock"],
            &["Cargo.toml", "Cargo.lock*"],
        )),
        "bundle" | "bundler" if sub == Some("install") => Kind::Deps(install(
            "bundler",
            &["Gemfile"],
            &["Gemfile.lock"],
            &["Gemfile", "Gemfile.lock*"],
        )),
        "composer" if sub == Some("install") => Kind::Deps(install(
            "composer",
            &["composer.json"],
            &["composer.lock"],
            &["composer.json", "composer.lock*"],
        )),
        "mvn" | "mvnw" | "./mvnw"
            if args.iter().any(|a| a.starts_with("dependency:go-offline") || a.starts_with("dependency:resolve")) =>
        {
            Kind::Deps(install("maven", &["pom.xml"], &[], &["pom.xml"]))
        }
        "gradle" if sub == Some("dependencies") => Kind::Deps(gradle_install()),
        "apt-get" | "apk" | "yum" | "dnf" | "gem" | "rm" | "mkdir" | "corepack" => Kind::Neutral,
        _ => Kind::Other,
    }
}

fn gradle_install() -> Install {
    install(
        "gradle",
        &[],
        &["build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "gradle.properties"],
        &["build.gradle*", "settings.gradle*", "gradle.properties*"],
    )
}

fn go_install() -> Install {
    install("go", &["go.mod"], &["go.sum"], &["go.mod", "go.sum*"])
}

/// The file names a manifest copy uses, to recognise one already there.
fn is_manifest_source(src: &str) -> bool {
    let base = src.trim_end_matches('/').rsplit('/').next().unwrap_or(src).trim_end_matches('*');
    matches!(
        base,
        "package.json" | "package*.json" | "package" | "package-lock.json" | "yarn.lock" | "pnpm-lock.yaml"
            | "go.mod" | "go.sum" | "Cargo.toml" | "Cargo.lock" | "pom.xml" | "build.gradle"
            | "build.gradle.kts" | "Gemfile" | "Gemfile.lock" | "composer.json" | "composer.lock"
            | "Pipfile" | "Pipfile.lock" | "pyproject.toml" | "poetry.lock" | "uv.lock"
    ) || base.starts_with("requirements") && base.ends_with(".txt")
}

/// The commands of a RUN when it is a plain `a && b && c` list.
fn and_list(cmd: &str) -> Option<shell::Script> {
    let script = shell::parse(cmd);
    if !script.diagnostics.is_empty()
        || !script.compounds.is_empty()
        || script.blocks.len() != 1
        || script.pipelines.iter().any(|p| p.elements.len() != 1 || p.negated || p.background)
        || script
            .commands
            .iter()
            .any(|c| !matches!(c.connector.kind, ConnectorKind::Start | ConnectorKind::And) || !c.redirects.is_empty())
    {
        return None;
    }
    Some(script)
}

/// One place to rewrite in a stage.
struct Site {
    /// The `COPY . <dest>`.
    copy: usize,
    /// The install RUN.
    run: usize,
    /// Where the RUN's install part ends in its command (split there when
    /// more follows), or `None` when the whole RUN is the install.
    split: Option<(String, String)>,
    /// For Go/Maven builds without a download step: the step to insert.
    insert_download: Option<&'static str>,
    installs: Vec<Install>,
    /// The manifests COPY's destination.
    dest: String,
}

fn find_site(st: &State, stage: usize) -> Option<Site> {
    let body = st.body(stage);
    let mut copy = None;
    for i in body.clone() {
        let inst = st.inst(i)?;
        if let Some((srcs, dest)) = copy_parts(inst) {
            if srcs.iter().any(|s| is_manifest_source(s)) {
                return None; // already ordered
            }
            if srcs.len() == 1 && whole_context(&srcs[0]) {
                copy = Some((i, dest));
                break;
            }
        }
    }
    let (copy, dest) = copy?;
    let copy_inst = st.inst(copy)?;
    if copy_inst.keyword != Keyword::Copy || copy_inst.flags.iter().any(|f| f.name.eq_ignore_ascii_case("parents")) {
        return None;
    }
    let cwd = st.workdir_before(copy)?;
    let dest_abs = join_path(&cwd, &dest);
    // The first RUN after the COPY, with only metadata in between.
    let mut run = None;
    for i in copy + 1..body.end {
        let inst = st.inst(i)?;
        match inst.keyword {
            Keyword::Run => {
                run = Some(i);
                break;
            }
            Keyword::Env | Keyword::Arg | Keyword::Label | Keyword::Expose | Keyword::User => {}
            _ => return None,
        }
    }
    let run = run?;
    if st.workdir_before(run)? != dest_abs {
        return None;
    }
    let cmd = st.run_command(run)?;
    let script = and_list(cmd)?;
    let mut installs = Vec::new();
    let mut prefix_end = None;
    for (k, c) in script.commands.iter().enumerate() {
        match classify(c) {
            Kind::Deps(i) => installs.push(i),
            Kind::Neutral => {}
            Kind::Other => {
                prefix_end = Some(k);
                break;
            }
        }
    }
    let dest_text = if dest == "." || dest == "./" { "./".to_string() } else if dest.ends_with('/') { dest.clone() } else { format!("{dest}/") };
    if installs.is_empty() {
        // A Go or Maven build with no download step: add one.
        let first = script.commands.first()?;
        let w = words_of(first);
        let prog = w.first().map(|p| p.rsplit('/').next().unwrap_or(p));
        let insert = match prog {
            Some("go") if matches!(w.get(1), Some(&"build" | &"install" | &"test" | &"vet")) => "go mod download",
            Some("mvn") if w.iter().any(|a| matches!(*a, "package" | "install" | "verify")) => "mvn -B dependency:go-offline",
            Some("gradle") if w.iter().any(|a| matches!(*a, "build" | "assemble" | "bootJar" | "jar" | "installDist")) => {
                "gradle dependencies --no-daemon"
            }
            _ => return None,
        };
        let inst = if insert.starts_with("go") {
            go_install()
        } else if insert.starts_with("gradle") {
            gradle_install()
        } else {
            install("maven", &["pom.xml"], &[], &["pom.xml"])
        };
        return Some(Site { copy, run, split: None, insert_download: Some(insert), installs: vec![inst], dest: dest_text });
    }
    let split = match prefix_end {
        None => None,
        Some(0) => return None,
        Some(k) => {
            let head_end = script.commands[k - 1].range.end;
            let tail_start = script.commands[k].range.start;
            let head = cmd.get(..head_end)?.trim().to_string();
            let tail = cmd.get(tail_start..)?.trim().to_string();
            Some((head, tail))
        }
    };
    Some(Site { copy, run, split, insert_download: None, installs, dest: dest_text })
}

pub(super) fn propose(st: &State) -> Option<Proposal> {
    let ignore = st.dockerignore.map(DockerIgnore::parse);
    let in_context = |p: &str| -> bool {
        st.context.is_some_and(|c| {
            c.iter().any(|f| f.path.trim_start_matches("./") == p)
                && !ignore.as_ref().is_some_and(|i| i.is_excluded(p))
        })
    };
    let mut doc = Doc::new(&st.df);
    let mut safe = st.context.is_some();
    let mut caveats = Vec::new();
    let mut what = Vec::new();
    let mut any = false;
    for stage in 0..st.sem.stages.len() {
        let Some(site) = find_site(st, stage) else { continue };
        let mut files: Vec<String> = Vec::new();
        let mut missing = false;
        for i in &site.installs {
            if st.context.is_some() {
                for r in &i.required {
                    if in_context(r) {
                        files.push(r.clone());
                    } else {
                        missing = true;
                    }
                }
                for o in &i.optional {
                    if in_context(o) {
                        files.push(o.to_string());
                    }
                }
            } else {
                // The install reads its manifest from the copied folder, so
                // it exists; lock files are optional (`*`: BuildKit allows
                // a wildcard that matches nothing).
                files.extend(i.assumed.iter().cloned());
            }
        }
        if missing {
            continue; // the install's manifest is not in the context
        }
        files.dedup();
        if files.is_empty() {
            continue;
        }
        let Some(copy_inst) = st.inst(site.copy) else { continue };
        let flags: Vec<&str> = copy_inst.flags.iter().map(|f| st.df.text(f.range)).collect();
        let mut line = String::from("COPY ");
        for f in &flags {
            line.push_str(f);
            line.push(' ');
        }
        line.push_str(&files.join(" "));
        line.push(' ');
        line.push_str(&site.dest);
        let copy_text = st.df.text(copy_inst.range).trim_end().to_string();
        let Some(run_inst) = st.inst(site.run) else { continue };
        let run_flags: String = run_inst.flags.iter().map(|f| format!("{} ", st.df.text(f.range))).collect();
        doc.replace(site.copy, &line);
        if let Some(step) = site.insert_download {
            doc.insert_after(site.copy, &format!("RUN {run_flags}{step}"));
            let pos = doc.pos(site.copy).map_or(0, |p| p + 2);
            doc.insert(pos, &copy_text);
        } else if let Some((head, tail)) = &site.split {
            doc.replace(site.run, &format!("RUN {run_flags}{head}"));
            let pos = doc.pos(site.run).map_or(0, |p| p + 1);
            doc.insert(pos, &copy_text);
            doc.insert(pos + 1, &format!("RUN {run_flags}{tail}"));
        } else {
            let pos = doc.pos(site.run).map_or(0, |p| p + 1);
            doc.insert(pos, &copy_text);
        }
        let ecos: Vec<&str> = site.installs.iter().map(|i| i.ecosystem).collect();
        what.push(format!("{} ({})", files.join(" "), ecos.join(", ")));
        if site.insert_download.is_some() {
            safe = false;
            caveats.push("a download step is added before the build: it needs network access at that point, as the build did".into());
        }
        if ecos.contains(&"npm") || ecos.contains(&"yarn") || ecos.contains(&"pnpm") {
            caveats.push("install scripts (postinstall, prepare) that read source files now run before the sources are copied".into());
        }
        if ecos.contains(&"pip") {
            caveats.push("a requirements file that includes other files (-r, -e .) needs those copied too".into());
        }
        if ecos.contains(&"composer") {
            caveats.push("composer's scripts and autoloader run without the sources; run `composer dump-autoload` after `COPY . .` if needed".into());
        }
        any = true;
    }
    if !any {
        return None;
    }
    if st.context.is_none() {
        caveats.insert(0, "no build context given: the manifests are assumed to be at the context root".into());
    }
    caveats.dedup();
    Some(Proposal {
        title: format!("copy {} before the sources", what.join("; ")),
        explanation: "the dependency install runs on a layer that only changes when the manifests change: \
                      editing a source file no longer re-runs it (faster rebuilds; the image size stays about the same)"
            .into(),
        caveats,
        applicability: if safe { Applicability::Safe } else { Applicability::Unsafe },
        dockerfile: doc.print(),
        dockerignore: st.dockerignore.map(str::to_string),
        alternatives: Vec::new(),
    })
}

