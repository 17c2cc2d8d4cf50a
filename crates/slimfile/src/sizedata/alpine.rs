//! Alpine package installed sizes (`data/alpine-packages.tsv`): a partial
//! table from the apk lists of official `*-alpine` images, no dependencies.

/// One Alpine package as seen in an official image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlpinePackage {
    pub name: &'static str,
    pub version: &'static str,
    pub installed_bytes: u64,
    /// The Alpine release it was seen in (`3.24.2`).
    pub alpine_version: &'static str,
    /// Part of the `alpine:<version>` image itself.
    pub in_base: bool,
}

#[derive(Debug, Default)]
pub(crate) struct AlpineTable {
    pub(crate) rows: Vec<AlpinePackage>,
    /// Median installed size of the rows: the documented fallback for an
    /// unknown package (low confidence).
    pub(crate) median: u64,
    pub(crate) provenance: Option<&'static str>,
}

impl AlpineTable {
    pub(crate) fn parse(text: &'static str) -> AlpineTable {
        let mut t = AlpineTable::default();
        for line in text.lines() {
            if let Some(p) = line.strip_prefix("# source provenance: ") {
                t.provenance = Some(p);
            }
            if line.starts_with('#') || line.starts_with("package\t") || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&'static str> = line.split('\t').collect();
            if let ["@median", m] = f[..] {
                t.median = m.parse().unwrap_or(0);
                continue;
            }
            let [name, version, bytes, alpine_version, base] = f[..] else {
                continue;
            };
            let Ok(installed_bytes) = bytes.parse() else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            t.rows.push(AlpinePackage {
                name,
                version,
                installed_bytes,
                alpine_version,
                in_base: base == "b",
            });
        }
        if t.median == 0 && !t.rows.is_empty() {
            let mut v: Vec<u64> = t.rows.iter().map(|r| r.installed_bytes).collect();
            crate::sort::sort(&mut v);
            t.median = v[v.len() / 2];
        }
        t
    }

    /// The row for `name` in the Alpine release closest to `alpine_version`
    /// (same major.minor first, then the newest).
    pub(crate) fn get(&self, name: &str, alpine_version: Option<&str>) -> Option<&AlpinePackage> {
        let mm = |v: &str| -> Vec<u64> {
            v.split('.')
                .take(2)
                .filter_map(|x| x.parse().ok())
                .collect()
        };
        let full = |v: &str| -> Vec<u64> { v.split('.').filter_map(|x| x.parse().ok()).collect() };
        let want = alpine_version.map(mm);
        self.rows.iter().filter(|r| r.name == name).max_by_key(|r| {
            (
                want.as_ref().is_some_and(|w| *w == mm(r.alpine_version)),
                full(r.alpine_version),
            )
        })
    }

    /// The packages of the `alpine:<version>` image (major.minor match, else
    /// the newest release in the table), with the release used.
    pub(crate) fn base_set(
        &self,
        alpine_version: Option<&str>,
    ) -> Option<(&'static str, Vec<&'static str>)> {
        let mm = |v: &str| -> Vec<u64> {
            v.split('.')
                .take(2)
                .filter_map(|x| x.parse().ok())
                .collect()
        };
        let full = |v: &str| -> Vec<u64> { v.split('.').filter_map(|x| x.parse().ok()).collect() };
        let want = alpine_version.map(mm);
        let release = self
            .rows
            .iter()
            .filter(|r| r.in_base)
            .map(|r| r.alpine_version)
            .max_by_key(|v| (want.as_ref().is_some_and(|w| *w == mm(v)), full(v)))?;
        let names = self
            .rows
            .iter()
            .filter(|r| r.in_base && r.alpine_version == release)
            .map(|r| r.name)
            .collect();
        Some((release, names))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_and_fallback() {
        let t = AlpineTable::parse(
            "# source provenance: x\n@median\t500\npackage\tversion\tinstalled\talpine\tin_base\n\
             musl\t1\t600\t3.22.6\tb\nmusl\t2\t700\t3.24.2\tb\nlibstdc++\t3\t2800\t3.24.2\t-\nbad\tline\n\
             zlib\t1\tx\t3.24.2\tb\n",
        );
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.median, 500);
        assert_eq!(t.get("musl", None).unwrap().installed_bytes, 700);
        assert_eq!(t.get("musl", Some("3.22")).unwrap().installed_bytes, 600);
        assert_eq!(
            t.base_set(Some("3.24.1")).unwrap(),
            ("3.24.2", vec!["musl"])
        );
        assert!(AlpineTable::parse("").base_set(None).is_none());
    }
}
