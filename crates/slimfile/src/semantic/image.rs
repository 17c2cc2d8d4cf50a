//! Image references as Docker parses them (distribution/reference):
//! `[registry[:port]/]path[:tag][@algorithm:digest]`, with Docker Hub's
//! defaults (`docker.io`, `library/` for single-component names).

/// A parsed image reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// As written (after variable expansion).
    pub raw: String,
    /// `docker.io` when none is given.
    pub registry: String,
    /// The repository path, with `library/` added for official Hub images.
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    /// Parses a reference; the error says what is wrong.
    pub fn parse(raw: &str) -> Result<ImageRef, String> {
        if raw.is_empty() {
            return Err("empty image reference".into());
        }
        if raw.chars().any(|c| c.is_whitespace()) {
            return Err(format!("invalid reference format: {raw:?} contains whitespace"));
        }
        let (rest, digest) = match raw.split_once('@') {
            Some((r, d)) => {
                let valid = d.split_once(':').is_some_and(|(alg, hex)| {
                    !alg.is_empty()
                        && alg.chars().all(|c| c.is_ascii_alphanumeric() || "+._-".contains(c))
                        && hex.len() >= 32
                        && hex.chars().all(|c| c.is_ascii_hexdigit())
                });
                if !valid {
                    return Err(format!("invalid digest {d:?}: expected algorithm:hex, such as sha256:<64 hex digits>"));
                }
                (r, Some(d.to_string()))
            }
            None => (raw, None),
        };
        // A tag is after the last ':' that follows the last '/'.
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => (&rest[..last_slash + i], Some(rest[last_slash + i + 1..].to_string())),
            None => (rest, None),
        };
        if let Some(t) = &tag {
            let ok = !t.is_empty()
                && t.len() <= 128
                && t.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                && t.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
            if !ok {
                return Err(format!("invalid tag {t:?}: tags are letters, digits, '_', '.', '-' (at most 128)"));
            }
        }
        let mut parts: Vec<&str> = name.split('/').collect();
        let registry = if parts.len() > 1 && (parts[0].contains('.') || parts[0].contains(':') || parts[0] == "localhost") {
            parts.remove(0).to_string()
        } else {
            "docker.io".to_string()
        };
        if parts.iter().any(|p| !valid_component(p)) {
            return Err(format!(
                "invalid reference format: repository name {name:?} must be lowercase letters, digits and separators"
            ));
        }
        let mut repository = parts.join("/");
        if registry == "docker.io" && parts.len() == 1 {
            repository = format!("library/{repository}");
        }
        Ok(ImageRef { raw: raw.to_string(), registry, repository, tag, digest })
    }

    /// Docker Hub official image (`library/...`).
    pub fn is_official(&self) -> bool {
        self.registry == "docker.io" && self.repository.starts_with("library/")
    }

    /// The name users write: `node`, `bitnami/redis`, `gcr.io/distroless/static`.
    pub fn familiar_name(&self) -> String {
        if self.registry == "docker.io" {
            self.repository.strip_prefix("library/").unwrap_or(&self.repository).to_string()
        } else {
            format!("{}/{}", self.registry, self.repository)
        }
    }

    /// The tag, or `latest` when neither tag nor digest is given (what Docker pulls).
    pub fn effective_tag(&self) -> Option<&str> {
        match (&self.tag, &self.digest) {
            (Some(t), _) => Some(t),
            (None, None) => Some("latest"),
            (None, Some(_)) => None,
        }
    }
}

fn valid_component(p: &str) -> bool {
    // [a-z0-9]+ separated by '.', '_', '__' or runs of '-'.
    let b = p.as_bytes();
    if b.is_empty() || !b[0].is_ascii_lowercase() && !b[0].is_ascii_digit() {
        return false;
    }
    let last = b[b.len() - 1];
    if !(last.is_ascii_lowercase() || last.is_ascii_digit()) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            i += 1;
            continue;
        }
        match c {
            b'.' => i += 1,
            b'_' => i += if b.get(i + 1) == Some(&b'_') { 2 } else { 1 },
            b'-' => {
                while b.get(i) == Some(&b'-') {
                    i += 1;
                }
                continue;
            }
            _ => return false,
        }
        if !b.get(i).is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit()) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_references() {
        let r = ImageRef::parse("node:20-alpine").unwrap();
        assert_eq!((r.registry.as_str(), r.repository.as_str(), r.tag.as_deref()), ("docker.io", "library/node", Some("20-alpine")));
        assert!(r.is_official());
        assert_eq!(r.familiar_name(), "node");
        let r = ImageRef::parse("gcr.io/distroless/static-debian12:nonroot").unwrap();
        assert_eq!(r.registry, "gcr.io");
        assert_eq!(r.familiar_name(), "gcr.io/distroless/static-debian12");
        let r = ImageRef::parse("localhost:5000/team/app").unwrap();
        assert_eq!((r.registry.as_str(), r.tag.as_deref()), ("localhost:5000", None));
        assert_eq!(r.effective_tag(), Some("latest"));
        let d = format!("alpine@sha256:{}", "a".repeat(64));
        let r = ImageRef::parse(&d).unwrap();
        assert_eq!(r.effective_tag(), None);
        assert!(r.digest.is_some());
        assert_eq!(ImageRef::parse("bitnami/redis:7.2").unwrap().repository, "bitnami/redis");
    }

    #[test]
    fn rejects_bad_references() {
        for bad in ["Node:20", "node:", "node:-x", "a b", "", "node@sha256:xyz", "my__-app", "-node"] {
            assert!(ImageRef::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
