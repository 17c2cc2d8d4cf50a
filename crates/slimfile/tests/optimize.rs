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
