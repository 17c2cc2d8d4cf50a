//! Whole-file optimizations: every technique on our own fixtures (node,
//! python, go, java, a static site), with insta snapshots of the rewritten
//! files; the article's Node example step by step; and the corpus (no panic,
//! no new error, comments kept, idempotent; Docker's own parser when the
//! `dockerfile` Python package is installed).

mod common;

use slimfile::estimate::{ContextFile, Totals};
use slimfile::fix::Applicability;
use slimfile::optimize::{adds_errors, optimize, optimize_all, Optimization, OptimizeInput, Pipeline, Technique};
use slimfile::sizedata;

fn only<'a>(src: &'a str, t: &'a [Technique]) -> OptimizeInput<'a> {
    OptimizeInput { only: t, ..OptimizeInput::new(src) }
}

/// The one optimization of technique `t` on `src`.
fn one(src: &str, ignore: Option<&str>, ctx: Option<&[ContextFile]>, t: Technique) -> Option<Optimization> {
    let ts = [t];
    let input = OptimizeInput { dockerignore: ignore, context: ctx, ..only(src, &ts) };
    let mut v = optimize(&input);
    assert!(v.len() <= 1);
    v.pop()
}

/// Checks what every rewrite must satisfy: no new error-level finding, and
/// the same technique offers nothing on the result.
fn check_invariants(o: &Optimization, src: &str, ignore: Option<&str>, ctx: Option<&[ContextFile]>) {
    let new = adds_errors((src, ignore), (&o.dockerfile, o.dockerignore.as_deref()));
    assert!(new.is_empty(), "{:?} adds errors {new:?}:\n{}", o.technique, o.dockerfile);
    let again = one(&o.dockerfile, o.dockerignore.as_deref(), ctx, o.technique);
    assert!(again.is_none(), "{:?} is not idempotent:\n{}\n---\n{:?}", o.technique, o.dockerfile, again.map(|a| a.dockerfile));
}

fn mb(b: u64) -> String {
    format!("{:.1} MB", b as f64 / 1e6)
}

fn show(t: &Totals) -> String {
    format!("{} compressed, {} uncompressed, {} unknown", mb(t.compressed_bytes), mb(t.uncompressed_bytes), t.unknown_parts)
}

/// The snapshot text of an optimization: title, applicability, files.
fn snap(o: &Optimization) -> String {
    let mut s = format!("{} [{}]\n", o.title, o.applicability.as_str());
    for c in &o.caveats {
        s.push_str(&format!("caveat: {c}\n"));
    }
    for a in &o.alternatives {
        s.push_str(&format!("alternative: {} {} usable={}\n", a.reference, mb(a.compressed_bytes), a.usable));
    }
    s.push_str("--- Dockerfile\n");
    s.push_str(&o.dockerfile);
    if let Some(i) = &o.dockerignore {
        s.push_str("--- .dockerignore\n");
        s.push_str(i);
    }
    s
}

fn snap_pipeline(p: &Pipeline) -> String {
    let mut s = String::new();
    for st in &p.steps {
        s.push_str(&format!("step {}: {} [{}]\n", st.technique.as_str(), st.title, st.applicability.as_str()));
    }
    s.push_str("--- Dockerfile\n");
    s.push_str(&p.dockerfile);
    if let Some(i) = &p.dockerignore {
        s.push_str("--- .dockerignore\n");
        s.push_str(i);
    }
    s
}

// ---- the article's Node example ----------------------------------------

/// A small React app's build context: sources, a lock file, a big
/// node_modules, a .git folder, a log and an .env file.
fn app_context() -> Vec<ContextFile> {
    let mut v = vec![
        ContextFile::new("package.json", 1_200),
        ContextFile::new("package-lock.json", 350_000),
        ContextFile::new("Dockerfile", 300),
        ContextFile::new("README.md", 4_000),
        ContextFile::new("src/index.js", 12_000),
        ContextFile::new("src/App.js", 30_000),
        ContextFile::new("src/App.css", 8_000),
        ContextFile::new("public/index.html", 2_000),
        ContextFile::new("public/logo.png", 600_000),
        ContextFile::new("npm-debug.log", 80_000),
        ContextFile::new(".env", 200),
    ];
    for i in 0..200 {
        v.push(ContextFile::new(format!("node_modules/pkg{i}/index.js"), 700_000));
    }
    v.push(ContextFile::new("node_modules/.bin/esbuild", 9_000_000));
    for i in 0..20 {
        v.push(ContextFile::new(format!(".git/objects/pack/p{i}.pack"), 1_000_000));
    }
    v
}

/// The article's app as one stage on node:latest: install, build, serve
/// the build folder with `serve`.
const ARTICLE: &str = "\
FROM node:latest
WORKDIR /app
COPY . .
RUN npm install
RUN npm run build
EXPOSE 3000
CMD [\"npx\", \"serve\", \"-s\", \"build\", \"-l\", \"3000\"]
";

#[test]
fn article_node_example_step_by_step() {
    let ctx = app_context();
    let input = OptimizeInput { context: Some(&ctx), ..OptimizeInput::new(ARTICLE) };
    let p = optimize_all(&input);
    println!("step                 compressed (pull)   uncompressed (disk)   unknown");
    println!("{:<20} {:>18} {:>20} {:>9}", "as written", mb(p.before.compressed_bytes), mb(p.before.uncompressed_bytes), p.before.unknown_parts);
    for s in &p.steps {
        println!("{:<20} {:>18} {:>20} {:>9}   {}", s.technique.as_str(), mb(s.after.compressed_bytes), mb(s.after.uncompressed_bytes), s.after.unknown_parts, s.title);
    }
    let got: Vec<Technique> = p.steps.iter().map(|s| s.technique).collect();
    assert_eq!(got, [Technique::Base, Technique::CacheOrder, Technique::Dockerignore, Technique::MultiStage]);
    // The base parts are the data's real sizes.
    let latest = sizedata::base_image("node", "latest").unwrap();
    let alpine = sizedata::base_image("node", "alpine").unwrap();
    let nginx = sizedata::base_image("nginx", "alpine").unwrap();
    assert_eq!(latest.compressed, 442_394_221);
    assert_eq!(nginx.compressed, 26_310_566);
    assert!(p.before.compressed_bytes > latest.compressed);
    // Base: exactly node:latest's size minus node:alpine's.
    let base = &p.steps[0];
    assert_eq!(base.before.compressed_bytes - base.after.compressed_bytes, latest.compressed - alpine.compressed);
    // Cache order is for rebuild speed: the image keeps its size, plus the
    // manifests copied twice (at most their size).
    let cache = &p.steps[1];
    assert_eq!(cache.applicability, Applicability::Safe);
    assert!(cache.after.compressed_bytes <= cache.before.compressed_bytes + 351_200, "{}", show(&cache.after));
    // .dockerignore and multi-stage: the size falls.
    for s in &p.steps[2..] {
        assert!(s.after.compressed_bytes < s.before.compressed_bytes, "{:?}: {} -> {}", s.technique, show(&s.before), show(&s.after));
        assert!(s.after.uncompressed_bytes < s.before.uncompressed_bytes, "{:?}", s.technique);
    }
    // The end: nginx:alpine plus the copied build output (unknown size).
    assert_eq!(p.after.compressed_bytes, nginx.compressed);
    assert_eq!(p.after.unknown_parts, 1);
    assert!(p.dockerfile.contains("FROM nginx:alpine\nCOPY --from=build /app/build /usr/share/nginx/html\n"));
    let ignore = p.dockerignore.as_deref().unwrap();
    for pat in ["node_modules", ".git", "*.log", ".env*"] {
        assert!(ignore.lines().any(|l| l.ends_with(pat)), "{pat} not in\n{ignore}");
    }
    insta::assert_snapshot!("article_pipeline", snap_pipeline(&p));
    for s in &p.steps {
        let prev = p.steps.iter().take_while(|x| x.technique != s.technique).last();
        let (src, ig) = match prev {
            Some(x) => (x.dockerfile.as_str(), x.dockerignore.as_deref()),
            None => (ARTICLE, None),
        };
        check_invariants(s, src, ig, Some(&ctx));
    }
}

// ---- the corpus --------------------------------------------------------

/// Every official-image and app Dockerfile of the corpus (and the older
/// binnacle set), with the `.dockerignore` beside it.
fn corpus_dockerfiles(corpus: &std::path::Path) -> Vec<(String, String, Option<String>)> {
    let mut out = Vec::new();
    let mut stack = vec![corpus.join("official-images"), corpus.join("apps"), corpus.join("binnacle-gold")];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if !name.contains("Dockerfile") || name.ends_with(".dockerignore") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&p) else { continue };
            let ignore = std::fs::read_to_string(p.with_file_name(format!("{name}.dockerignore")))
                .or_else(|_| std::fs::read_to_string(p.with_file_name(".dockerignore")))
                .ok();
            out.push((p.strip_prefix(corpus).unwrap().display().to_string(), text, ignore));
        }
    }
    out
}

/// Comment lines of `src` missing from `out` whose instruction is still
/// there (a comment goes only with the instruction it stands above).
fn lost_comments(src: &str, out: &str) -> Vec<String> {
    let df = slimfile::parse(src);
    let out_lines: Vec<&str> = out.lines().map(str::trim).collect();
    let mut lost = Vec::new();
    for r in df.comments() {
        let line = df.text(r).trim();
        if out_lines.contains(&line) {
            continue;
        }
        // The instruction below the comment.
        let next = df.instructions.iter().find(|i| i.range.start > r.start);
        let kept = next.is_some_and(|i| {
            let first = df.text(i.range).lines().next().unwrap_or("").trim();
            out_lines.contains(&first)
        });
        if kept {
            lost.push(line.to_string());
        }
    }
    lost
}

#[test]
fn corpus_optimize_all() {
    let Some(corpus) = common::corpus("corpus_optimize_all") else { return };
    let files = corpus_dockerfiles(&corpus);
    let mut per_technique = std::collections::BTreeMap::new();
    let (mut changed, mut comments_checked, mut broken) = (0, 0, Vec::new());
    let mut outputs = Vec::new();
    for (path, text, ignore) in &files {
        let input = OptimizeInput { dockerignore: ignore.as_deref(), ..OptimizeInput::new(text) };
        let p = optimize_all(&input);
        if p.steps.is_empty() {
            continue;
        }
        changed += 1;
        let mut prev = (text.as_str(), ignore.as_deref());
        for s in &p.steps {
            *per_technique.entry(s.technique.as_str()).or_insert(0) += 1;
            let new = adds_errors(prev, (&s.dockerfile, s.dockerignore.as_deref()));
            if !new.is_empty() {
                broken.push(format!("{path}: {:?} adds {new:?}", s.technique));
            }
            if one(&s.dockerfile, s.dockerignore.as_deref(), None, s.technique).is_some() {
                broken.push(format!("{path}: {:?} offers again on its own output", s.technique));
            }
            prev = (&s.dockerfile, s.dockerignore.as_deref());
        }
        comments_checked += slimfile::parse(text).comments().len();
        let lost = lost_comments(text, &p.dockerfile);
        if !lost.is_empty() {
            broken.push(format!("{path}: comments lost: {lost:?}"));
        }
        outputs.push((path.clone(), p.dockerfile.clone()));
    }
    println!(
        "optimize_all on {} corpus Dockerfiles: {changed} rewritten, steps by technique {per_technique:?}, {comments_checked} comment lines checked, {} problems",
        files.len(),
        broken.len()
    );
    assert!(files.len() > 1000, "expected the official-image, app and binnacle Dockerfiles, found {}", files.len());
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    docker_parser_accepts(&outputs);
}

/// Every output parses with Docker's own parser (BuildKit's Go parser,
/// through the `dockerfile` Python package), in one Python process.
fn docker_parser_accepts(outputs: &[(String, String)]) {
    let probe = std::process::Command::new("python3").args(["-c", "import dockerfile"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED docker_parser_accepts: python3 with the `dockerfile` package not found (pip install dockerfile)");
        return;
    }
    let dir = std::env::temp_dir().join(format!("slimfile-optimize-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (k, (_, text)) in outputs.iter().enumerate() {
        std::fs::write(dir.join(format!("{k}.Dockerfile")), text).unwrap();
    }
    let script = "import dockerfile, os, sys\nd = sys.argv[1]\nbad = 0\nfor f in sorted(os.listdir(d)):\n    try:\n        dockerfile.parse_file(os.path.join(d, f))\n    except Exception as e:\n        bad += 1\n        print('FAIL', f, e)\nprint('parsed', len(os.listdir(d)), 'failed', bad)\n";
    let out = std::process::Command::new("python3").args(["-c", script, dir.to_str().unwrap()]).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&out.stdout);
    println!("Docker's parser on the rewritten files: {}", text.lines().last().unwrap_or(""));
    let fails: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with("FAIL"))
        .map(|l| {
            let k: usize = l.split_whitespace().nth(1).and_then(|f| f.split('.').next()).and_then(|n| n.parse().ok()).unwrap_or(0);
            format!("{} ({l})", outputs.get(k).map_or("?", |o| o.0.as_str()))
        })
        .collect();
    assert!(out.status.success(), "python failed: {}", String::from_utf8_lossy(&out.stderr));
    assert!(fails.is_empty(), "Docker's parser rejects:\n{}", fails.join("\n"));
}

// ---- fixtures per technique --------------------------------------------

const NODE_SERVER: &str = "\
# The API server.
FROM node:22
WORKDIR /usr/src/app
COPY . .
# Install and compile TypeScript.
RUN npm ci && npm run build
ENV NODE_ENV=production
EXPOSE 3000
USER node
CMD [\"node\", \"dist/server.js\"]
";

const PYTHON_APP: &str = "\
FROM python:3.12
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
EXPOSE 8000
CMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]
";

const GO_APP: &str = "\
FROM golang:1.25
WORKDIR /src
COPY . .
RUN go build -o /bin/server ./cmd/server
EXPOSE 8080
ENTRYPOINT /bin/server --port 8080
";

const JAVA_APP: &str = "\
FROM maven:3-eclipse-temurin-21
WORKDIR /build
COPY . .
RUN mvn -B package -DskipTests
CMD [\"java\", \"-jar\", \"target/app.jar\"]
";

const RUST_APP: &str = "\
FROM rust:1.98
WORKDIR /usr/src/app
COPY . .
RUN cargo install --path .
CMD [\"myapp\"]
";

const STATIC_SITE: &str = "\
FROM nginx:latest
COPY site/ /usr/share/nginx/html/
";

const APT_RUNS: &str = "\
FROM debian:bookworm-slim
# Tools for the healthcheck.
RUN apt-get update
RUN apt-get install -y curl ca-certificates
RUN rm -rf /var/lib/apt/lists/*
RUN pip3 install requests
CMD [\"bash\"]
";

const APK_RUNS: &str = "\
FROM alpine:3.22
RUN apk update
RUN apk add curl
ENTRYPOINT [\"curl\"]
";

#[test]
fn base_picks_the_smallest_usable_variant() {
    // node: alpine, with slim and distroless listed.
    let o = one(ARTICLE, None, None, Technique::Base).unwrap();
    assert!(o.dockerfile.starts_with("FROM node:alpine\n"));
    let refs: Vec<&str> = o.alternatives.iter().map(|a| a.reference.as_str()).collect();
    assert_eq!(refs, ["node:slim", "gcr.io/distroless/nodejs20-debian12"]);
    assert!(!o.alternatives[1].usable);
    assert_eq!(o.alternatives[0].compressed_bytes, sizedata::base_image("node", "slim").unwrap().compressed);
    assert!(o.caveats.iter().any(|c| c.contains("musl")));
    check_invariants(&o, ARTICLE, None, None);
    insta::assert_snapshot!("base_node", snap(&o));
    // python with pip: slim before alpine (musl wheels).
    let o = one(PYTHON_APP, None, None, Technique::Base).unwrap();
    assert!(o.dockerfile.starts_with("FROM python:3.12-slim\n"), "{}", o.dockerfile);
    check_invariants(&o, PYTHON_APP, None, None);
    // apt-get in the file: no alpine.
    let src = "FROM node:24\nRUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\nCMD [\"node\"]\n";
    let o = one(src, None, None, Technique::Base).unwrap();
    assert!(o.dockerfile.starts_with("FROM node:24-slim\n"), "{}", o.dockerfile);
    let alpine = o.alternatives.iter().find(|a| a.reference == "node:24-alpine").unwrap();
    assert!(!alpine.usable && alpine.caveats.iter().any(|c| c.contains("apt")));
    // A static site: nginx:alpine-slim; the registry spelling is kept.
    let o = one(STATIC_SITE, None, None, Technique::Base).unwrap();
    assert!(o.dockerfile.starts_with("FROM nginx:alpine-slim\n"), "{}", o.dockerfile);
    let o = one("FROM docker.io/library/node:latest\nCMD [\"node\"]\n", None, None, Technique::Base).unwrap();
    assert!(o.dockerfile.starts_with("FROM docker.io/library/node:alpine\n"));
    // Nothing smaller known, a variable, a digest, an unknown image: nothing.
    for src in [
        "FROM node:alpine\n",
        "FROM alpine:3.22\n",
        "ARG V=latest\nFROM node:${V}\n",
        "FROM node@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
        "FROM example.com/my/image:1\n",
        "FROM scratch\n",
    ] {
        assert!(one(src, None, None, Technique::Base).is_none(), "{src}");
    }
    // Only the final stage's base changes.
    let src = "FROM node:latest AS build\nRUN npm ci\nFROM node:latest\nCOPY --from=build /x /x\n";
    let o = one(src, None, None, Technique::Base).unwrap();
    assert_eq!(o.dockerfile, "FROM node:latest AS build\nRUN npm ci\nFROM node:alpine\nCOPY --from=build /x /x\n");
}

#[test]
fn cache_order_per_ecosystem() {
    // Without a context: assumed (unsafe), the article's package*.json.
    let o = one(ARTICLE, None, None, Technique::CacheOrder).unwrap();
    assert_eq!(o.applicability, Applicability::Unsafe);
    assert!(o.dockerfile.contains("COPY package*.json ./\nRUN npm install\nCOPY . .\nRUN npm run build\n"), "{}", o.dockerfile);
    check_invariants(&o, ARTICLE, None, None);
    // With the manifests in the context: safe, the real files.
    let ctx = app_context();
    let o = one(ARTICLE, None, Some(&ctx), Technique::CacheOrder).unwrap();
    assert_eq!(o.applicability, Applicability::Safe);
    assert!(o.dockerfile.contains("COPY package.json package-lock.json ./\n"));
    // A context without package.json: nothing.
    let no_manifest = vec![ContextFile::new("src/index.js", 10)];
    assert!(one(ARTICLE, None, Some(&no_manifest), Technique::CacheOrder).is_none());
    // A RUN that installs and builds is split; comments stay.
    let o = one(NODE_SERVER, None, None, Technique::CacheOrder).unwrap();
    assert!(o.dockerfile.contains("COPY package*.json ./\n# Install and compile TypeScript.\nRUN npm ci\nCOPY . .\nRUN npm run build\n"), "{}", o.dockerfile);
    check_invariants(&o, NODE_SERVER, None, None);
    insta::assert_snapshot!("cache_order_node_server", snap(&o));
    let o = one(PYTHON_APP, None, None, Technique::CacheOrder).unwrap();
    assert!(o.dockerfile.contains("COPY requirements.txt ./\nRUN pip install -r requirements.txt\nCOPY . .\n"));
    check_invariants(&o, PYTHON_APP, None, None);
    // Go and Maven builds get a download step.
    let o = one(GO_APP, None, None, Technique::CacheOrder).unwrap();
    assert!(o.dockerfile.contains("COPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\nRUN go build"), "{}", o.dockerfile);
    check_invariants(&o, GO_APP, None, None);
    insta::assert_snapshot!("cache_order_go", snap(&o));
    let o = one(JAVA_APP, None, None, Technique::CacheOrder).unwrap();
    assert!(o.dockerfile.contains("COPY pom.xml ./\nRUN mvn -B dependency:go-offline\nCOPY . .\n"), "{}", o.dockerfile);
    check_invariants(&o, JAVA_APP, None, None);
    // Other ecosystems.
    for (src, copy) in [
        ("FROM ruby:3\nWORKDIR /app\nCOPY . .\nRUN bundle install\n", "COPY Gemfile Gemfile.lock* ./\nRUN bundle install\nCOPY . .\n"),
        ("FROM php:8\nWORKDIR /app\nCOPY . .\nRUN composer install\n", "COPY composer.json composer.lock* ./\n"),
        ("FROM gradle:jdk21\nWORKDIR /app\nCOPY . .\nRUN gradle build --no-daemon\n", "COPY build.gradle* settings.gradle* gradle.properties* ./\nRUN gradle dependencies --no-daemon\nCOPY . .\nRUN gradle build --no-daemon\n"),
        ("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN yarn install --frozen-lockfile\n", "COPY package.json yarn.lock* ./\n"),
        ("FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN poetry install --no-root\n", "COPY pyproject.toml poetry.lock* ./\n"),
        ("FROM node:22\nWORKDIR /app\nCOPY --chown=node:node . .\nRUN npm ci\n", "COPY --chown=node:node package*.json ./\nRUN npm ci\nCOPY --chown=node:node . .\n"),
    ] {
        let o = one(src, None, None, Technique::CacheOrder).unwrap_or_else(|| panic!("{src}"));
        assert!(o.dockerfile.contains(copy), "{src}\n---\n{}", o.dockerfile);
        check_invariants(&o, src, None, None);
    }
    // Not applicable: the install needs the sources, a WORKDIR or a RUN in
    // between, already ordered.
    for src in [
        "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install .\n",
        "FROM node:22\nCOPY . /src\nWORKDIR /src\nRUN npm ci\n",
        "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN ./configure && npm ci\n",
        "FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n",
    ] {
        assert!(one(src, None, None, Technique::CacheOrder).is_none(), "{src}");
    }
}

#[test]
fn dockerignore_never_excludes_what_a_copy_needs() {
    // Without a context: the ecosystem's usual patterns.
    let o = one(NODE_SERVER, None, None, Technique::Dockerignore).unwrap();
    let ig = o.dockerignore.clone().unwrap();
    for p in [".git", "**/node_modules", ".env*", "dist", "build"] {
        assert!(ig.lines().any(|l| l == p), "{p} missing:\n{ig}");
    }
    assert_eq!(o.dockerfile, NODE_SERVER);
    check_invariants(&o, NODE_SERVER, None, None);
    insta::assert_snapshot!("dockerignore_node_server", snap(&o));
    let o = one(PYTHON_APP, None, None, Technique::Dockerignore).unwrap();
    let ig = o.dockerignore.unwrap();
    assert!(ig.contains("**/__pycache__\n") && ig.contains(".venv\n") && !ig.contains("node_modules"), "{ig}");
    // A COPY of dist, of .env.production, a RUN that runs git: kept.
    let src = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build && git rev-parse HEAD > rev\nCOPY dist/extra.js /app/dist/\nCOPY .env.production ./\nCMD [\"node\", \"dist/server.js\"]\n";
    let o = one(src, None, None, Technique::Dockerignore).unwrap();
    let ig = o.dockerignore.unwrap();
    let lines: Vec<&str> = ig.lines().collect();
    for p in ["dist", ".env*", ".git"] {
        assert!(!lines.contains(&p), "{p} must not be excluded:\n{ig}");
    }
    assert!(lines.contains(&"build") && lines.contains(&"**/node_modules"));
    let df = slimfile::parse(src);
    let di = slimfile::dockerignore::DockerIgnore::parse(&ig);
    for inst in df.instructions.iter().filter(|i| i.keyword == slimfile::Keyword::Copy) {
        if let slimfile::Args::List(w) = &inst.args {
            for s in &w[..w.len() - 1] {
                assert!(s.value == "." || !di.is_excluded(s.value.trim_end_matches('/')), "{} excluded", s.value);
            }
        }
    }
    // With a context: only what is really there, secrets first, then by
    // size; an existing file is extended, not replaced.
    let ctx = app_context();
    let o = one(ARTICLE, Some("# mine\ncoverage\n"), Some(&ctx), Technique::Dockerignore).unwrap();
    let ig = o.dockerignore.unwrap();
    assert!(ig.starts_with("# mine\ncoverage\n# Added by slimfile optimize.\n.env*\n**/node_modules\n.git\n"), "{ig}");
    assert!(!ig.contains(".venv") && !ig.contains(".idea") && !ig.contains(".ssh"), "{ig}");
    // Rarer secrets only when they are there; the largest folders left are named.
    let mut ctx2 = ctx.clone();
    ctx2.push(ContextFile::new(".ssh/id_ed25519", 400));
    ctx2.push(ContextFile::new("data/big.bin", 50_000_000));
    let o = one(ARTICLE, None, Some(&ctx2), Technique::Dockerignore).unwrap();
    assert!(o.dockerignore.as_deref().unwrap().lines().any(|l| l == ".ssh"));
    assert!(o.caveats.iter().any(|c| c.contains("data (50.0 MB)")), "{:?}", o.caveats);
    // A RUN that reads .env.example, a CMD that runs ./venv/bin/python.
    let src = "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN cp .env.example .env && pip install -r requirements.txt\nCMD [\"./venv/bin/python\", \"app.py\"]\n";
    let ig = one(src, None, None, Technique::Dockerignore).unwrap().dockerignore.unwrap();
    assert!(!ig.lines().any(|l| l == ".env*" || l == "venv"), "{ig}");
    assert!(ig.lines().any(|l| l == ".venv"), "{ig}");
    // What the user brought back with `!` stays in.
    let o = one(ARTICLE, Some("*\n!src\n!package*.json\n!npm-debug.log\n"), Some(&ctx), Technique::Dockerignore);
    assert!(o.as_ref().is_none_or(|o| !o.dockerignore.as_deref().unwrap().contains("*.log")), "{:?}", o.map(|o| o.dockerignore));
    let o = one(NODE_SERVER, Some("*.log\n!keep.log\n!.git\n"), None, Technique::Dockerignore).unwrap();
    let ig = o.dockerignore.unwrap();
    assert!(!ig.lines().any(|l| l == ".git"), "{ig}");
    // Nothing copied from the context: nothing to do.
    assert!(one("FROM alpine:3.22\nRUN echo hi\n", None, None, Technique::Dockerignore).is_none());
}

#[test]
fn multi_stage_node_and_go() {
    // Node server: builder + slim runtime with production dependencies.
    let o = one(NODE_SERVER, None, None, Technique::MultiStage).unwrap();
    assert!(o.dockerfile.contains("FROM node:22 AS build\n"));
    assert!(o.dockerfile.contains("RUN npm prune --omit=dev\n"));
    assert!(o.dockerfile.contains("FROM node:22-slim\nENV NODE_ENV=production\nWORKDIR /usr/src/app\nCOPY --from=build /usr/src/app /usr/src/app\nUSER node\n"), "{}", o.dockerfile);
    assert!(o.dockerfile.ends_with("CMD [\"node\", \"dist/server.js\"]\n"));
    assert!(o.after.compressed_bytes < o.before.compressed_bytes);
    check_invariants(&o, NODE_SERVER, None, None);
    insta::assert_snapshot!("multi_stage_node_server", snap(&o));
    // Node SPA → nginx:alpine.
    let o = one(ARTICLE, None, None, Technique::MultiStage).unwrap();
    assert_eq!(o.after.compressed_bytes, sizedata::base_image("nginx", "alpine").unwrap().compressed);
    check_invariants(&o, ARTICLE, None, None);
    // Go → distroless/static, CGO off, shell-form ENTRYPOINT as exec form.
    let o = one(GO_APP, None, None, Technique::MultiStage).unwrap();
    assert!(o.dockerfile.contains("FROM golang:1.25 AS build\nENV CGO_ENABLED=0\n"), "{}", o.dockerfile);
    assert!(o.dockerfile.contains("FROM gcr.io/distroless/static-debian12\nWORKDIR /src\nCOPY --from=build /bin/server /bin/server\nENTRYPOINT [\"/bin/server\", \"--port\", \"8080\"]\nEXPOSE 8080\n"), "{}", o.dockerfile);
    let distroless = sizedata::base_image("gcr.io/distroless/static-debian12", "latest").unwrap();
    assert_eq!(o.after.compressed_bytes, distroless.compressed);
    check_invariants(&o, GO_APP, None, None);
    insta::assert_snapshot!("multi_stage_go", snap(&o));
    // Python → a virtualenv copied to the slim image.
    let o = one(PYTHON_APP, None, None, Technique::MultiStage).unwrap();
    assert!(o.dockerfile.contains("RUN python -m venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\"\nRUN pip install -r requirements.txt\n"), "{}", o.dockerfile);
    assert!(o.dockerfile.contains("FROM python:3.12-slim\nENV PATH=\"/opt/venv/bin:$PATH\"\nCOPY --from=build /opt/venv /opt/venv\nWORKDIR /app\nCOPY --from=build /app /app\n"), "{}", o.dockerfile);
    assert_eq!(o.after.compressed_bytes, sizedata::base_image("python", "3.12-slim").unwrap().compressed);
    check_invariants(&o, PYTHON_APP, None, None);
    insta::assert_snapshot!("multi_stage_python", snap(&o));
    // A slim image without build tools gains nothing.
    assert!(one("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n", None, None, Technique::MultiStage).is_none());
    // Java (maven) → a JRE; Rust → the builder's distribution, slim.
    let o = one(JAVA_APP, None, None, Technique::MultiStage).unwrap();
    assert!(o.dockerfile.contains("FROM eclipse-temurin:21-jre\nWORKDIR /build\nCOPY --from=build /build/target/app.jar /build/target/\nCMD [\"java\", \"-jar\", \"target/app.jar\"]\n"), "{}", o.dockerfile);
    assert_eq!(o.after.compressed_bytes, sizedata::base_image("eclipse-temurin", "21-jre").unwrap().compressed);
    check_invariants(&o, JAVA_APP, None, None);
    insta::assert_snapshot!("multi_stage_java", snap(&o));
    let o = one(RUST_APP, None, None, Technique::MultiStage).unwrap();
    assert!(o.dockerfile.contains("FROM debian:trixie-slim\nWORKDIR /usr/src/app\nCOPY --from=build /usr/local/cargo/bin/myapp /usr/local/cargo/bin/\nCMD [\"myapp\"]\n"), "{}", o.dockerfile);
    assert!(o.after.compressed_bytes < o.before.compressed_bytes);
    check_invariants(&o, RUST_APP, None, None);
    insta::assert_snapshot!("multi_stage_rust", snap(&o));
    // Not applicable: already multi-stage, no build step, shell syntax in
    // the Go entrypoint, a Go build without -o.
    for src in [
        "FROM node:22 AS b\nRUN npm run build\nFROM nginx:alpine\nCOPY --from=b /x /y\n",
        "FROM node:22\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"server.js\"]\n",
        "FROM golang:1.25\nCOPY . .\nRUN go build -o /app .\nCMD /app --x=$PORT\n",
        "FROM golang:1.25\nCOPY . .\nRUN go build .\nCMD [\"/go/app\"]\n",
        "FROM node:22\nCOPY . .\nRUN npm ci && npm run build\nCMD [\"node\", \"dist/server.js\"]\n",
        "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
    ] {
        assert!(one(src, None, None, Technique::MultiStage).is_none(), "{src}");
    }
}

#[test]
fn run_consolidates_package_steps() {
    let o = one(APT_RUNS, None, None, Technique::Run).unwrap();
    assert!(o.dockerfile.contains("# Tools for the healthcheck.\nRUN apt-get update && \\\n    apt-get install --no-install-recommends -y curl ca-certificates && \\\n    rm -rf /var/lib/apt/lists/* && \\\n    pip3 install --no-cache-dir requests\n"), "{}", o.dockerfile);
    assert!(o.after.compressed_bytes < o.before.compressed_bytes, "{} -> {}", show(&o.before), show(&o.after));
    check_invariants(&o, APT_RUNS, None, None);
    insta::assert_snapshot!("run_apt", snap(&o));
    let o = one(APK_RUNS, None, None, Technique::Run).unwrap();
    assert_eq!(o.dockerfile, "FROM alpine:3.22\nRUN apk update && \\\n    apk add --no-cache curl && \\\n    rm -rf /var/cache/apk/*\nENTRYPOINT [\"curl\"]\n");
    check_invariants(&o, APK_RUNS, None, None);
    // The cache-mount variant.
    let ts = [Technique::Run];
    let input = OptimizeInput { cache_mounts: true, ..only(APT_RUNS, &ts) };
    let o = optimize(&input).pop().unwrap();
    assert!(o.dockerfile.contains("RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/root/.cache/pip rm -f /etc/apt/apt.conf.d/docker-clean && \\\n    apt-get update && \\\n    apt-get install --no-install-recommends -y curl ca-certificates && \\\n    rm -rf /var/lib/apt/lists/* && \\\n    pip3 install requests\n"), "{}", o.dockerfile);
    let again = optimize(&OptimizeInput { cache_mounts: true, ..only(&o.dockerfile, &ts) });
    assert!(again.is_empty(), "{:?}", again.first().map(|a| &a.dockerfile));
    insta::assert_snapshot!("run_cache_mounts", snap(&o));
    // RUNs that are each complete are not merged (each gets its own fixes).
    let src = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\n";
    let o = one(src, None, None, Technique::Run).unwrap();
    assert_eq!(o.dockerfile, src.replacen("install -y curl", "install --no-install-recommends -y curl", 1));
    // Already good, or not a package RUN: nothing.
    for src in [
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
        "FROM debian:bookworm-slim\nRUN cd /x && make\nRUN make install\n",
        "FROM alpine:3.22\nRUN apk add --no-cache curl\n",
    ] {
        assert!(one(src, None, None, Technique::Run).is_none(), "{src}");
    }
}

#[test]
fn pipelines_on_the_fixtures() {
    for (name, src) in [("node_server", NODE_SERVER), ("python", PYTHON_APP), ("go", GO_APP), ("java", JAVA_APP), ("rust", RUST_APP), ("static_site", STATIC_SITE)] {
        let p = optimize_all(&OptimizeInput::new(src));
        println!("{name}: {} -> {} ({} steps)", show(&p.before), show(&p.after), p.steps.len());
        assert!(!p.steps.is_empty(), "{name}");
        assert!(adds_errors((src, None), (&p.dockerfile, p.dockerignore.as_deref())).is_empty(), "{name}");
        assert!(lost_comments(src, &p.dockerfile).is_empty(), "{name}");
        assert!(p.after.compressed_bytes <= p.before.compressed_bytes, "{name}");
        insta::assert_snapshot!(format!("pipeline_{name}"), snap_pipeline(&p));
    }
}

#[test]
fn crlf_files_stay_crlf() {
    let src = ARTICLE.replace('\n', "\r\n");
    let p = optimize_all(&OptimizeInput { dockerignore: Some("x\r\n"), ..OptimizeInput::new(&src) });
    assert_eq!(p.steps.len(), 4);
    assert!(!p.dockerfile.replace("\r\n", "").contains('\n'), "{:?}", p.dockerfile);
    assert!(!p.dockerignore.unwrap().replace("\r\n", "").contains('\n'));
    assert!(p.dockerfile.contains("FROM nginx:alpine\r\n"));
}

// ---- any input ---------------------------------------------------------

mod never_panics {
    use proptest::prelude::*;
    use slimfile::optimize::{adds_errors, optimize_all, OptimizeInput};

    fn fragment() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("FROM node:latest"),
            Just("FROM golang:1.25 AS b"),
            Just("FROM python:3.12"),
            Just("FROM b"),
            Just("FROM $X"),
            Just("WORKDIR /app"),
            Just("WORKDIR $W"),
            Just("COPY . ."),
            Just("COPY --chown=1:1 ./ /srv/"),
            Just("COPY dist /x"),
            Just("COPY --from=b / /"),
            Just("RUN npm ci && npm run build"),
            Just("RUN npm install"),
            Just("RUN pip install -r requirements.txt"),
            Just("RUN go build -o /bin/app ."),
            Just("RUN apt-get update"),
            Just("RUN apt-get install -y curl"),
            Just("RUN rm -rf /var/lib/apt/lists/*"),
            Just("RUN apk add curl"),
            Just("RUN --mount=type=cache,target=/root/.npm npm ci"),
            Just("RUN <<EOF"),
            Just("EOF"),
            Just("CMD [\"npx\", \"serve\", \"-s\", \"build\"]"),
            Just("CMD /bin/app --x"),
            Just("ENTRYPOINT [\"node\""),
            Just("ENV A=1"),
            Just("USER node"),
            Just("# a comment"),
            Just("ONBUILD RUN x"),
            Just("\\"),
            Just("é[*?"),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
        #[test]
        fn optimize_never_panics_nor_breaks(lines in proptest::collection::vec(fragment(), 0..10), ctx in any::<bool>()) {
            let src = lines.join("\n") + "\n";
            let files = vec![
                slimfile::estimate::ContextFile::new("package.json", 10),
                slimfile::estimate::ContextFile::new("requirements.txt", 10),
                slimfile::estimate::ContextFile::new("node_modules/a.js", 1000),
                slimfile::estimate::ContextFile::new("../[*?", 1),
            ];
            let input = OptimizeInput { context: ctx.then_some(files.as_slice()), dockerignore: Some("!x\n"), ..OptimizeInput::new(&src) };
            let p = optimize_all(&input);
            prop_assert!(adds_errors((&src, Some("!x\n")), (&p.dockerfile, p.dockerignore.as_deref())).is_empty());
        }
    }
}
