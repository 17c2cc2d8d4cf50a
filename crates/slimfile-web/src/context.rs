//! The build context of a dropped project folder: what `docker build` would
//! send, what the `.dockerignore` leaves out, the largest files, files that
//! look like secrets, and the context size before and after a suggested
//! `.dockerignore`. Pure: the folder is read by
//! `components::ContextPanel` (names and sizes only, plus the text of a
//! `.dockerignore` at the root), locally, and never sent anywhere.
//!
//! The listing is the core estimator's own type
//! ([`slimfile::estimate::ContextFile`]: `/`-separated path relative to the
//! folder, size in bytes), the same the CLI's `estimate --context DIR`
//! builds, so the lead can pass it to `slimfile::estimate::estimate` for
//! exact COPY sizes. Matching uses the core's Docker-exact
//! [`slimfile::dockerignore::DockerIgnore`].
//!
//! The suggested `.dockerignore` here is a simple list of common junk; the
//! core's `optimize` work is building a richer generator, which should
//! replace [`suggest`] when it lands.
//!
//! Wiring (for `App`): keep `Option<Rc<Listing>>` in the state
//! (`Action::SetContext(Listing)` from `ContextPanel`'s `on_listing`), pass
//! `Some(&listing.files)` as the estimator's context, and if the listing has
//! a `.dockerignore` and the editor's is empty, offer to load it.

use slimfile::dockerignore::DockerIgnore;
use slimfile::estimate::ContextFile;

/// At most this many files are listed (the walk stops and says so).
pub const MAX_FILES: usize = 20_000;
/// A `.dockerignore` larger than this is not read.
pub const MAX_IGNORE_BYTES: u64 = 1024 * 1024;
/// How many files [`ContextReport::largest`] lists.
pub const LARGEST: usize = 15;

/// A dropped folder: its files, and its root `.dockerignore`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    /// The folder's name (for display).
    pub root: String,
    pub files: Vec<ContextFile>,
    /// The text of `.dockerignore` at the folder's root, if any.
    pub dockerignore: Option<String>,
    /// The walk stopped at [`MAX_FILES`]: sizes are too low.
    pub truncated: bool,
}

/// A file that looks like it holds a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretFile {
    pub path: String,
    pub size: u64,
    pub why: &'static str,
    /// The build would send it (the `.dockerignore` does not exclude it).
    pub sent: bool,
}

/// A line of the suggested `.dockerignore` and what it would leave out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub pattern: &'static str,
    pub why: &'static str,
    pub files: usize,
    pub bytes: u64,
}

/// Counts and sizes of a set of files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub files: usize,
    pub bytes: u64,
}

impl Tally {
    fn add(&mut self, size: u64) {
        self.files += 1;
        self.bytes = self.bytes.saturating_add(size);
    }
}

/// Everything the context panel shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContextReport {
    pub all: Tally,
    /// What the build sends with the current `.dockerignore`.
    pub sent: Tally,
    pub excluded: Tally,
    /// (pattern line, files it decided to exclude), most bytes first.
    pub excluded_by: Vec<(String, Tally)>,
    /// The largest files sent, biggest first.
    pub largest: Vec<ContextFile>,
    /// The largest top-level entries sent (a directory's sum), biggest first.
    pub largest_dirs: Vec<(String, Tally)>,
    pub secrets: Vec<SecretFile>,
    /// Problems Docker has with the `.dockerignore`.
    pub ignore_problems: Vec<String>,
    /// Lines to add (each leaves out at least one file that is sent now).
    pub suggestions: Vec<Suggestion>,
    /// The current `.dockerignore` plus the suggested lines.
    pub suggested_dockerignore: String,
    /// What the build would send with the suggested `.dockerignore`.
    pub sent_after: Tally,
}

/// A file size in decimal units (B, kB, MB, the CLI's MB): `512 B`,
/// `4.1 kB`, `48.0 MB`.
pub fn format_size(bytes: u64) -> String {
    if bytes < 1_000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{} kB", slimfile::numfmt::fixed(bytes as f64 / 1_000.0, 1))
    } else {
        crate::size_view::format_mb(bytes)
    }
}

/// The last path component.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Why a file looks like it holds a secret, if it does.
pub fn secret_reason(path: &str) -> Option<&'static str> {
    let name = file_name(path).to_ascii_lowercase();
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let harmless = ["example", "sample", "template", "dist", "defaults"];
    let env_file = name == ".env"
        || (name.starts_with(".env.") && !harmless.contains(&ext))
        || (name.ends_with(".env") && !name.contains("example"));
    if env_file {
        return Some("environment file (often holds passwords and tokens)");
    }
    if ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"].contains(&name.as_str()) {
        return Some("SSH private key");
    }
    if ["pem", "key", "p12", "pfx", "jks", "keystore", "kdbx", "ppk", "asc", "gpg"].contains(&ext) {
        return Some("key or certificate store");
    }
    if [".npmrc", ".pypirc", ".netrc", ".git-credentials", ".htpasswd", ".dockercfg", "credentials", "credentials.json"]
        .contains(&name.as_str())
        || path.ends_with(".docker/config.json")
        || path.ends_with(".aws/credentials")
    {
        return Some("credentials file");
    }
    if name.starts_with("secret") || name.starts_with("service-account") || name.starts_with("service_account") {
        return Some("file named like a secret");
    }
    if ext == "tfstate" || name.ends_with(".tfstate.backup") {
        return Some("Terraform state (holds secrets in clear text)");
    }
    None
}

/// Common junk for a build context: (pattern, why, only when a directory or
/// file of this name exists; the pattern is offered only if it matches).
const JUNK: &[(&str, &str)] = &[
    (".git", "version-control history"),
    ("**/node_modules", "installed dependencies: the build installs its own"),
    ("**/.env", "environment files with secrets"),
    ("**/.env.*", "environment files with secrets"),
    ("**/*.log", "logs"),
    ("logs", "logs"),
    ("**/__pycache__", "Python bytecode caches"),
    ("**/*.pyc", "Python bytecode"),
    (".venv", "a Python virtual environment"),
    ("venv", "a Python virtual environment"),
    ("dist", "build output"),
    ("build", "build output"),
    ("target", "build output (Rust, Java)"),
    ("coverage", "test coverage reports"),
    (".pytest_cache", "test caches"),
    (".idea", "editor settings"),
    (".vscode", "editor settings"),
    ("**/.DS_Store", "macOS folder metadata"),
    ("**/*.pem", "keys"),
    ("**/*.key", "keys"),
    ("**/id_rsa", "SSH private key"),
];

/// The COPY/ADD source words of a Dockerfile (not `--from`), `./` removed.
fn copy_sources(dockerfile: Option<&str>) -> Vec<String> {
    let Some(text) = dockerfile else { return Vec::new() };
    let df = slimfile::parse(text);
    let mut out = Vec::new();
    for i in &df.instructions {
        if matches!(i.keyword, slimfile::Keyword::Copy | slimfile::Keyword::Add) && i.flag("from").is_none() {
            if let Some(args) = df.source.get(i.args_range.start..i.args_range.end) {
                out.extend(args.split_whitespace().map(|w| w.trim_start_matches("./").to_string()));
            }
        }
    }
    out
}

/// Whether the Dockerfile copies what `pattern` names (`COPY dist/ ...`).
fn copied_by(sources: &[String], pattern: &str) -> bool {
    let word = pattern.trim_start_matches("**/");
    !word.contains('*') && sources.iter().any(|w| w == word || w.starts_with(&format!("{word}/")))
}

/// A junk pattern compiled once, with a literal every path it matches
/// contains (a cheap test before the matcher: 20,000 files × 20 patterns).
struct Junk {
    pattern: &'static str,
    why: &'static str,
    needle: &'static str,
    ignore: DockerIgnore,
}

impl Junk {
    fn matches(&self, path: &str) -> bool {
        path.contains(self.needle) && self.ignore.is_excluded(path)
    }
}

fn junk_patterns(sources: &[String]) -> Vec<Junk> {
    JUNK.iter()
        .filter(|(p, _)| !copied_by(sources, p))
        .map(|&(pattern, why)| {
            let lit = pattern.trim_start_matches("**/").trim_start_matches('*');
            let needle = lit.split('*').next().unwrap_or(lit);
            Junk { pattern, why, needle, ignore: DockerIgnore::parse(pattern) }
        })
        .collect()
}

/// Suggested lines: junk that is sent now, not copied by the Dockerfile.
pub fn suggest(files: &[ContextFile], current: Option<&DockerIgnore>, dockerfile: Option<&str>) -> Vec<Suggestion> {
    let sent: Vec<&ContextFile> = files.iter().filter(|f| !current.is_some_and(|i| i.is_excluded(&f.path))).collect();
    suggest_in(&sent, &junk_patterns(&copy_sources(dockerfile)))
}

fn suggest_in(sent: &[&ContextFile], junk: &[Junk]) -> Vec<Suggestion> {
    let mut out = Vec::new();
    for j in junk {
        let mut t = Tally::default();
        for f in sent {
            if j.matches(&f.path) {
                t.add(f.size);
            }
        }
        if t.files > 0 {
            out.push(Suggestion { pattern: j.pattern, why: j.why, files: t.files, bytes: t.bytes });
        }
    }
    out
}

/// Analyses a listing against a `.dockerignore` text (the editor's; `None`
/// when there is none) and the Dockerfile (so the suggestion never leaves
/// out what it copies).
pub fn analyze(files: &[ContextFile], dockerignore: Option<&str>, dockerfile: Option<&str>) -> ContextReport {
    let ignore = dockerignore.map(DockerIgnore::parse);
    let mut r = ContextReport::default();
    let mut by_pattern: Vec<Tally> = vec![Tally::default(); ignore.as_ref().map_or(0, |i| i.patterns.len())];
    let mut sent_files: Vec<&ContextFile> = Vec::new();
    let mut dirs: Vec<(String, Tally)> = Vec::new();
    for f in files {
        r.all.add(f.size);
        let decided = ignore.as_ref().and_then(|i| i.deciding_pattern(&f.path).map(|p| (p, i.patterns[p].negated)));
        let excluded = matches!(decided, Some((_, false)));
        if let Some(reason) = secret_reason(&f.path) {
            r.secrets.push(SecretFile { path: f.path.clone(), size: f.size, why: reason, sent: !excluded });
        }
        if excluded {
            r.excluded.add(f.size);
            if let Some((p, _)) = decided {
                by_pattern[p].add(f.size);
            }
            continue;
        }
        r.sent.add(f.size);
        sent_files.push(f);
        let top = match f.path.split_once('/') {
            Some((d, _)) => format!("{d}/"),
            None => f.path.clone(),
        };
        match dirs.iter_mut().find(|(d, _)| *d == top) {
            Some((_, t)) => t.add(f.size),
            None => {
                let mut t = Tally::default();
                t.add(f.size);
                dirs.push((top, t));
            }
        }
    }
    if let Some(i) = &ignore {
        let text = dockerignore.unwrap_or("");
        r.excluded_by = i
            .patterns
            .iter()
            .zip(&by_pattern)
            .filter(|(_, t)| t.files > 0)
            .map(|(p, t)| (text.get(p.range.start..p.range.end).unwrap_or(&p.pattern).to_string(), *t))
            .collect();
        slimfile::sort::sort_by_key(&mut r.excluded_by, |(_, t)| std::cmp::Reverse(t.bytes));
        r.ignore_problems = i.diagnostics.iter().map(|d| d.message.clone()).collect();
    }
    let mut largest = sent_files.clone();
    slimfile::sort::sort_by(&mut largest, |a, b| b.size.cmp(&a.size).then_with(|| a.path.cmp(&b.path)));
    r.largest = largest.into_iter().take(LARGEST).cloned().collect();
    slimfile::sort::sort_by(&mut dirs, |a, b| b.1.bytes.cmp(&a.1.bytes).then_with(|| a.0.cmp(&b.0)));
    dirs.truncate(LARGEST);
    r.largest_dirs = dirs;
    slimfile::sort::sort_by(&mut r.secrets, |a, b| b.sent.cmp(&a.sent).then_with(|| a.path.cmp(&b.path)));
    let junk = junk_patterns(&copy_sources(dockerfile));
    r.suggestions = suggest_in(&sent_files, &junk);
    let mut text = dockerignore.unwrap_or("").to_string();
    if !r.suggestions.is_empty() {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str("# suggested by slimfile\n");
        for s in &r.suggestions {
            text.push_str(s.pattern);
            text.push('\n');
        }
    }
    // The added lines come last and exclude, so they decide for every path
    // they match; the others keep today's verdict.
    let added: Vec<&Junk> = junk.iter().filter(|j| r.suggestions.iter().any(|s| s.pattern == j.pattern)).collect();
    let mut after = Tally::default();
    for f in &sent_files {
        if !added.iter().any(|j| j.matches(&f.path)) {
            after.add(f.size);
        }
    }
    r.sent_after = after;
    r.suggested_dockerignore = text;
    r
}

/// Adds a file to a listing being built, unless the cap is reached
/// (then marks it truncated). Returns false once the walk should stop.
pub fn push_file(listing: &mut Listing, path: &str, size: u64) -> bool {
    if listing.files.len() >= MAX_FILES {
        listing.truncated = true;
        return false;
    }
    let path = path.trim_start_matches('/');
    if !path.is_empty() {
        listing.files.push(ContextFile::new(path, size));
    }
    true
}

/// `folder/sub/file` (as `webkitRelativePath` gives it) without the first
/// component, the folder's own name.
pub fn strip_root(relative: &str) -> (&str, &str) {
    let relative = relative.trim_start_matches('/');
    match relative.split_once('/') {
        Some((root, rest)) => (root, rest),
        None => ("", relative),
    }
}
