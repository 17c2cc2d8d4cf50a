//! Base-image sizes (`data/base-images.tsv`): lookup by name and tag, aliases,
//! and the closest known tag for an unknown one.

/// The distribution family of a base image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OsFamily {
    Debian,
    Ubuntu,
    Alpine,
    /// Oracle Linux, Amazon Linux, busybox, scratch, …
    Other,
}

/// One row of the base-image table.
#[derive(Clone, Debug, PartialEq)]
pub struct BaseImage {
    /// Canonical name (`node`, `gcr.io/distroless/static-debian12`).
    pub image: &'static str,
    /// The tag of the row that the requested tag resolved to.
    pub resolved_tag: &'static str,
    /// Compressed bytes (sum of the gzip layer blobs, linux/amd64).
    pub compressed: u64,
    /// Uncompressed bytes (on disk, what `docker images` shows).
    pub uncompressed: u64,
    /// `uncompressed` was computed from `compressed` with the measured ratio
    /// of the OS family (see the data file's header), not measured.
    pub uncompressed_derived: bool,
    /// Compressed size of each layer, bottom first; empty when unknown.
    pub layers: Vec<u64>,
    pub os: OsFamily,
    /// Debian/Ubuntu codename (`bookworm`, `noble`) or Alpine version (`3.24.2`).
    pub suite: Option<&'static str>,
    /// A third-party figure, not measured from the registry (distroless).
    pub approximate: bool,
    /// No shell and no package manager (distroless).
    pub distroless: bool,
    /// An older build than the tag points to now.
    pub stale: bool,
    /// Version of the main software (`24.19.0`), when it is a plain version.
    pub version: Option<&'static str>,
    /// The image it is built FROM (`buildpack-deps:bookworm`), when known.
    pub parent: Option<&'static str>,
    /// Date the row was observed (`2026-08-03`).
    pub observed: Option<&'static str>,
    /// Other tags that resolve to this row.
    pub aliases: Vec<&'static str>,
    /// Other names of the same image (`gcr.io/distroless/static`).
    pub other_names: Vec<&'static str>,
}

#[derive(Debug, Default)]
pub(crate) struct BaseTable {
    pub(crate) rows: Vec<BaseImage>,
    /// ((name, tag), row), sorted; a row's own tag comes before aliases.
    index: Vec<((&'static str, &'static str), usize)>,
    /// (name, row), sorted by name.
    by_name: Vec<(&'static str, usize)>,
    pub(crate) provenance: Vec<&'static str>,
}

fn opt(s: &'static str) -> Option<&'static str> {
    (s != "-" && !s.is_empty()).then_some(s)
}

fn list(s: &'static str) -> Vec<&'static str> {
    if s == "-" || s.is_empty() {
        Vec::new()
    } else {
        s.split(',').filter(|x| !x.is_empty()).collect()
    }
}

impl BaseTable {
    /// Parses the TSV; malformed rows are skipped.
    pub(crate) fn parse(text: &'static str) -> BaseTable {
        let mut t = BaseTable::default();
        let mut header_seen = false;
        for line in text.lines() {
            if let Some(c) = line.strip_prefix("# ") {
                if c.contains("provenance:") {
                    t.provenance.push(c);
                }
                continue;
            }
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !header_seen {
                header_seen = true;
                if line.starts_with("image\t") {
                    continue;
                }
            }
            let f: Vec<&'static str> = line.split('\t').collect();
            let [names, tag, aliases, comp, unc, kind, layers, os, suite, flags, version, parent, observed] =
                f[..]
            else {
                continue;
            };
            let (Ok(compressed), Ok(uncompressed)) = (comp.parse::<u64>(), unc.parse::<u64>())
            else {
                continue;
            };
            let Some(layers) = list(layers)
                .into_iter()
                .map(|x| x.parse::<u64>().ok())
                .collect::<Option<Vec<_>>>()
            else {
                continue;
            };
            let mut names = list(names).into_iter();
            let Some(image) = names.next() else { continue };
            if tag.is_empty() {
                continue;
            }
            let flags = list(flags);
            let row = BaseImage {
                image,
                resolved_tag: tag,
                compressed,
                uncompressed,
                uncompressed_derived: kind == "derived",
                layers,
                os: match os {
                    "debian" => OsFamily::Debian,
                    "ubuntu" => OsFamily::Ubuntu,
                    "alpine" => OsFamily::Alpine,
                    _ => OsFamily::Other,
                },
                suite: opt(suite),
                approximate: flags.contains(&"approximate"),
                distroless: flags.contains(&"distroless"),
                stale: flags.contains(&"stale"),
                version: opt(version),
                parent: opt(parent),
                observed: opt(observed),
                aliases: list(aliases),
                other_names: names.collect(),
            };
            let i = t.rows.len();
            for name in std::iter::once(row.image).chain(row.other_names.iter().copied()) {
                t.by_name.push((name, i));
                t.index.push(((name, row.resolved_tag), i));
            }
            t.rows.push(row);
        }
        for (i, row) in t.rows.iter().enumerate() {
            for name in std::iter::once(row.image).chain(row.other_names.iter().copied()) {
                t.index.extend(row.aliases.iter().map(|&a| ((name, a), i)));
            }
        }
        // Stable sort, first entry per key kept: a row's own tag (pushed
        // first) wins over another row's alias, and the first row over later
        // ones.
        crate::sort::sort_by_key(&mut t.index, |e| e.0);
        t.index.dedup_by_key(|e| e.0);
        crate::sort::sort_by_key(&mut t.by_name, |e| e.0);
        t
    }

    pub(crate) fn lookup(&self, image: &str, tag: &str) -> Option<&BaseImage> {
        let name = normalize_image(image);
        let tag = if tag.is_empty() { "latest" } else { tag };
        let key = (name, tag);
        let i = self.index.binary_search_by(|e| e.0.cmp(&key)).ok()?;
        self.rows.get(self.index[i].1)
    }

    pub(crate) fn closest(&self, image: &str, tag: &str) -> Option<(String, &BaseImage)> {
        let name = normalize_image(image);
        let tag = if tag.is_empty() { "latest" } else { tag };
        if let Some(row) = self.lookup(name, tag) {
            return Some((format!("{}:{}", row.image, row.resolved_tag), row));
        }
        let want = TagShape::of(tag, None);
        let start = self.by_name.partition_point(|e| e.0 < name);
        let end = self.by_name.partition_point(|e| e.0 <= name);
        let best = self.by_name[start..end]
            .iter()
            .filter_map(|&(_, i)| self.rows.get(i))
            .filter_map(|row| {
                let have = TagShape::of(row.resolved_tag, row.version);
                // Alpine vs glibc and slim vs full change the size several-fold:
                // never substitute across them.
                if have.alpine != want.alpine || have.slim != want.slim {
                    return None;
                }
                let other_words = have
                    .words
                    .iter()
                    .filter(|w| !want.words.contains(w))
                    .count()
                    + want
                        .words
                        .iter()
                        .filter(|w| !have.words.contains(w))
                        .count();
                let version = version_distance(&want, &have);
                let suite = suite_distance(want.suite.or(row_suite_word(row)), row_suite_word(row));
                Some(((other_words, version, suite, row.stale), row))
            })
            .min_by(|a, b| a.0.cmp(&b.0))?;
        let row = best.1;
        Some((format!("{}:{}", row.image, row.resolved_tag), row))
    }
}

/// `docker.io/library/node` → `node`; other registries are kept.
pub(crate) fn normalize_image(image: &str) -> &str {
    let mut s = image.trim();
    for prefix in [
        "docker.io/",
        "index.docker.io/",
        "registry-1.docker.io/",
        "registry.hub.docker.com/",
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest;
            break;
        }
    }
    s.strip_prefix("library/").unwrap_or(s)
}

const DEBIAN_ORDER: [&str; 6] = ["buster", "bullseye", "bookworm", "trixie", "forky", "sid"];
const CHANNELS: [&str; 9] = [
    "latest",
    "stable",
    "mainline",
    "lts",
    "current",
    "rolling",
    "cli",
    "dind",
    "innovation",
];

/// What a tag says: version numbers, Debian suite, alpine/slim, other words.
#[derive(Debug, Default)]
struct TagShape {
    version: Vec<u64>,
    /// The version comes from the tag itself (`24-slim`), not from the row.
    tag_versioned: bool,
    suite: Option<&'static str>,
    alpine: bool,
    slim: bool,
    words: Vec<String>,
}

impl TagShape {
    fn of(tag: &str, row_version: Option<&str>) -> TagShape {
        let mut shape = TagShape::default();
        let mut parts = tag.split('-').peekable();
        if let Some(v) = parts.peek().and_then(|p| parse_version(p)) {
            shape.version = v;
            shape.tag_versioned = true;
            parts.next();
        }
        for part in parts {
            if let Some(s) = DEBIAN_ORDER.iter().find(|s| **s == part) {
                shape.suite = Some(s);
            } else if part.starts_with("alpine") {
                shape.alpine = true;
            } else if part == "slim" {
                shape.slim = true;
            } else if !CHANNELS.contains(&part) && !part.is_empty() {
                shape.words.push(part.to_string());
            }
        }
        if shape.version.is_empty() {
            if let Some(v) = row_version.and_then(parse_version) {
                shape.version = v;
            }
        }
        shape
    }
}

fn parse_version(s: &str) -> Option<Vec<u64>> {
    let s = s.strip_prefix('v').unwrap_or(s);
    if s.is_empty() {
        return None;
    }
    s.split('.').map(|p| p.parse::<u64>().ok()).collect()
}

/// Weighted distance over the first three components; a tag without a
/// version prefers rows whose tag has none either (the "latest" line).
fn version_distance(want: &TagShape, have: &TagShape) -> u64 {
    if want.version.is_empty() {
        return u64::from(have.tag_versioned);
    }
    let mut d = 0u64;
    for (i, w) in want.version.iter().take(3).enumerate() {
        let h = have.version.get(i).copied().unwrap_or(0);
        d = d.saturating_add(
            w.abs_diff(h)
                .saturating_mul(1_000_000u64 / 1000u64.pow(i as u32)),
        );
    }
    d
}

fn row_suite_word(row: &BaseImage) -> Option<&'static str> {
    row.suite
        .and_then(|s| DEBIAN_ORDER.iter().find(|d| **d == s).copied())
}

fn suite_distance(want: Option<&str>, have: Option<&str>) -> usize {
    let pos = |s: Option<&str>| s.and_then(|s| DEBIAN_ORDER.iter().position(|d| *d == s));
    match (pos(want), pos(have)) {
        (Some(a), Some(b)) => a.abs_diff(b),
        (None, None) => 0,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_rows_are_skipped() {
        let t = BaseTable::parse(
            "# provenance: x\nimage\ttag\nfoo\n\
             a\tlatest\t-\t10\t20\tmeasured\t10\tdebian\tbookworm\t-\t-\t-\t-\n\
             b\tlatest\t-\tten\t20\tmeasured\t-\tdebian\t-\t-\t-\t-\t-\n\
             c\tlatest\t-\t1\t2\tmeasured\t1,x\tdebian\t-\t-\t-\t-\t-\n\
             \t\t\t\t\t\t\t\t\t\t\t\t\n",
        );
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.provenance, ["provenance: x"]);
        assert!(t.lookup("a", "").is_some_and(|r| r.compressed == 10));
        assert!(t.lookup("b", "latest").is_none());
        assert!(t.closest("zzz", "1").is_none());
    }

    #[test]
    fn tag_shapes() {
        let s = TagShape::of("3.12-slim-bookworm", None);
        assert_eq!(
            (s.version, s.suite, s.slim, s.alpine),
            (vec![3, 12], Some("bookworm"), true, false)
        );
        let s = TagShape::of("20-alpine3.19", None);
        assert!(s.alpine && s.words.is_empty());
        let s = TagShape::of("lts-slim", Some("24.19.0"));
        assert_eq!(s.version, [24, 19, 0]);
        assert_eq!(normalize_image("docker.io/library/node"), "node");
        assert_eq!(
            normalize_image("gcr.io/distroless/static"),
            "gcr.io/distroless/static"
        );
    }
}
