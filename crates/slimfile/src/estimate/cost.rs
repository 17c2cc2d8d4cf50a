//! Costs the estimator can give directly for size findings that have no
//! automatic fix (a finding with a fix is costed by applying it, see
//! `analysis::attach_costs`).
//!
//! * SF1015, build packages kept in the final image, and SF1009, apk build
//!   dependencies not deleted in their RUN: the estimate as written minus
//!   the estimate with the build packages (the `-dev`/`-devel` packages and
//!   compilers SF1009/SF1015 name) left out of that RUN's
//!   `apt-get`/`yum`/`dnf` install or `apk add`: for apt, their dependency
//!   closure beyond what the base and the rest of the install already
//!   bring; for apk, the named packages' installed sizes (the Alpine data
//!   has no dependency lists, so this is a floor).
//! * SF1015, the final image built on an SDK image (`FROM golang:1.25`):
//!   the SDK image minus the operating-system image it is built on
//!   (`debian:trixie`, `alpine:3.24`), both from the base-image table: what
//!   the toolchain adds. A runtime image may need some of it back, so this is
//!   what a multi-stage build saves at most over a bare OS base.
//!
//! Not costed, and why: SF1001 (npm cache), SF1002/SF1003 (source trees
//! and temporary directories kept), SF1004 (archive left after
//! extraction), SF1005 (signature file), SF1006/SF1007 (gem docs and
//! files) and SF1020 (`ADD <url>` archive) are sized only by assumptions (a
//! download's or a build's size cannot be known offline; npm trees without
//! a lock-file table); SF1016 (dev dependencies) needs the lock file to tell
//! dev from runtime dependencies; SF1011/SF1012/SF1013 depend on the build
//! context, which the analysis does not have (`slimfile estimate --context`
//! sizes COPY); SF1018 (cgo) has no model of a binary's size; SF1014,
//! SF1019 and SF1021 are about build time and caching, not the image's
//! size; SF1010/SF1017 (and DL3009, DL3015, DL3019, DL3042, SF1001, SF1016
//! where the model knows the sizes) are costed through their fixes. A fix
//! that changes nothing the model sizes (`apt-get dist-clean` already run,
//! recommends the data does not list) gets no cost.

use super::{Estimate, Totals};
use crate::diagnostic::{Cost, Diagnostic};
use crate::lint::Context;
use crate::semantic::Base;
use crate::sizedata;
use crate::Keyword;

/// The build packages of SF1009/SF1015 (one list, SF1009's).
use crate::rules::size::sf1009::is_build_package;

fn difference(before: &Totals, after: &Totals) -> Option<Cost> {
    if before.unknown_parts != after.unknown_parts {
        return None;
    }
    let compressed = before.compressed_bytes.saturating_sub(after.compressed_bytes);
    let uncompressed = before.uncompressed_bytes.saturating_sub(after.uncompressed_bytes);
    (compressed > 0 || uncompressed > 0).then_some(Cost { compressed_bytes: compressed, uncompressed_bytes: uncompressed })
}

/// The cost of a finding that has no fix, when the model can give one
/// (see the module documentation); `before` is the estimate of the file as
/// written. Never panics.
pub fn direct_cost(cx: &Context, before: &Estimate, d: &Diagnostic) -> Option<Cost> {
    match d.code.as_str() {
        "SF1015" => sdk_base_cost(cx, d).or_else(|| build_packages_cost(cx, before, d)),
        "SF1009" => build_packages_cost(cx, before, d),
        _ => None,
    }
}

/// The codes [`direct_cost`] can cost (for a finding that has no cost from
/// a fix).
pub fn has_direct_cost(code: &str) -> bool {
    matches!(code, "SF1015" | "SF1009")
}

/// apk options that take a value.
const APK_VALUE: &[&str] = &[
    "-t", "--virtual", "-X", "--repository", "--root", "-p", "--arch", "--cache-dir", "--keys-dir",
    "--repositories-file",
];

/// SF1015 on the FROM of the final image: the SDK image minus its OS image.
fn sdk_base_cost(cx: &Context, d: &Diagnostic) -> Option<Cost> {
    let stage = cx.sem.stages.iter().find(|s| s.base_range.start <= d.range.start && d.range.end <= s.base_range.end)?;
    let Base::Image(img) = &stage.base else { return None };
    let row = sizedata::base_image_ref(img)?;
    if matches!(row.image, "debian" | "ubuntu" | "alpine") {
        return None;
    }
    // The OS image of the same release: `debian:trixie`, `alpine:3.24`.
    let os = match row.os {
        sizedata::OsFamily::Debian => "debian",
        sizedata::OsFamily::Ubuntu => "ubuntu",
        sizedata::OsFamily::Alpine => "alpine",
        _ => return None,
    };
    let suite = row.suite?;
    let minor: String = suite.split('.').take(2).collect::<Vec<_>>().join(".");
    let root = sizedata::base_image(os, suite).or_else(|| sizedata::base_image(os, &minor))?;
    let compressed = row.compressed.saturating_sub(root.compressed);
    let uncompressed = row.uncompressed.saturating_sub(root.uncompressed);
    (compressed > 0).then_some(Cost { compressed_bytes: compressed, uncompressed_bytes: uncompressed })
}

/// SF1015 on a RUN: the estimate without that RUN's build packages.
fn build_packages_cost(cx: &Context, before: &Estimate, d: &Diagnostic) -> Option<Cost> {
    let df = cx.df;
    let idx = df
        .instructions
        .iter()
        .position(|i| i.keyword == Keyword::Run && i.range.start <= d.range.start && d.range.start < i.range.end.max(i.range.start + 1))?;
    let mut cut: Vec<crate::TextRange> = Vec::new();
    for s in cx.scripts_of(idx) {
        for c in &s.script.commands {
            let install = match c.name() {
                Some("apt-get" | "apt" | "yum" | "dnf" | "microdnf") => {
                    c.positional_args(&["-o", "-t", "-c", "--setopt", "--enablerepo", "--disablerepo"])
                        .first()
                        .is_some_and(|w| w.value == "install")
                }
                Some("apk") => c.positional_args(APK_VALUE).first().is_some_and(|w| w.value == "add"),
                _ => false,
            };
            if !install {
                continue;
            }
            for w in c.args() {
                if !w.has_expansion && is_build_package(&w.value) {
                    cut.push(cx.source_range(s, w.range));
                }
            }
        }
    }
    if cut.is_empty() {
        return None;
    }
    crate::sort::sort_by_key(&mut cut, |r| r.start);
    let src = &df.source;
    let mut out = String::with_capacity(src.len());
    let mut at = 0;
    for r in &cut {
        if r.start < at || r.end > src.len() || !src.is_char_boundary(r.start) || !src.is_char_boundary(r.end) {
            return None;
        }
        out.push_str(&src[at..r.start]);
        at = r.end;
    }
    out.push_str(&src[at..]);
    let target = before.target.map(|t| t.to_string());
    let after = super::estimate_edited(cx, &crate::parse(&out), target.as_deref());
    difference(&before.final_, &after.final_)
}
