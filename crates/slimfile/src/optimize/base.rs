//! Technique 1: a smaller base image for the final stage, from the variants
//! the data knows (`-slim`, `-alpine`, `alpine-slim`), each with its size
//! and caveats; distroless images are listed (they need a build stage).

use super::{plain_image, Alternative, Proposal, State};
use crate::fix::Applicability;
use crate::sizedata::{self, BaseImage, OsFamily};

/// Debian and Ubuntu codenames that appear as tag words.
const SUITES: [&str; 10] = [
    "bookworm", "trixie", "bullseye", "buster", "forky", "noble", "jammy", "focal", "resolute", "sid",
];

fn is_variant_word(w: &str) -> bool {
    w == "slim" || w.starts_with("alpine") || SUITES.contains(&w)
}

/// The version part of a tag: `24` of `24-bookworm-slim`, empty for
/// `latest`, `alpine`, `slim`.
pub(crate) fn version_part(tag: &str) -> String {
    if tag == "latest" {
        return String::new();
    }
    let words: Vec<&str> = tag.split('-').collect();
    let n = words.iter().position(|w| is_variant_word(w)).unwrap_or(words.len());
    words[..n].join("-")
}

/// The tag of variant `v` (`slim`, `alpine`, `alpine-slim`) for a version.
pub(crate) fn variant_tag(version: &str, v: &str) -> String {
    if version.is_empty() {
        v.to_string()
    } else {
        format!("{version}-{v}")
    }
}

pub(crate) fn major_minor(v: Option<&str>) -> Option<String> {
    let v = v?;
    Some(v.split('.').take(2).collect::<Vec<_>>().join("."))
}

fn mb(b: u64) -> String {
    format!("{} MB", crate::numfmt::fixed(b as f64 / 1e6, 1))
}

/// The distroless image for an image family, when the data has one.
fn distroless_for(image: &str) -> Option<&'static str> {
    Some(match image {
        "node" => "gcr.io/distroless/nodejs20-debian12",
        "python" => "gcr.io/distroless/python3-debian12",
        "eclipse-temurin" | "openjdk" | "amazoncorretto" => "gcr.io/distroless/java21-debian12",
        "golang" => "gcr.io/distroless/static-debian12",
        "rust" | "gcc" => "gcr.io/distroless/cc-debian12",
        "debian" | "ubuntu" => "gcr.io/distroless/base-debian12",
        _ => return None,
    })
}

/// Whether the final stage chain installs packages with a Debian/RPM tool or
/// relies on bash, which an Alpine base does not have.
fn needs_glibc_tools(st: &State) -> Option<&'static str> {
    let text = st.commands_text();
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || ";&|()`'\"".contains(c))
        .collect();
    if words.iter().any(|w| matches!(*w, "apt-get" | "apt" | "dpkg" | "aptitude")) {
        return Some("the Dockerfile installs packages with apt, which Alpine does not have (apk instead)");
    }
    if words.iter().any(|w| matches!(*w, "yum" | "dnf" | "microdnf" | "rpm")) {
        return Some("the Dockerfile uses an RPM package manager, which Alpine does not have");
    }
    if words.iter().any(|w| matches!(*w, "bash" | "/bin/bash" | "/usr/bin/bash")) {
        return Some("the Dockerfile runs bash, which Alpine does not have by default");
    }
    None
}

pub(super) fn propose(st: &State) -> Option<Proposal> {
    let root = st.final_root()?;
    let img = plain_image(st, root)?;
    let name = img.familiar_name();
    let tag = img.effective_tag()?.to_string();
    let current = sizedata::base_image(&name, &tag)?;
    if current.distroless || current.image == "scratch" {
        return None;
    }
    let version = version_part(&tag);
    let alpine_blocker = needs_glibc_tools(st);
    let pip = st.commands_text().contains("pip");
    let mut seen: Vec<*const BaseImage> = vec![current as *const BaseImage];
    let mut alts: Vec<(String, &'static BaseImage, Alternative)> = Vec::new();
    for v in ["slim", "alpine", "alpine-slim"] {
        let cand_tag = variant_tag(&version, v);
        let Some(row) = sizedata::base_image(&name, &cand_tag) else { continue };
        if seen.contains(&(row as *const BaseImage)) {
            continue;
        }
        seen.push(row as *const BaseImage);
        if major_minor(row.version) != major_minor(current.version) {
            continue;
        }
        if row.compressed >= current.compressed {
            continue;
        }
        let mut caveats = Vec::new();
        let mut usable = true;
        if row.os == OsFamily::Alpine && current.os != OsFamily::Alpine {
            caveats.push(
                "Alpine uses musl libc instead of glibc: native modules (npm packages with node-gyp \
                 builds, pip wheels built for manylinux) may need rebuilding or fail"
                    .to_string(),
            );
            if pip {
                caveats.push(
                    "pip installs from source on musl when no musllinux wheel exists: slower and often larger"
                        .to_string(),
                );
            }
            if let Some(why) = alpine_blocker {
                usable = false;
                caveats.push(why.to_string());
            }
        }
        if v == "slim" || v == "alpine-slim" {
            caveats.push(format!(
                "{name}:{cand_tag} leaves out tools the full image has (compilers, git, curl); \
                 install what a RUN needs"
            ));
        }
        let reference = format!("{name}:{cand_tag}");
        alts.push((
            cand_tag,
            row,
            Alternative {
                reference,
                compressed_bytes: row.compressed,
                uncompressed_bytes: row.uncompressed,
                usable,
                caveats,
            },
        ));
    }
    if let Some(d) = distroless_for(&name).and_then(|d| sizedata::base_image(d, "latest")) {
        if d.compressed < current.compressed {
            alts.push((
                String::new(),
                d,
                Alternative {
                    reference: d.image.to_string(),
                    compressed_bytes: d.compressed,
                    uncompressed_bytes: d.uncompressed,
                    usable: false,
                    caveats: vec![
                        "distroless has no shell and no package manager: RUN and shell-form CMD must \
                         move to a build stage (see the multi-stage technique)"
                            .to_string(),
                        "size is an approximate third-party figure".to_string(),
                    ],
                },
            ));
        }
    }
    // The pick: the smallest usable variant; for pip installs, slim before
    // alpine (musl wheels).
    let pick = alts
        .iter()
        .filter(|(t, _, a)| a.usable && !t.is_empty())
        .min_by_key(|(t, row, _)| {
            let musl_penalty = pip && t.contains("alpine") && alts.iter().any(|(t2, _, a2)| a2.usable && t2.ends_with("slim") && !t2.contains("alpine"));
            (musl_penalty, row.compressed)
        })?;
    let (new_tag, row, chosen) = pick;
    let stage = &st.sem.stages[root];
    let text = &stage.base_text;
    // Replace the tag as written (keep the registry/repository spelling).
    let last_slash = text.rfind('/').map_or(0, |i| i + 1);
    let name_part = match text[last_slash..].rfind(':') {
        Some(i) => &text[..last_slash + i],
        None => text.as_str(),
    };
    let new_ref = format!("{name_part}:{new_tag}");
    let r = stage.base_range;
    let (Some(head), Some(tail)) = (st.src.get(..r.start), st.src.get(r.end..)) else { return None };
    let dockerfile = format!("{head}{new_ref}{tail}");
    let from_line = st.inst(stage.from_instruction).map_or(0, |i| i.start_line);
    let mut caveats = chosen.caveats.clone();
    if current.os != row.os {
        caveats.push(format!(
            "the base changes from {} to {}: check every RUN of the stage",
            os_name(current.os),
            os_name(row.os)
        ));
    }
    let alternatives: Vec<Alternative> = alts
        .iter()
        .filter(|(t, _, _)| t != new_tag)
        .map(|(_, _, a)| a.clone())
        .collect();
    Some(Proposal {
        title: format!("FROM {name}:{tag} → {name}:{new_tag} (line {from_line})"),
        explanation: format!(
            "{name}:{new_tag} is {} compressed ({} on disk) against {} ({}) for {name}:{tag}, same {name} version",
            mb(row.compressed),
            mb(row.uncompressed),
            mb(current.compressed),
            mb(current.uncompressed)
        ),
        caveats,
        applicability: Applicability::Unsafe,
        dockerfile,
        dockerignore: st.dockerignore.map(str::to_string),
        alternatives,
    })
}

fn os_name(os: OsFamily) -> &'static str {
    match os {
        OsFamily::Debian => "Debian",
        OsFamily::Ubuntu => "Ubuntu",
        OsFamily::Alpine => "Alpine",
        OsFamily::Other => "another distribution",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_versions() {
        assert_eq!(version_part("latest"), "");
        assert_eq!(version_part("24-bookworm-slim"), "24");
        assert_eq!(version_part("alpine"), "");
        assert_eq!(version_part("3.12"), "3.12");
        assert_eq!(version_part("lts-alpine3.24"), "lts");
        assert_eq!(variant_tag("", "alpine"), "alpine");
        assert_eq!(variant_tag("24", "slim"), "24-slim");
    }
}
