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

/// Every official-image and app Dockerfile of the corpus, with the
/// `.dockerignore` beside it.
fn corpus_dockerfiles(corpus: &std::path::Path) -> Vec<(String, String, Option<String>)> {
    let mut out = Vec::new();
    let mut stack = vec![corpus.join("official-images"), corpus.join("apps")];
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
    assert!(files.len() > 600, "expected the official-image and app Dockerfiles, found {}", files.len());
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
