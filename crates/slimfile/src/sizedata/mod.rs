//! Embedded size data for the image-size estimator: base-image sizes, Debian
//! package metadata with dependency closures, Alpine package sizes, and the
//! package sets base images already contain.
//!
//! The data lives in the crate's own `data/` folder (`crates/slimfile/data/`,
//! so that the packaged crate builds; regenerate it with
//! `scripts/gen-debian-packages.py`; every file starts with its provenance).
//! It is embedded as plain text with `include_str!` (the core has no
//! dependencies, so no gzip; the web server compresses the wasm anyway) and
//! parsed once, on first use. Nothing here panics: a malformed line is
//! skipped, and a lookup that finds nothing returns `None`.
//!
//! The two Debian package tables are embedded only with the `embedded-data`
//! feature (on by default). Without it (the web app, whose first load they
//! would weigh ~92 KB gzipped) a shell fetches `data/<debian_data_file>` and
//! installs it with [`provide_debian`]; until then [`debian_packages`] is
//! `None` for that suite, [`missing_debian_data`] names it, and the
//! estimator leaves the apt part of a layer unknown, saying why.
//!
//! ```
//! use slimfile::sizedata;
//! let node = sizedata::base_image("node", "lts").unwrap();
//! assert_eq!(node.resolved_tag, "24");
//! // `None` without the `embedded-data` feature until provided.
//! if let Some(db) = sizedata::debian_packages("bookworm") {
//!     let added = db.install_closure(&["curl"], false, &db.minbase());
//!     assert!(added.packages.contains(&"libcurl4"));
//! }
//! ```

mod alpine;
mod base;
mod debian;

use std::sync::OnceLock;

pub use alpine::AlpinePackage;
pub use base::{BaseImage, OsFamily};
pub use debian::{normalize_name, Closure, Package, PackageDb, PackageSet, Priority};

use crate::semantic::image::ImageRef;
use alpine::AlpineTable;
use base::BaseTable;

const BASE_IMAGES: &str = include_str!("../../data/base-images.tsv");
#[cfg(feature = "embedded-data")]
const DEBIAN_BOOKWORM: &str = include_str!("../../data/debian-bookworm.pkgs");
#[cfg(feature = "embedded-data")]
const DEBIAN_TRIXIE: &str = include_str!("../../data/debian-trixie.pkgs");
const ALPINE_PACKAGES: &str = include_str!("../../data/alpine-packages.tsv");
const BASE_PACKAGE_SEEDS: &str = include_str!("../../data/base-package-seeds.tsv");

fn base_table() -> &'static BaseTable {
    static T: OnceLock<BaseTable> = OnceLock::new();
    T.get_or_init(|| BaseTable::parse(BASE_IMAGES))
}

fn alpine_table() -> &'static AlpineTable {
    static T: OnceLock<AlpineTable> = OnceLock::new();
    T.get_or_init(|| AlpineTable::parse(ALPINE_PACKAGES))
}

/// The base image `image:tag` as the data knows it, through the row's own tag
/// or one of its aliases (`node:lts`, `python:3.12-slim-trixie`,
/// `debian:12`). `image` may be spelled `node`, `library/node` or
/// `docker.io/library/node`; an empty tag means `latest`. `None` for an unknown
/// image or tag (see [`closest_base`]).
pub fn base_image(image: &str, tag: &str) -> Option<&'static BaseImage> {
    base_table().lookup(image, tag)
}

/// [`base_image`] for a parsed reference (`FROM node:22-slim`). A reference
/// with a digest and no tag gives `None` (the digest says nothing about size).
pub fn base_image_ref(reference: &ImageRef) -> Option<&'static BaseImage> {
    base_image(&reference.familiar_name(), reference.effective_tag()?)
}

/// The nearest known row for a tag the data lacks, with its `image:tag`:
/// same image, never across alpine/glibc or slim/full, then the fewest other
/// differing tag words (`jdk`, `fpm`), the closest version, the closest Debian
/// suite. Exact matches come back as themselves. `None` when the image is
/// unknown or has no row of the same alpine/slim kind.
pub fn closest_base(image: &str, tag: &str) -> Option<(String, &'static BaseImage)> {
    base_table().closest(image, tag)
}

/// Every base-image row.
pub fn base_images() -> &'static [BaseImage] {
    &base_table().rows
}

/// The Debian suites slimfile has package data for, embedded or provided.
pub const DEBIAN_SUITES: [&str; 2] = ["bookworm", "trixie"];

static BOOKWORM: OnceLock<Option<PackageDb>> = OnceLock::new();
static TRIXIE: OnceLock<Option<PackageDb>> = OnceLock::new();

/// The canonical suite name and its table's slot.
fn debian_slot(suite: &str) -> Option<(&'static str, &'static OnceLock<Option<PackageDb>>)> {
    match suite {
        "bookworm" | "12" => Some(("bookworm", &BOOKWORM)),
        "trixie" | "13" => Some(("trixie", &TRIXIE)),
        _ => None,
    }
}

/// Package data for a Debian suite (`bookworm`/`12`, `trixie`/`13`).
/// Without the `embedded-data` feature, `None` until [`provide_debian`] has
/// installed the suite's table.
pub fn debian_packages(suite: &str) -> Option<&'static PackageDb> {
    let (_name, slot) = debian_slot(suite)?;
    #[cfg(feature = "embedded-data")]
    {
        let text = if _name == "bookworm" {
            DEBIAN_BOOKWORM
        } else {
            DEBIAN_TRIXIE
        };
        slot.get_or_init(|| PackageDb::parse(_name, text)).as_ref()
    }
    #[cfg(not(feature = "embedded-data"))]
    {
        slot.get()?.as_ref()
    }
}

/// The file under `data/` that holds a suite's package table
/// (`debian-bookworm.pkgs`), for a shell to fetch; `None` for a suite
/// slimfile has no data for.
pub fn debian_data_file(suite: &str) -> Option<&'static str> {
    match debian_slot(suite)?.0 {
        "bookworm" => Some("debian-bookworm.pkgs"),
        _ => Some("debian-trixie.pkgs"),
    }
}

/// Installs a suite's package table (the text of [`debian_data_file`]) at
/// run time. Idempotent: a suite already loaded (or embedded) stays as it is
/// and gives `Ok`. A text that is not the suite's well-formed table (another
/// suite, a cut-off download, an error page) is an `Err` with the reason, and
/// nothing is installed. The accepted text is kept for the life of the
/// process (each suite at most once).
pub fn provide_debian(suite: &str, text: String) -> Result<(), String> {
    let Some((name, slot)) = debian_slot(suite) else {
        return Err(format!(
            "no Debian package data for suite `{suite}` (known: bookworm, trixie)"
        ));
    };
    // One provider at a time, so that a suite's text is leaked at most once.
    static PROVIDING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = PROVIDING.lock().unwrap_or_else(|e| e.into_inner());
    if debian_packages(name).is_some() {
        return Ok(());
    }
    let db = checked_table(name, text)?;
    // Unset here: the slot is only set under this lock (or, embedded, by
    // `debian_packages` above).
    let _ = slot.set(Some(db));
    Ok(())
}

/// A run-time table: checked strictly on the borrowed text, then kept for
/// the life of the process and parsed like an embedded one.
fn checked_table(suite: &'static str, text: String) -> Result<PackageDb, String> {
    debian::validate(suite, &text)?;
    let text: &'static str = Box::leak(text.into_boxed_str());
    PackageDb::parse(suite, text).ok_or_else(|| format!("Debian {suite} package data has no package line"))
}

/// Whether a suite's table is loaded (always, with `embedded-data`).
pub fn debian_loaded(suite: &str) -> bool {
    debian_packages(suite).is_some()
}

/// The Debian suites an estimate of `df` would consult that are not loaded
/// yet (always empty with the `embedded-data` feature): the suites whose
/// package data the apt layers (or the Debian size proxy of Alpine packages)
/// of the target image need. After [`provide_debian`] for each, a new
/// analysis gives the same figures as with embedded data.
pub fn missing_debian_data(df: &crate::Dockerfile) -> Vec<&'static str> {
    if DEBIAN_SUITES.iter().all(|s| debian_loaded(s)) {
        return Vec::new();
    }
    crate::estimate::missing_debian_suites(df)
}

/// The embedded Debian suite to use for a distribution codename, and whether
/// that is an approximation: bookworm/trixie are themselves; older Debian
/// maps to bookworm, newer to trixie; Ubuntu maps to the Debian suite of about
/// the same age (jammy/focal → bookworm, noble/resolute → trixie), always
/// approximate (other versions, other package splits, no Priority-based base).
pub fn debian_suite_for(codename: &str) -> Option<(&'static str, bool)> {
    Some(match codename {
        "bookworm" | "12" => ("bookworm", false),
        "trixie" | "13" => ("trixie", false),
        "buster" | "bullseye" | "10" | "11" => ("bookworm", true),
        "forky" | "sid" | "testing" | "unstable" => ("trixie", true),
        "focal" | "jammy" | "20.04" | "22.04" => ("bookworm", true),
        "noble" | "resolute" | "24.04" | "26.04" => ("trixie", true),
        _ => return None,
    })
}

/// An Alpine package's installed size, newest release seen.
pub fn alpine_package(name: &str) -> Option<&'static AlpinePackage> {
    alpine_table().get(name, None)
}

/// An Alpine package's installed size in the release closest to
/// `alpine_version` (`3.24`, `3.24.2`).
pub fn alpine_package_in(name: &str, alpine_version: &str) -> Option<&'static AlpinePackage> {
    alpine_table().get(name, Some(alpine_version))
}

/// The documented fallback for an Alpine package the table lacks: the median
/// installed size of the known packages (low confidence). The table only
/// covers packages seen in official `*-alpine` images.
pub fn alpine_fallback_bytes() -> u64 {
    alpine_table().median
}

/// The dpkg `path-exclude` rules (in `/etc/dpkg/dpkg.cfg.d/`) of a base
/// image: files of newly installed packages that dpkg does not unpack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocExcludes {
    /// Debian `-slim` images (debuerreotype's slimify): `/usr/share/doc`
    /// except `copyright`, `man`, `info`, `groff`, `lintian`, `linda` and
    /// `locale` under `/usr/share`.
    DebianSlim,
    /// Ubuntu's minimized images: `/usr/share/man`, the `.mo` translations,
    /// `/usr/share/doc` except `copyright` and `changelog.Debian.*`.
    UbuntuMinimized,
}

/// What a base image already has installed, to subtract from package-manager
/// closures.
#[derive(Clone, Debug)]
pub enum BasePackages {
    Debian {
        /// A set over [`debian_packages`] of the suite used.
        installed: PackageSet<'static>,
        /// Not the image's exact package list (derived image, mapped suite,
        /// or a tag resolved through [`closest_base`]).
        approximate: bool,
        /// How the set was built, for display.
        basis: String,
        /// The base's dpkg path-excludes, if any (`-slim` Debian and every
        /// Ubuntu image, and the images built on them).
        doc_excludes: Option<DocExcludes>,
    },
    Alpine {
        alpine_version: &'static str,
        packages: Vec<&'static str>,
        approximate: bool,
        basis: String,
    },
}

impl BasePackages {
    pub fn approximate(&self) -> bool {
        match self {
            BasePackages::Debian { approximate, .. } | BasePackages::Alpine { approximate, .. } => {
                *approximate
            }
        }
    }
}

fn seeds(name: &str) -> Vec<&'static str> {
    BASE_PACKAGE_SEEDS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| {
            l.split_once('\t')
                .filter(|(n, _)| *n == name)
                .map(|(_, p)| p.split(' ').collect())
        })
        .unwrap_or_default()
}

/// The package set of a base image:
/// * `debian:<suite>[-slim]`: Debian's minbase set (Essential + Priority
///   required + apt, over Depends), which equals the image's dpkg list;
/// * `buildpack-deps:<suite>[-curl|-scm]`: minbase plus the
///   `--no-install-recommends` closures of buildpack-deps' own package lists;
/// * images built on those (`node:24`, `python:3.12-slim`, `nginx`): their
///   parent's set, approximate (their own runtime packages are not listed);
/// * Ubuntu: the minbase set of the nearest Debian suite, approximate;
/// * Alpine: the packages of the `alpine:<version>` image.
///
/// `None` for scratch, distroless (no package manager) and images of other
/// distributions, and for a Debian-family image whose suite's package data is
/// not loaded (see [`provide_debian`]).
pub fn base_package_set(image: &str, tag: &str) -> Option<BasePackages> {
    base_packages(image, tag)?.ok()
}

/// [`base_package_set`], telling apart a Debian-family base whose suite's
/// package data is not loaded: `Some(Err(suite))`. Computed once per
/// `image:tag` and process (the buildpack-deps sets are closures over
/// hundreds of packages, and `slimfile check` estimates a file once per
/// costed fix); a result that waits for package data is not kept.
pub(crate) fn base_packages(image: &str, tag: &str) -> Option<Result<BasePackages, &'static str>> {
    type Cache = Vec<(String, String, Option<BasePackages>)>;
    /// Bounds the cache against a stream of made-up tags (a long session
    /// in the web app); past it, sets are computed each time.
    const MAX_CACHED: usize = 256;
    static CACHE: std::sync::Mutex<Cache> = std::sync::Mutex::new(Vec::new());
    let hit = |cache: &Cache| {
        cache
            .iter()
            .find(|(i, t, _)| i == image && t == tag)
            .map(|(_, _, v)| v.clone().map(Ok))
    };
    if let Some(v) = hit(&CACHE.lock().unwrap_or_else(|e| e.into_inner())) {
        return v;
    }
    let v = compute_base_packages(image, tag);
    if !matches!(v, Some(Err(_))) {
        let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() < MAX_CACHED && hit(&cache).is_none() {
            cache.push((image.to_string(), tag.to_string(), v.clone().and_then(Result::ok)));
        }
    }
    v
}

fn compute_base_packages(image: &str, tag: &str) -> Option<Result<BasePackages, &'static str>> {
    let (mut row, mut approximate) = match base_image(image, tag) {
        Some(r) => (r, false),
        None => (closest_base(image, tag)?.1, true),
    };
    let mut path = vec![format!("{}:{}", row.image, row.resolved_tag)];
    // A buildpack-deps tag the size table lacks (`trixie-curl`) still names
    // its package set exactly: the suite and the layers. Use the tag as
    // written rather than the closest row (which may be another suite).
    let mut direct_bp = (image == "buildpack-deps" && approximate).then_some(tag);
    if direct_bp.is_some() {
        path = vec![format!("buildpack-deps:{tag}")];
    }
    for _ in 0..6 {
        if row.distroless || row.image == "scratch" {
            return None;
        }
        // buildpack-deps rows and images built FROM buildpack-deps.
        let buildpack = if let Some(t) = direct_bp.take() {
            Some(t)
        } else if row.image == "buildpack-deps" {
            Some(row.resolved_tag)
        } else {
            row.parent.and_then(|p| p.strip_prefix("buildpack-deps:"))
        };
        if let Some(bp) = buildpack {
            let (suite, layers): (&str, &[&str]) = if let Some(s) = bp.strip_suffix("-curl") {
                (s, &["curl"])
            } else if let Some(s) = bp.strip_suffix("-scm") {
                (s, &["curl", "scm"])
            } else {
                (bp, &["curl", "scm", "full"])
            };
            let suite = base_image("debian", suite)
                .and_then(|r| r.suite)
                .unwrap_or(suite);
            let (db_suite, mapped) = debian_suite_for(suite)?;
            let Some(db) = debian_packages(db_suite) else {
                return Some(Err(db_suite));
            };
            let mut installed = db.minbase();
            for layer in layers {
                let names = seeds(&format!("buildpack-deps-{layer}"));
                let c = db.install_closure(&names, false, &installed);
                installed.extend_from(&c);
            }
            let approximate = approximate || mapped || row.image != "buildpack-deps";
            let basis = format!(
                "{}: {db_suite} minbase + buildpack-deps {} layers (--no-install-recommends closures)",
                path.join(" <- "),
                layers.join(", ")
            );
            return Some(Ok(BasePackages::Debian {
                installed,
                approximate,
                basis,
                doc_excludes: None,
            }));
        }
        let at_root = matches!(row.image, "debian" | "ubuntu" | "alpine") || row.parent.is_none();
        if at_root {
            return match row.os {
                OsFamily::Debian | OsFamily::Ubuntu => {
                    let (db_suite, mapped) = debian_suite_for(row.suite?)?;
                    let Some(db) = debian_packages(db_suite) else {
                        return Some(Err(db_suite));
                    };
                    let approximate = approximate
                        || mapped
                        || row.image != "debian"
                        || row.os == OsFamily::Ubuntu;
                    let basis = format!(
                        "{}: {db_suite} minbase (Essential + required + apt)",
                        path.join(" <- ")
                    );
                    // Debian's `-slim` tags and the images built on them
                    // (`python:3.12-slim`: slim in the tag when the chain
                    // stops early); every Ubuntu image is minimized.
                    let doc_excludes = if row.os == OsFamily::Ubuntu {
                        Some(DocExcludes::UbuntuMinimized)
                    } else if row.resolved_tag.split('-').any(|w| w == "slim") {
                        Some(DocExcludes::DebianSlim)
                    } else {
                        None
                    };
                    Some(Ok(BasePackages::Debian {
                        installed: db.minbase(),
                        approximate,
                        basis,
                        doc_excludes,
                    }))
                }
                OsFamily::Alpine => {
                    let (release, packages) = alpine_table().base_set(row.suite)?;
                    let same = row.suite.is_some_and(|s| s == release);
                    let approximate = approximate || !same || row.image != "alpine";
                    let basis = format!("{}: packages of alpine {release}", path.join(" <- "));
                    Some(Ok(BasePackages::Alpine {
                        alpine_version: release,
                        packages,
                        approximate,
                        basis,
                    }))
                }
                OsFamily::Other => None,
            };
        }
        // Walk to the parent image.
        let parent = row.parent?;
        let (name, ptag) = parent.rsplit_once(':').unwrap_or((parent, "latest"));
        row = match base_image(name, ptag) {
            Some(r) => r,
            None => closest_base(name, ptag)?.1,
        };
        approximate = true;
        path.push(format!("{}:{}", row.image, row.resolved_tag));
    }
    None
}

/// The provenance lines of the embedded files, for a "data as of" note.
pub fn provenance() -> Vec<&'static str> {
    let mut out = base_table().provenance.clone();
    out.extend(
        DEBIAN_SUITES
            .iter()
            .filter_map(|s| debian_packages(s))
            .map(|db| db.provenance()),
    );
    out.extend(alpine_table().provenance);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = include_str!("testdata/mini-bookworm.pkgs");

    #[cfg(feature = "embedded-data")]
    #[test]
    fn embedded_data_parses() {
        assert!(base_images().len() > 90);
        for s in DEBIAN_SUITES {
            let db = debian_packages(s).unwrap();
            assert!(db.len() > 2000, "{s}: {}", db.len());
        }
        assert!(alpine_package("musl").is_some());
        assert!(alpine_fallback_bytes() > 0);
        assert!(!seeds("buildpack-deps-curl").is_empty());
        assert_eq!(provenance().len(), 5);
    }

    /// Every name of the real tables resolves to itself through the hash
    /// index, and cached base sets equal freshly computed ones.
    #[cfg(feature = "embedded-data")]
    #[test]
    fn lookups_and_cached_base_sets() {
        for s in DEBIAN_SUITES {
            let db = debian_packages(s).unwrap();
            for p in db.packages() {
                let found = db.get(p.name()).unwrap();
                assert_eq!(found.name(), p.name());
                assert_eq!(found.installed_kib(), p.installed_kib(), "{}", p.name());
            }
        }
        for (image, tag) in [("buildpack-deps", "bookworm"), ("node", "24-slim"), ("alpine", "3.24"), ("python", "3.12-alpine")] {
            let fresh = compute_base_packages(image, tag).and_then(Result::ok).map(|b| format!("{b:?}"));
            let first = base_package_set(image, tag).map(|b| format!("{b:?}"));
            let cached = base_package_set(image, tag).map(|b| format!("{b:?}"));
            assert!(fresh.is_some(), "{image}:{tag}");
            assert_eq!((&first, &cached), (&fresh, &fresh), "{image}:{tag}");
        }
        assert!(base_package_set("scratch", "").is_none() && base_package_set("scratch", "").is_none());
    }

    /// The files the web app fetches pass the strict check of
    /// `provide_debian` (and only for their own suite).
    #[cfg(feature = "embedded-data")]
    #[test]
    fn embedded_tables_pass_the_runtime_check() {
        assert!(debian::validate("bookworm", DEBIAN_BOOKWORM).is_ok_and(|n| n > 2000));
        assert!(debian::validate("trixie", DEBIAN_TRIXIE).is_ok_and(|n| n > 2000));
        assert!(debian::validate("trixie", DEBIAN_BOOKWORM).is_err());
        // Embedded suites are already loaded: providing is a no-op.
        assert_eq!(provide_debian("12", "junk".into()), Ok(()));
        assert!(provide_debian("sid", String::new()).is_err());
        let df = crate::parse("FROM debian:trixie\nRUN apt-get update && apt-get install -y curl\n");
        assert!(missing_debian_data(&df).is_empty());
    }

    #[test]
    fn data_file_names() {
        assert_eq!(debian_data_file("bookworm"), Some("debian-bookworm.pkgs"));
        assert_eq!(debian_data_file("13"), Some("debian-trixie.pkgs"));
        assert_eq!(debian_data_file("jammy"), None);
    }

    /// The run-time path (`checked_table`, what `provide_debian` calls) on an
    /// in-repo fixture, and its refusals.
    #[test]
    fn runtime_tables_are_checked_then_parsed() {
        let db = checked_table("bookworm", MINI.to_string()).unwrap();
        assert_eq!(db.len(), 4);
        assert_eq!(db.provenance(), "test fixture, 4 packages");
        let c = db.install_closure(&["curl-tool"], false, &db.minbase());
        assert_eq!(c.packages, ["curl", "libcurl4"]);
        assert_eq!(c.installed_bytes, 1500 * 1024);
        let c = db.install_closure(&["curl"], true, &db.minbase());
        assert_eq!(c.packages.len(), 3);
        let refused = |suite: &'static str, text: &str| checked_table(suite, text.to_string()).unwrap_err();
        assert!(refused("trixie", MINI).contains("not slimfile's Debian trixie"));
        assert!(refused("bookworm", "<!doctype html>\n").contains("not slimfile's"));
        assert!(refused("bookworm", &MINI[..MINI.len() - 3]).contains("cut off"));
        let no_virtuals = &MINI[..MINI.find("@virtual").unwrap()];
        assert!(refused("bookworm", no_virtuals).contains("no @virtual"));
        let bad_line = MINI.replace("libcurl4 1000 400 o 0 -", "libcurl4 1000 o 0 -");
        assert!(refused("bookworm", &bad_line).contains("line 6: malformed"));
        let bad_ref = MINI.replace("curl-tool 1", "curl-tool 9");
        assert!(refused("bookworm", &bad_ref).contains("out of range"));
        let header_only: String = MINI.lines().take(3).map(|l| format!("{l}\n")).collect();
        assert!(refused("bookworm", &format!("{header_only}@virtual\n")).contains("no package line"));
    }

    /// Without embedded tables: apt layers are unknown (and say why) until
    /// the suite is provided, then sized from it. One test, because the
    /// tables are process-wide.
    #[cfg(not(feature = "embedded-data"))]
    #[test]
    fn lazy_debian_data() {
        use crate::estimate::estimate;
        let apt = crate::parse(
            "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n",
        );
        let trixie = crate::parse("FROM debian:trixie\nRUN apt-get install -y curl\n");
        let no_apt = crate::parse("FROM node:24\nRUN npm ci\n");
        let alpine_proxy = crate::parse("FROM alpine:3.24\nRUN apk add --no-cache publicsuffix\n");
        assert!(debian_packages("bookworm").is_none());
        assert_eq!(missing_debian_data(&apt), ["bookworm"]);
        assert_eq!(missing_debian_data(&trixie), ["trixie"]);
        assert!(missing_debian_data(&no_apt).is_empty());
        let est = estimate(&apt, None, None, None);
        let layer = &est.stages[0].layers[0].size;
        assert!(!layer.known);
        assert_eq!(layer.compressed_bytes, 0);
        assert!(layer.explanation.contains("Debian bookworm package data is not loaded"), "{}", layer.explanation);
        assert_eq!(est.final_.unknown_parts, 1);
        assert!(est.stages[0].base.size.known);
        if alpine_package("publicsuffix").is_none() {
            assert_eq!(missing_debian_data(&alpine_proxy), ["bookworm"]);
        }

        assert!(provide_debian("bookworm", "junk".into()).is_err());
        assert!(debian_packages("bookworm").is_none());
        assert_eq!(provide_debian("bookworm", MINI.into()), Ok(()));
        assert_eq!(provide_debian("12", "junk".into()), Ok(()), "idempotent");
        assert_eq!(debian_packages("bookworm").map(|db| db.len()), Some(4));
        assert!(missing_debian_data(&apt).is_empty());
        assert_eq!(missing_debian_data(&trixie), ["trixie"]);
        let est = estimate(&apt, None, None, None);
        let layer = &est.stages[0].layers[0].size;
        assert!(layer.known, "{}", layer.explanation);
        // curl + libcurl4 of the fixture: 1,500 KiB installed, less the
        // slim base's excluded docs, plus dpkg's bookkeeping.
        assert!(layer.explanation.contains("2 packages, 1.5 MB installed"), "{}", layer.explanation);
        assert!((1_200_000..1_800_000).contains(&layer.uncompressed_bytes), "{}", layer.uncompressed_bytes);
        assert_eq!(est.final_.unknown_parts, 0);
    }
}
