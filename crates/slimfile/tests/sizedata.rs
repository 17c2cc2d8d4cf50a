//! The embedded size data (`slimfile::sizedata`): base-image rows against the
//! shared source table, aliases, closest tags, Debian closures, base package
//! sets.

mod common;

use slimfile::semantic::ImageRef;
use slimfile::sizedata::{self, BasePackages, OsFamily};

const MIB: f64 = 1024.0 * 1024.0;



#[test]
fn every_shared_base_image_row_resolves_to_its_sizes() {
    let Some(dir) = common::shared_data("every_shared_base_image_row_resolves_to_its_sizes", "base-images.tsv") else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("base-images.tsv")).unwrap();
    let rows = common::tsv_rows(&text);
    assert!(rows.len() >= 90, "{} rows", rows.len());
    for r in rows {
        let (image, tag, compressed, uncompressed) = (r[0], r[1], r[2], r[3]);
        let row = sizedata::base_image(image, tag)
            .unwrap_or_else(|| panic!("{image}:{tag} does not resolve"));
        assert_eq!(
            row.compressed.to_string(),
            compressed,
            "{image}:{tag} compressed"
        );
        if !uncompressed.is_empty() {
            assert_eq!(
                row.uncompressed.to_string(),
                uncompressed,
                "{image}:{tag} uncompressed"
            );
            assert!(!row.uncompressed_derived, "{image}:{tag}");
        }
        // The same through a parsed FROM reference.
        let reference = if tag.is_empty() {
            image.to_string()
        } else {
            format!("docker.io/library/{image}:{tag}")
        };
        let parsed = ImageRef::parse(&reference).unwrap();
        assert_eq!(
            sizedata::base_image_ref(&parsed).map(|r| r.compressed),
            Some(row.compressed),
            "{reference}"
        );
    }
}

#[test]
fn every_shared_distroless_row_resolves_as_approximate() {
    let Some(dir) = common::shared_data("every_shared_distroless_row_resolves_as_approximate", "base-images.tsv") else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("distroless-approx.tsv")).unwrap();
    for r in common::tsv_rows(&text) {
        let row = sizedata::base_image(r[0], r[1]).unwrap_or_else(|| panic!("{}:{}", r[0], r[1]));
        assert_eq!(row.compressed.to_string(), r[2]);
        assert!(row.approximate && row.distroless && row.uncompressed_derived);
        assert!(row.uncompressed > row.compressed);
    }
}

#[test]
fn aliases_resolve() {
    let tag = |image: &str, tag: &str| {
        sizedata::base_image(image, tag).map(|r| (r.image, r.resolved_tag))
    };
    assert_eq!(tag("node", ""), Some(("node", "latest")));
    assert_eq!(tag("node", "latest"), Some(("node", "latest")));
    assert_eq!(tag("node", "26"), Some(("node", "latest")));
    assert_eq!(tag("node", "lts"), Some(("node", "24")));
    assert_eq!(tag("node", "lts-slim"), Some(("node", "24-slim")));
    assert_eq!(tag("node", "24-bookworm-slim"), Some(("node", "24-slim")));
    assert_eq!(tag("node", "22-alpine3.24"), Some(("node", "22-alpine")));
    assert_eq!(tag("node", "trixie-slim"), Some(("node", "slim")));
    assert_eq!(tag("docker.io/library/node", "lts"), Some(("node", "24")));
    assert_eq!(tag("library/node", "lts"), Some(("node", "24")));
    assert_eq!(
        tag("python", "3.12-slim-trixie"),
        Some(("python", "3.12-slim"))
    );
    assert_eq!(tag("python", "3.12.13-slim"), Some(("python", "3.12-slim")));
    assert_eq!(tag("python", "3"), Some(("python", "latest")));
    assert_eq!(tag("debian", "12"), Some(("debian", "bookworm")));
    assert_eq!(
        tag("debian", "stable-slim"),
        Some(("debian", "trixie-slim"))
    );
    assert_eq!(tag("debian", "latest"), Some(("debian", "trixie")));
    assert_eq!(tag("alpine", "3.24"), Some(("alpine", "latest")));
    assert_eq!(tag("ubuntu", "noble"), Some(("ubuntu", "24.04")));
    assert_eq!(
        tag("gcr.io/distroless/static", "nonroot"),
        Some(("gcr.io/distroless/static-debian12", "latest"))
    );
    assert_eq!(
        tag("gcr.io/distroless/python3-debian12", ""),
        Some(("gcr.io/distroless/python3-debian12", "latest"))
    );
    assert_eq!(
        sizedata::base_image("scratch", "").map(|r| (r.compressed, r.uncompressed)),
        Some((0, 0))
    );
    // A different suite is a different image: not an alias, but the closest.
    assert_eq!(tag("python", "3.12-slim-bookworm"), None);
    assert_eq!(tag("node", "no-such-tag"), None);
    assert_eq!(tag("no-such-image", "latest"), None);
    assert_eq!(tag("cgr.dev/chainguard/static", "latest"), None);

    let row = sizedata::base_image("node", "lts").unwrap();
    assert_eq!(
        (row.os, row.suite, row.version),
        (OsFamily::Debian, Some("bookworm"), Some("24.19.0"))
    );
    assert_eq!(row.layers.iter().sum::<u64>(), row.compressed);
    assert_eq!(
        sizedata::base_image("alpine", "latest").unwrap().suite,
        Some("3.24.2")
    );
}

#[test]
fn aliases_never_shadow_a_row_and_every_alias_reaches_its_row() {
    for row in sizedata::base_images() {
        for name in std::iter::once(row.image).chain(row.other_names.iter().copied()) {
            let own = sizedata::base_image(name, row.resolved_tag).unwrap();
            assert!(
                std::ptr::eq(own, row),
                "{name}:{} is shadowed",
                row.resolved_tag
            );
            for alias in &row.aliases {
                let got = sizedata::base_image(name, alias).unwrap();
                assert!(
                    std::ptr::eq(got, row),
                    "{name}:{alias} goes to {}:{}",
                    got.image,
                    got.resolved_tag
                );
            }
        }
        if row.uncompressed_derived {
            assert!(
                row.uncompressed > row.compressed,
                "{}:{}",
                row.image,
                row.resolved_tag
            );
        }
    }
}

#[test]
fn closest_base_for_unknown_tags() {
    let closest = |image: &str, tag: &str| sizedata::closest_base(image, tag).map(|(key, _)| key);
    assert_eq!(closest("node", "lts").as_deref(), Some("node:24"));
    assert_eq!(
        closest("python", "3.12-slim-bookworm").as_deref(),
        Some("python:3.12-slim")
    );
    assert_eq!(closest("python", "3.10").as_deref(), Some("python:3.11"));
    assert_eq!(
        closest("node", "20-alpine3.19").as_deref(),
        Some("node:22-alpine")
    );
    assert_eq!(closest("node", "20-bullseye").as_deref(), Some("node:18"));
    assert_eq!(
        closest("node", "current-slim").as_deref(),
        Some("node:slim")
    );
    assert_eq!(
        closest("debian", "bullseye-slim").as_deref(),
        Some("debian:bookworm-slim")
    );
    assert_eq!(closest("alpine", "3.19").as_deref(), Some("alpine:3.22"));
    assert_eq!(
        closest("eclipse-temurin", "17-jdk").as_deref(),
        Some("eclipse-temurin:21-jdk")
    );
    assert_eq!(
        closest("nginx", "1.25-alpine").as_deref(),
        Some("nginx:alpine")
    );
    // Never across slim/full or alpine/glibc.
    assert_eq!(closest("openjdk", "17-jdk-slim"), None);
    assert_eq!(closest("no-such-image", "1"), None);
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / MIB
}

#[test]
fn curl_without_recommends_on_bookworm_slim() {
    let Some(BasePackages::Debian {
        installed,
        approximate,
        ..
    }) = sizedata::base_package_set("debian", "bookworm-slim")
    else {
        panic!("debian:bookworm-slim has a Debian package set");
    };
    assert!(!approximate);
    let db = installed.db();
    assert_eq!(db.suite(), "bookworm");
    let c = db.install_closure(&["curl"], false, &installed);
    assert!(c.missing.is_empty());
    for name in ["curl", "libcurl4", "libssl3", "libnghttp2-14"] {
        assert!(c.packages.contains(&name), "{name} in {:?}", c.packages);
    }
    for name in ["libc6", "perl", "perl-base", "ca-certificates"] {
        assert!(!c.packages.contains(&name), "{name} in {:?}", c.packages);
    }
    assert!((8..=30).contains(&c.packages.len()), "{}", c.packages.len());
    let installed_mib = mib(c.installed_bytes);
    assert!((6.0..20.0).contains(&installed_mib), "{installed_mib} MiB");
    assert!(c.deb_bytes > 0 && c.deb_bytes < c.installed_bytes);
}

#[test]
fn recommends_on_versus_off() {
    for suite in sizedata::DEBIAN_SUITES {
        let db = sizedata::debian_packages(suite).unwrap();
        let base = db.minbase();
        for names in [
            &["curl"][..],
            &["git"],
            &["python3-pip"],
            &["nodejs", "npm"],
            &["build-essential"],
            &["vim"],
        ] {
            let off = db.install_closure(names, false, &base);
            let on = db.install_closure(names, true, &base);
            assert!(
                off.packages.iter().all(|p| on.packages.contains(p)),
                "{suite} {names:?}"
            );
            assert!(on.installed_bytes >= off.installed_bytes);
        }
        // The largest single apt saver (size-model notes, section 4.1): pip's
        // recommends pull in a compiler toolchain.
        let off = db.install_closure(&["python3-pip"], false, &base);
        let on = db.install_closure(&["python3-pip"], true, &base);
        assert!(
            on.installed_bytes > 5 * off.installed_bytes,
            "{suite}: {} vs {}",
            mib(on.installed_bytes),
            mib(off.installed_bytes)
        );
        assert!(on.packages.contains(&"g++") && !off.packages.contains(&"g++"));
        assert!(db.get("g++").is_some() && db.get("libstdc++6").is_some());
    }
}

/// Installed sizes against the table in the size-model notes (section 4.1),
/// computed the same way from the Packages files at research time. A failure
/// after regenerating the data means the archive moved more than the ±15%
/// the notes give for apt closures, or the generator changed behaviour.
#[test]
fn closures_match_the_research_table() {
    let cases: [(&str, &[&str], bool, f64); 10] = [
        ("bookworm", &["curl"], false, 11.4),
        ("bookworm", &["curl"], true, 15.0),
        ("bookworm", &["git"], false, 103.8),
        ("bookworm", &["build-essential"], false, 308.0),
        ("bookworm", &["python3-pip"], false, 45.7),
        ("bookworm", &["python3-pip"], true, 454.7),
        ("trixie", &["curl"], false, 14.1),
        ("trixie", &["nodejs", "npm"], false, 237.7),
        ("trixie", &["nodejs", "npm"], true, 1043.5),
        ("trixie", &["imagemagick"], false, 42.5),
    ];
    for (suite, names, rec, expected) in cases {
        let db = sizedata::debian_packages(suite).unwrap();
        let got = mib(db
            .install_closure(names, rec, &db.minbase())
            .installed_bytes);
        assert!(
            (got / expected - 1.0).abs() < 0.15,
            "{suite} {names:?} rec={rec}: {got:.1} MiB, notes {expected} MiB"
        );
    }
}

#[test]
fn minbase_sets_are_the_debian_images() {
    // docker-library/repo-info's dpkg lists for debian:bookworm-slim (88
    // binary packages) and debian:trixie-slim (78).
    for (suite, count) in [("bookworm", 88), ("trixie", 78)] {
        let db = sizedata::debian_packages(suite).unwrap();
        let base = db.minbase();
        assert_eq!(base.len(), count, "{suite}");
        for name in [
            "apt",
            "bash",
            "dpkg",
            "libc6",
            "perl-base",
            "tzdata",
            "mawk",
            "usr-is-merged",
        ] {
            if suite == "trixie" && name == "usr-is-merged" {
                continue;
            }
            assert!(base.contains(name), "{suite}: {name}");
        }
        for name in ["perl", "usrmerge", "procps", "ca-certificates", "curl"] {
            assert!(!base.contains(name), "{suite}: {name}");
        }
        assert!(base.contains("awk"), "the virtual awk is mawk");
        // Closed: every dependency of a minbase package is in minbase.
        for name in base.names() {
            let p = db.get(name).unwrap();
            assert!(p.in_minbase());
            for dep in p.depends() {
                assert!(base.contains(dep), "{suite}: {name} -> {dep}");
            }
        }
        // Uncompressed debian:<suite> is 116.6 MB (bookworm) and 119.9 MB
        // (trixie); Σ Installed-Size is within 5%.
        let mb = base.installed_bytes() as f64 / 1e6;
        let measured = sizedata::base_image("debian", suite).unwrap().uncompressed as f64 / 1e6;
        assert!(
            (mb / measured - 1.0).abs() < 0.05,
            "{suite}: {mb} MB vs {measured} MB"
        );
    }
}

#[test]
fn every_dependency_is_in_the_data() {
    for suite in sizedata::DEBIAN_SUITES {
        let db = sizedata::debian_packages(suite).unwrap();
        let minbase = db.minbase().names();
        assert_eq!(
            db.install_closure(&minbase, false, &db.empty_set())
                .packages,
            minbase
        );
        // The selection is closed over depends + recommends.
        let all: Vec<&str> = db.packages().map(|p| p.name()).collect();
        let everything = db.install_closure(&all, true, &db.empty_set());
        assert_eq!(everything.packages, all);
        assert!(everything.missing.is_empty());
        let p = db.get("curl").unwrap();
        assert!(p.depends().all(|d| db.get(d).is_some()));
        assert!(db.get("libcurl4:amd64").is_some() && db.get("curl=8.0").is_some());
        assert!(db.provenance().contains("deb.debian.org"));
    }
}

#[test]
fn chained_layers_do_not_count_twice() {
    let db = sizedata::debian_packages("bookworm").unwrap();
    let mut installed = db.minbase();
    let first = db.install_closure(&["curl", "ca-certificates"], false, &installed);
    installed.extend_from(&first);
    let second = db.install_closure(&["curl", "git", "no-such-package"], false, &installed);
    assert!(!second.packages.contains(&"curl"));
    assert!(second.packages.iter().all(|p| !first.packages.contains(p)));
    assert_eq!(second.missing, ["no-such-package"]);
    assert!(second.packages.contains(&"git"));
}

#[test]
fn base_package_sets() {
    let debian = |image: &str, tag: &str| match sizedata::base_package_set(image, tag) {
        Some(BasePackages::Debian {
            installed,
            approximate,
            basis,
            ..
        }) => (installed, approximate, basis),
        other => panic!("{image}:{tag}: {other:?}"),
    };
    let (set, approx, _) = debian("debian", "trixie");
    assert_eq!((set.len(), approx, set.db().suite()), (78, false, "trixie"));
    // buildpack-deps: minbase + curl + scm + the build dependencies.
    let (set, approx, basis) = debian("buildpack-deps", "bookworm");
    assert!(!approx, "{basis}");
    for name in [
        "curl",
        "git",
        "gcc",
        "libssl-dev",
        "imagemagick",
        "openssh-client",
    ] {
        assert!(set.contains(name), "{name}: {basis}");
    }
    let (curl_only, _, _) = debian("buildpack-deps", "bookworm-curl");
    assert!(curl_only.contains("wget") && !curl_only.contains("git"));
    // Images built on buildpack-deps inherit it, approximately.
    let (set, approx, basis) = debian("node", "lts");
    assert!(
        approx && set.contains("gcc") && set.db().suite() == "bookworm",
        "{basis}"
    );
    let (set, _, basis) = debian("golang", "latest");
    assert!(
        set.contains("git") && !set.contains("gcc"),
        "scm, not the build deps: {basis}"
    );
    // Slim language images: the Debian base.
    let (set, approx, basis) = debian("python", "3.12-slim");
    assert!(approx && set.len() == 78, "{basis}");
    // Through a parent chain: wordpress <- php:8.3-apache <- debian:trixie-slim.
    let (_, approx, basis) = debian("wordpress", "latest");
    assert!(approx && basis.contains("php"), "{basis}");
    // Ubuntu maps to the nearest Debian suite.
    let (set, approx, _) = debian("ubuntu", "22.04");
    assert!(approx && set.db().suite() == "bookworm");
    // Alpine: the alpine image's own packages.
    match sizedata::base_package_set("alpine", "latest") {
        Some(BasePackages::Alpine {
            alpine_version,
            packages,
            approximate,
            ..
        }) => {
            assert_eq!(alpine_version, "3.24.2");
            assert!(!approximate && packages.contains(&"musl") && packages.contains(&"busybox"));
        }
        other => panic!("{other:?}"),
    }
    assert!(sizedata::base_package_set("node", "22-alpine").is_some_and(|b| b.approximate()));
    for (image, tag) in [
        ("scratch", ""),
        ("gcr.io/distroless/static", "nonroot"),
        ("mysql", "latest"),
        ("nope", "1"),
    ] {
        assert!(
            sizedata::base_package_set(image, tag).is_none(),
            "{image}:{tag}"
        );
    }
}

#[test]
fn alpine_sizes_and_fallback() {
    let musl = sizedata::alpine_package("musl").unwrap();
    assert_eq!(musl.alpine_version, "3.24.2");
    assert!(musl.in_base && musl.installed_bytes > 500_000);
    assert_eq!(
        sizedata::alpine_package_in("musl", "3.22")
            .unwrap()
            .alpine_version,
        "3.22.6"
    );
    assert!(sizedata::alpine_package("libstdc++").is_some_and(|p| !p.in_base));
    assert!(sizedata::alpine_package("no-such-package").is_none());
    let fallback = sizedata::alpine_fallback_bytes();
    assert!((10_000..2_000_000).contains(&fallback), "{fallback}");
}

#[test]
fn doc_excludes_follow_the_root_image() {
    use sizedata::DocExcludes;
    let excludes = |image: &str, tag: &str| match sizedata::base_package_set(image, tag) {
        Some(BasePackages::Debian { doc_excludes, .. }) => doc_excludes,
        other => panic!("{image}:{tag}: {other:?}"),
    };
    assert_eq!(excludes("debian", "trixie-slim"), Some(DocExcludes::DebianSlim));
    assert_eq!(excludes("debian", "bookworm"), None);
    assert_eq!(excludes("python", "3.12-slim"), Some(DocExcludes::DebianSlim));
    assert_eq!(excludes("node", "24-slim"), Some(DocExcludes::DebianSlim));
    assert_eq!(excludes("node", "24"), None);
    assert_eq!(excludes("buildpack-deps", "trixie-curl"), None);
    assert_eq!(excludes("ubuntu", "24.04"), Some(DocExcludes::UbuntuMinimized));
    assert_eq!(excludes("eclipse-temurin", "21-jre"), Some(DocExcludes::UbuntuMinimized));
}
