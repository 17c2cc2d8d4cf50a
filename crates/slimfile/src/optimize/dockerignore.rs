//! Technique 3: a `.dockerignore` generated (or extended) from the
//! Dockerfile's ecosystem, or from the real files of the build context
//! (secret-looking first, then the largest). A pattern is never added when a
//! COPY/ADD (or a bind mount) of the Dockerfile needs what it excludes.

use super::{copy_parts, whole_context, Proposal, State};
use crate::ast::Keyword;
use crate::dockerignore::DockerIgnore;
use crate::fix::Applicability;

/// A pattern the technique may add.
struct Cand {
    pattern: &'static str,
    /// A path the pattern excludes, to see whether the current file already
    /// excludes it (when no context is known).
    probe: &'static str,
    why: &'static str,
    secret: bool,
}

const fn c(pattern: &'static str, probe: &'static str, why: &'static str, secret: bool) -> Cand {
    Cand { pattern, probe, why, secret }
}

const COMMON: &[Cand] = &[
    c(".git", ".git", "version-control history", false),
    c(".env*", ".env", "environment files (often secrets)", true),
    c("**/*.pem", "k.pem", "keys and certificates", true),
    c("**/*.key", "k.key", "private keys", true),
    c("**/id_rsa*", "id_rsa", "SSH keys", true),
    c("**/*.log", "x.log", "logs", false),
    c(".idea", ".idea", "editor folder", false),
    c(".vscode", ".vscode", "editor folder", false),
    c("**/.DS_Store", ".DS_Store", "macOS metadata", false),
    c("**/*.swp", "x.swp", "editor swap files", false),
    c("Dockerfile*", "Dockerfile", "the build definition (BuildKit reads it anyway)", false),
    c(".dockerignore", ".dockerignore", "the build definition (BuildKit reads it anyway)", false),
];

/// Only proposed when the context listing shows such files.
const SEEN_ONLY: &[Cand] = &[
    c("**/*.p12", "k.p12", "key stores", true),
    c("**/*.pfx", "k.pfx", "key stores", true),
    c("**/*.tfstate*", "x.tfstate", "Terraform state (holds secrets)", true),
    c(".aws", ".aws", "cloud credentials", true),
    c(".ssh", ".ssh", "SSH keys", true),
    c("**/.terraform", ".terraform", "Terraform providers and modules", false),
    c(".cache", ".cache", "tool caches", false),
    c("tmp", "tmp", "temporary files", false),
];

const NODE: &[Cand] = &[
    c("**/node_modules", "node_modules", "dependencies: the image installs its own", false),
    c("coverage", "coverage", "test coverage output", false),
    c(".npm", ".npm", "npm cache", false),
];
const NODE_BUILD: &[Cand] = &[
    c("dist", "dist", "build output: the image builds its own", false),
    c("build", "build", "build output: the image builds its own", false),
    c(".next", ".next", "Next.js build output: the image builds its own", false),
];
const PYTHON: &[Cand] = &[
    c("**/__pycache__", "__pycache__", "bytecode caches", false),
    c("**/*.py[cod]", "x.pyc", "bytecode", false),
    c(".venv", ".venv", "a local virtualenv: the image installs its own", false),
    c("venv", "venv", "a local virtualenv: the image installs its own", false),
    c(".pytest_cache", ".pytest_cache", "test cache", false),
    c(".mypy_cache", ".mypy_cache", "type-checker cache", false),
    c(".tox", ".tox", "tox environments", false),
];
const TARGET_BUILD: &[Cand] = &[c("target", "target", "build output: the image builds its own", false)];
const GRADLE_BUILD: &[Cand] = &[
    c("build", "build", "Gradle build output: the image builds its own", false),
    c(".gradle", ".gradle", "Gradle cache", false),
];

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || ";&|()`'\"[],".contains(c))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The candidate lists that fit the Dockerfile.
fn candidates(st: &State) -> Vec<&'static Cand> {
    let text = st.commands_text();
    let w = words(&text);
    let has = |names: &[&str]| w.iter().any(|x| names.contains(&x.rsplit('/').next().unwrap_or(x)));
    let images: Vec<String> = st
        .sem
        .stages
        .iter()
        .map(|s| s.base_expanded.to_ascii_lowercase())
        .collect();
    let image = |n: &str| images.iter().any(|i| i.rsplit('/').next().unwrap_or(i).starts_with(n));
    let node_install = has(&["npm", "yarn", "pnpm"]);
    let node_build = text.contains("run build")
        || text.contains("yarn build")
        || text.contains("pnpm build")
        || has(&["tsc", "vite", "webpack", "ng", "next"]);
    let python = image("python") || has(&["pip", "pip3", "pipenv", "poetry", "uv", "python", "python3"]);
    let cargo_build = has(&["cargo"]);
    let maven = has(&["mvn", "mvnw"]);
    let gradle = has(&["gradle", "gradlew"]);
    let mut out: Vec<&'static Cand> = COMMON.iter().collect();
    if st.context.is_some() {
        out.extend(SEEN_ONLY);
    }
    if node_install {
        out.extend(NODE);
        if node_build {
            out.extend(NODE_BUILD);
        }
    }
    if python {
        out.extend(PYTHON);
    }
    if cargo_build || maven {
        out.extend(TARGET_BUILD);
    }
    if gradle {
        out.extend(GRADLE_BUILD);
    }
    out
}

/// Whether the Dockerfile's commands name the path (`venv/bin/python`,
/// `./build/run.sh`, `git describe`): then it is needed in the context.
fn mentioned(text: &str, cand: &Cand) -> bool {
    let name = cand.probe;
    if name == ".git" {
        return words(text).iter().any(|w| *w == "git" || w.contains(".git"));
    }
    if !name.contains('.') || name.starts_with('.') {
        // A word that is the name or a path starting with it (`.env`,
        // `./venv/bin/python`, `.env.example`).
        let hit = words(text).iter().any(|w| {
            let w = w.trim_start_matches("./");
            w == name
                || w.strip_prefix(name).is_some_and(|r| r.starts_with('/') || r.starts_with('.'))
        });
        if hit {
            return true;
        }
        for (i, _) in text.match_indices(name) {
            let before = text[..i].chars().next_back();
            let after = text[i + name.len()..].chars().next();
            let boundary_before = before.is_none_or(|c| !c.is_alphanumeric() && c != '_' && c != '-' && c != '.');
            let boundary_after = after.is_none_or(|c| !c.is_alphanumeric() && c != '_' && c != '-');
            if boundary_before && boundary_after && (before == Some('/') || after == Some('/')) {
                return true;
            }
        }
    }
    false
}

/// Every path the Dockerfile takes from the build context by name: COPY/ADD
/// sources (other than the whole context) and `RUN --mount` bind sources.
fn needed_sources(st: &State) -> Vec<String> {
    let mut out = Vec::new();
    for inst in &st.df.instructions {
        if let Some((srcs, _)) = copy_parts(inst) {
            for s in srcs {
                if s.contains("://") || s.starts_with("git@") || whole_context(&s) {
                    continue;
                }
                out.push(clean(&s));
            }
        }
        if inst.keyword == Keyword::Run {
            for f in inst.flags.iter().filter(|f| f.name.eq_ignore_ascii_case("mount")) {
                let opts = crate::semantic::mount_options(f.value.as_deref().unwrap_or(""));
                let bind = opts.iter().all(|(k, v)| k != "type" || v == "bind");
                let from = opts.iter().any(|(k, _)| k == "from");
                if bind && !from {
                    if let Some((_, v)) = opts.iter().find(|(k, _)| k == "source" || k == "src") {
                        out.push(clean(v));
                    }
                }
            }
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn clean(p: &str) -> String {
    p.split('/').filter(|c| !c.is_empty() && *c != ".").collect::<Vec<_>>().join("/")
}

fn has_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Whether `ignore` takes away something a source needs.
fn breaks_a_copy(ignore: &DockerIgnore, sources: &[String], st: &State) -> bool {
    for s in sources {
        if !has_glob(s) {
            if ignore.is_excluded(s) {
                return true;
            }
            continue;
        }
        if let Some(ctx) = st.context {
            // A glob source must keep every file it matched.
            let m = DockerIgnore::parse(s);
            if ctx.iter().any(|f| {
                let p = clean(&f.path);
                m.is_excluded(&p) && ignore.is_excluded(&p)
            }) {
                return true;
            }
        } else if ignore.is_excluded(s) {
            return true;
        }
    }
    false
}

pub(super) fn propose(st: &State) -> Option<Proposal> {
    let current_text = st.dockerignore.unwrap_or("");
    let current = DockerIgnore::parse(current_text);
    if current.is_rejected() || current.diagnostics.iter().any(|d| d.kind != crate::dockerignore::IgnoreDiagnosticKind::Approximated) {
        return None;
    }
    // Nothing to keep out when the Dockerfile copies nothing from the
    // context.
    let copies_context = st.df.instructions.iter().any(|i| copy_parts(i).is_some())
        || st.df.instructions.iter().any(|i| i.flags.iter().any(|f| f.name.eq_ignore_ascii_case("mount")));
    if !copies_context {
        return None;
    }
    // The user's `!` exceptions, each as a pattern of its own: what they
    // bring back stays in.
    let exceptions: Vec<DockerIgnore> = current
        .patterns
        .iter()
        .filter(|q| q.negated && !q.pattern.is_empty())
        .map(|q| DockerIgnore::parse(&q.pattern))
        .collect();
    let needed = needed_sources(st);
    let text = st.commands_text();
    let existing: Vec<&str> = current_text.lines().map(str::trim).collect();
    let mut chosen: Vec<(&'static Cand, u64, usize)> = Vec::new();
    let mut combined_text = current_text.to_string();
    if !combined_text.is_empty() && !combined_text.ends_with('\n') {
        combined_text.push('\n');
    }
    let mut cands = candidates(st);
    // With a context: sizes decide the order (secrets first).
    let mut sized: Vec<(&'static Cand, u64, usize)> = Vec::new();
    for cand in cands.drain(..) {
        // Build outputs are named by the commands that make and run them;
        // the COPY check below still keeps what a COPY takes by name.
        let output = cand.why.starts_with("build output") || cand.why.contains("build output");
        if existing.contains(&cand.pattern) || (!output && mentioned(&text, cand)) {
            continue;
        }
        let alone = DockerIgnore::parse(cand.pattern);
        let (bytes, files) = match st.context {
            Some(ctx) => {
                let mut b = 0;
                let mut n = 0;
                let mut reincluded = false;
                for f in ctx {
                    let p = clean(&f.path);
                    if !p.is_empty() && alone.is_excluded(&p) && !current.is_excluded(&p) {
                        b += f.size;
                        n += 1;
                        // A file the user brought back with `!`: leave it.
                        reincluded |= exceptions.iter().any(|e| e.is_excluded(&p));
                    }
                }
                if n == 0 || reincluded {
                    continue;
                }
                (b, n)
            }
            None => {
                if current.is_excluded(cand.probe) || exceptions.iter().any(|e| e.is_excluded(cand.probe)) {
                    continue;
                }
                (0, 0)
            }
        };
        sized.push((cand, bytes, files));
    }
    if st.context.is_some() {
        crate::sort::sort_by(&mut sized, |a, b| b.0.secret.cmp(&a.0.secret).then(b.1.cmp(&a.1)));
    }
    for (cand, bytes, files) in sized {
        let trial = format!("{combined_text}{}\n", cand.pattern);
        let ig = DockerIgnore::parse(&trial);
        if breaks_a_copy(&ig, &needed, st) {
            continue;
        }
        combined_text = trial;
        chosen.push((cand, bytes, files));
    }
    if chosen.is_empty() {
        return None;
    }
    let mut out = current_text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("# Generated by slimfile optimize: keep build junk and secrets out of the build context.\n");
    } else {
        out.push_str("# Added by slimfile optimize.\n");
    }
    for (cand, _, _) in &chosen {
        out.push_str(cand.pattern);
        out.push('\n');
    }
    let secrets = chosen.iter().any(|(c, _, _)| c.secret);
    let mut caveats = vec![
        "RUN steps (a build, a test) can no longer read the excluded files; check that none needs them".to_string(),
    ];
    if secrets {
        caveats.push(
            "environment and key files are excluded: an app that reads .env at build or run time must get \
             those values another way (build secrets, runtime environment)"
                .to_string(),
        );
    }
    if st.context.is_none() {
        caveats.push("no build context given: the patterns are the usual ones for the ecosystem, not checked against real files".to_string());
    }
    if let Some(ctx) = st.context {
        // The largest top-level entries still sent: worth a look.
        let ig = DockerIgnore::parse(&combined_text);
        let mut sizes: Vec<(String, u64)> = Vec::new();
        for f in ctx {
            let p = clean(&f.path);
            if p.is_empty() || ig.is_excluded(&p) {
                continue;
            }
            let top = p.split('/').next().unwrap_or(&p).to_string();
            match sizes.iter_mut().find(|(t, _)| *t == top) {
                Some(e) => e.1 += f.size,
                None => sizes.push((top, f.size)),
            }
        }
        crate::sort::sort_by(&mut sizes, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let big: Vec<String> = sizes
            .iter()
            .take(3)
            .filter(|(_, b)| *b >= 1_000_000)
            .map(|(t, b)| format!("{t} ({} MB)", crate::numfmt::fixed(*b as f64 / 1e6, 1)))
            .collect();
        if !big.is_empty() {
            caveats.push(format!("the largest parts of the context still sent: {}; exclude them too if the image does not need them", big.join(", ")));
        }
    }
    let listing: Vec<String> = chosen
        .iter()
        .map(|(c, b, n)| {
            if st.context.is_some() {
                format!("{} ({}: {n} files, {} MB)", c.pattern, c.why, crate::numfmt::fixed(*b as f64 / 1e6, 1))
            } else {
                format!("{} ({})", c.pattern, c.why)
            }
        })
        .collect();
    Some(Proposal {
        title: format!(
            "{} .dockerignore: {}",
            if current_text.trim().is_empty() { "create" } else { "extend" },
            chosen.iter().map(|(c, _, _)| c.pattern).collect::<Vec<_>>().join(" ")
        ),
        explanation: format!(
            "keeps out of the build context (so out of `COPY . .` and of the upload to the builder): {}",
            listing.join("; ")
        ),
        caveats,
        applicability: if st.context.is_some() && !secrets { Applicability::Safe } else { Applicability::Unsafe },
        dockerfile: st.src.to_string(),
        dockerignore: Some(out),
        alternatives: Vec::new(),
    })
}
