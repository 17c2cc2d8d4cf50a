//! The build-context report of a dropped folder: sent vs excluded with the
//! core's .dockerignore matcher, largest files, secret-looking files, and
//! the suggested .dockerignore with the size after it.

use slimfile::estimate::ContextFile;
use slimfile_web::context::{analyze, format_size, push_file, secret_reason, strip_root, Listing, MAX_FILES};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn f(p: &str, s: u64) -> ContextFile {
    ContextFile::new(p, s)
}

fn project() -> Vec<ContextFile> {
    vec![
        f("package.json", 1_000),
        f("index.js", 5_000),
        f("src/app.js", 20_000),
        f(".env", 100),
        f(".env.example", 100),
        f("certs/server.pem", 2_000),
        f("node_modules/a/index.js", 3_000_000),
        f("node_modules/b/index.js", 2_000_000),
        f(".git/objects/pack/p.pack", 40_000_000),
        f("logs/app.log", 7_000_000),
        f("dist/bundle.js", 900_000),
    ]
}

#[wasm_bindgen_test(unsupported = test)]
fn sent_and_excluded_follow_the_dockerignore() {
    let r = analyze(&project(), Some("node_modules\n*.log\n"), None);
    assert_eq!(r.all.files, 11);
    assert_eq!(r.excluded.files, 2, "node_modules (2 files); *.log matches only at the root");
    assert_eq!(r.excluded.bytes, 5_000_000);
    assert_eq!(r.sent.files, 9);
    assert_eq!(r.sent.bytes + r.excluded.bytes, r.all.bytes);
    assert_eq!(r.excluded_by, vec![("node_modules".to_string(), slimfile_web::context::Tally { files: 2, bytes: 5_000_000 })]);
    // Largest sent files first.
    assert_eq!(r.largest[0].path, ".git/objects/pack/p.pack");
    assert_eq!(r.largest[1].path, "logs/app.log");
    assert!(r.largest.windows(2).all(|w| w[0].size >= w[1].size));
    assert!(!r.largest.iter().any(|x| x.path.starts_with("node_modules")));
    assert_eq!(r.largest_dirs[0].0, ".git/");
}

#[wasm_bindgen_test(unsupported = test)]
fn without_a_dockerignore_everything_is_sent() {
    let r = analyze(&project(), None, None);
    assert_eq!(r.sent, r.all);
    assert!(r.excluded_by.is_empty());
}

#[wasm_bindgen_test(unsupported = test)]
fn secret_looking_files() {
    let r = analyze(&project(), Some("**/*.pem\n"), None);
    let names: Vec<(&str, bool)> = r.secrets.iter().map(|s| (s.path.as_str(), s.sent)).collect();
    assert_eq!(names, vec![(".env", true), ("certs/server.pem", false)]);
    for p in ["id_rsa", "a/.npmrc", "x/credentials.json", "prod.env", ".env.local", "k.key", ".aws/credentials", "terraform.tfstate"] {
        assert!(secret_reason(p).is_some(), "{p}");
    }
    for p in [".env.example", "id_rsa.pub", "src/keyboard.js", "environment.ts", "README.md", "key.js"] {
        assert!(secret_reason(p).is_none(), "{p}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn suggested_dockerignore_shrinks_the_context() {
    let df = "FROM node:22\nCOPY dist/ /app/dist\nCMD [\"node\"]\n";
    let r = analyze(&project(), Some("node_modules"), Some(df));
    let pats: Vec<&str> = r.suggestions.iter().map(|s| s.pattern).collect();
    assert!(pats.contains(&".git") && pats.contains(&"logs") && pats.contains(&"**/.env"), "{pats:?}");
    assert!(pats.contains(&"**/*.pem"));
    // dist is copied by the Dockerfile: never suggested.
    assert!(!pats.contains(&"dist"), "{pats:?}");
    // node_modules is already excluded: nothing more to gain.
    assert!(!pats.contains(&"**/node_modules"));
    assert!(r.suggested_dockerignore.starts_with("node_modules\n# suggested by slimfile\n"), "{}", r.suggested_dockerignore);
    // The "after" size is computed with the suggested text by the core's matcher.
    let again = analyze(&project(), Some(&r.suggested_dockerignore), Some(df));
    assert_eq!(again.sent, r.sent_after);
    assert!(again.suggestions.is_empty());
    assert_eq!(r.sent_after.bytes, 1_000 + 5_000 + 20_000 + 900_000);
    assert!(r.sent_after.bytes < r.sent.bytes);
}

#[wasm_bindgen_test(unsupported = test)]
fn the_listing_feeds_the_estimator() {
    let files = project();
    let df = slimfile::parse("FROM node:22\nCOPY src /app/src\n");
    let ignore = slimfile::dockerignore::DockerIgnore::parse("node_modules\n");
    let est = slimfile::estimate::estimate(&df, Some(&ignore), Some(&files), None);
    let copy = &est.stages[0].layers[0].size;
    assert!(copy.known);
    assert_eq!(copy.uncompressed_bytes, 20_000);
}

#[wasm_bindgen_test(unsupported = test)]
fn listing_cap_and_paths() {
    let mut l = Listing::default();
    for i in 0..MAX_FILES {
        assert!(push_file(&mut l, &format!("f{i}"), 1));
    }
    assert!(!l.truncated);
    assert!(!push_file(&mut l, "one-more", 1));
    assert!(l.truncated);
    assert_eq!(l.files.len(), MAX_FILES);
    assert_eq!(strip_root("my-app/src/a.js"), ("my-app", "src/a.js"));
    assert_eq!(strip_root("lonely.txt"), ("", "lonely.txt"));
    let mut l = Listing::default();
    push_file(&mut l, "/abs", 3);
    assert_eq!(l.files[0].path, "abs");
}

#[wasm_bindgen_test(unsupported = test)]
fn sizes_in_decimal_units() {
    assert_eq!(format_size(0), "0 B");
    assert_eq!(format_size(999), "999 B");
    assert_eq!(format_size(4_100), "4.1 kB");
    assert_eq!(format_size(48_000_000), "48.0 MB");
}

#[wasm_bindgen_test(unsupported = test)]
fn the_after_size_is_what_the_suggested_file_gives() {
    let mut files = project();
    files.push(f("logs/keep.log", 10));
    files.push(f("a/b/__pycache__/m.pyc", 70));
    files.push(f("README.md", 30));
    for current in [None, Some(""), Some("*.log\n!logs/keep.log\n"), Some("**\n!src\n"), Some("!.git\n.git/objects\n"), Some("node_modules")] {
        let r = analyze(&files, current, Some("FROM x\nCOPY . .\n"));
        let again = analyze(&files, Some(&r.suggested_dockerignore), Some("FROM x\nCOPY . .\n"));
        assert_eq!(again.sent, r.sent_after, "{current:?}");
        assert!(r.sent_after.bytes <= r.sent.bytes);
    }
}
