//! Embedded size data for the image-size estimator: base-image sizes, Debian
//! package metadata with dependency closures, Alpine package sizes, and the
//! package sets base images already contain.
//!
//! The data lives in `data/` at the repository root (regenerate it with
//! `scripts/gen-debian-packages.py`; every file starts with its provenance).
//! It is embedded as plain text with `include_str!` (the core has no
//! dependencies, so no gzip; the web server compresses the wasm anyway) and
//! parsed once, on first use. Nothing here panics: a malformed line is
//! skipped, and a lookup that finds nothing returns `None`.
//!
//! ```
//! use slimfile::sizedata;
//! let node = sizedata::base_image("node", "lts").unwrap();
//! assert_eq!(node.resolved_tag, "24");
//! let db = sizedata::debian_packages("bookworm").unwrap();
//! let added = db.install_closure(&["curl"], false, &db.minbase());
//! assert!(added.packages.contains(&"libcurl4"));
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

const BASE_IMAGES: &str = include_str!("../../../../data/base-images.tsv");
const DEBIAN_BOOKWORM: &str = include_str!("../../../../data/debian-bookworm.pkgs");
const DEBIAN_TRIXIE: &str = include_str!("../../../../data/debian-trixie.pkgs");
const ALPINE_PACKAGES: &str = include_str!("../../../../data/alpine-packages.tsv");
const BASE_PACKAGE_SEEDS: &str = include_str!("../../../../data/base-package-seeds.tsv");

/// The Debian suites with embedded package data.
pub const DEBIAN_SUITES: [&str; 2] = ["bookworm", "trixie"];

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

/// Package data for a Debian suite (`bookworm`/`12`, `trixie`/`13`).
pub fn debian_packages(suite: &str) -> Option<&'static PackageDb> {
    static BOOKWORM: OnceLock<Option<PackageDb>> = OnceLock::new();
    static TRIXIE: OnceLock<Option<PackageDb>> = OnceLock::new();
    match suite {
        "bookworm" | "12" => BOOKWORM
            .get_or_init(|| PackageDb::parse("bookworm", DEBIAN_BOOKWORM))
            .as_ref(),
        "trixie" | "13" => TRIXIE
            .get_or_init(|| PackageDb::parse("trixie", DEBIAN_TRIXIE))
            .as_ref(),
        _ => None,
    }
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
/// distributions.
pub fn base_package_set(image: &str, tag: &str) -> Option<BasePackages> {
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
            let db = debian_packages(db_suite)?;
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
            return Some(BasePackages::Debian {
                installed,
                approximate,
                basis,
            });
        }
        let at_root = matches!(row.image, "debian" | "ubuntu" | "alpine") || row.parent.is_none();
        if at_root {
            return match row.os {
                OsFamily::Debian | OsFamily::Ubuntu => {
                    let (db_suite, mapped) = debian_suite_for(row.suite?)?;
                    let db = debian_packages(db_suite)?;
                    let approximate = approximate
                        || mapped
                        || row.image != "debian"
                        || row.os == OsFamily::Ubuntu;
                    let basis = format!(
                        "{}: {db_suite} minbase (Essential + required + apt)",
                        path.join(" <- ")
                    );
                    Some(BasePackages::Debian {
                        installed: db.minbase(),
                        approximate,
                        basis,
                    })
                }
                OsFamily::Alpine => {
                    let (release, packages) = alpine_table().base_set(row.suite)?;
                    let same = row.suite.is_some_and(|s| s == release);
                    let approximate = approximate || !same || row.image != "alpine";
                    let basis = format!("{}: packages of alpine {release}", path.join(" <- "));
                    Some(BasePackages::Alpine {
                        alpine_version: release,
                        packages,
                        approximate,
                        basis,
                    })
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
}
