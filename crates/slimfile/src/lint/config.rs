//! Configuration: hadolint's `.hadolint.yaml` keys (so existing files keep
//! working) plus our own, read from the same small YAML subset.
//!
//! Keys: `ignored: [DL3008, ...]`, `override: {error: [..], warning: [..],
//! info: [..], style: [..]}`, `trustedRegistries: [docker.io, ...]`,
//! `failure-threshold: warning`, `label-schema: {author: text, ...}`,
//! `strict-labels: true`, `disable-ignore-pragma: true`; slimfile's own:
//! `enabled: [DL3057, ...]` (turn on rules that are off by default) and
//! `experimental: true` (BuildKit's experimental checks).

use super::suppress::Suppressions;
use super::Rule;
use crate::Severity;

/// The lint configuration. `Default` is hadolint's default behaviour.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Rules turned off (codes, names or aliases).
    pub ignored: Vec<String>,
    /// Rules turned on that are off by default.
    pub enabled: Vec<String>,
    /// Severity overrides; overriding an off-by-default rule turns it on.
    pub overrides: Vec<(String, Severity)>,
    /// Registries base images may come from (DL3026); empty: any.
    pub trusted_registries: Vec<String>,
    /// `error|warning|info|style|none`, as written.
    pub failure_threshold: Option<String>,
    /// Required labels and their types (DL3049 and the label format rules).
    pub label_schema: Vec<(String, String)>,
    /// Labels outside the schema are reported (DL3050).
    pub strict_labels: bool,
    /// Ignore `# hadolint ignore=` pragmas.
    pub disable_ignore_pragma: bool,
    /// Enable BuildKit's experimental checks.
    pub experimental: bool,
}

impl Config {
    /// Whether a rule runs.
    pub fn is_enabled(&self, rule: &Rule, supp: &Suppressions) -> bool {
        if self.ignored.iter().any(|i| rule.is_named(i)) || supp.skips_globally(rule) {
            return false;
        }
        if rule.experimental {
            return self.experimental || supp.experimental_enabled(rule) || self.enabled.iter().any(|i| rule.is_named(i));
        }
        rule.default_enabled
            || self.enabled.iter().any(|i| rule.is_named(i))
            || self.overrides.iter().any(|(i, _)| rule.is_named(i))
    }

    /// The severity of a rule's findings.
    pub fn severity(&self, rule: &Rule) -> Severity {
        self.overrides.iter().rev().find(|(i, _)| rule.is_named(i)).map_or(rule.severity, |(_, s)| *s)
    }

    /// The failure threshold, if configured: `Some(None)` means "never fail".
    pub fn threshold(&self) -> Option<Option<Severity>> {
        let t = self.failure_threshold.as_deref()?;
        if t.eq_ignore_ascii_case("none") || t.eq_ignore_ascii_case("ignore") {
            Some(None)
        } else {
            Severity::parse(t).map(Some)
        }
    }

    /// Reads a `.hadolint.yaml` (or slimfile's own config, same format).
    /// Unknown keys and bad values are reported, never fatal.
    pub fn from_yaml(text: &str) -> (Config, Vec<String>) {
        let mut cfg = Config::default();
        let mut errors = Vec::new();
        let root = match yaml::parse(text) {
            Ok(v) => v,
            Err(e) => return (cfg, vec![e]),
        };
        let yaml::Value::Map(entries) = root else {
            if !matches!(root, yaml::Value::Null) {
                errors.push("the configuration must be a mapping of keys to values".into());
            }
            return (cfg, errors);
        };
        for (key, value) in entries {
            match key.as_str() {
                "ignored" => cfg.ignored = value.strings(),
                "enabled" => cfg.enabled = value.strings(),
                "trustedRegistries" | "trusted-registries" => cfg.trusted_registries = value.strings(),
                "override" => {
                    if let yaml::Value::Map(levels) = value {
                        for (level, codes) in levels {
                            match Severity::parse(&level) {
                                Some(sev) => cfg.overrides.extend(codes.strings().into_iter().map(|c| (c, sev))),
                                None if level == "ignore" || level == "none" => cfg.ignored.extend(codes.strings()),
                                None => errors.push(format!("override: unknown severity `{level}`")),
                            }
                        }
                    }
                }
                "failure-threshold" | "failureThreshold" => cfg.failure_threshold = value.as_str().map(str::to_string),
                "label-schema" | "labelSchema" => {
                    if let yaml::Value::Map(m) = value {
                        cfg.label_schema = m.into_iter().map(|(k, v)| (k, v.as_str().unwrap_or("text").to_string())).collect();
                    }
                }
                "strict-labels" | "strictLabels" => cfg.strict_labels = value.as_bool(),
                "disable-ignore-pragma" | "disableIgnorePragma" => cfg.disable_ignore_pragma = value.as_bool(),
                "experimental" => cfg.experimental = value.as_bool(),
                // hadolint output options: meaningful to its CLI, not to the checks.
                "no-fail" | "no-color" | "format" | "verbose" | "output-file" => {}
                other => errors.push(format!("unknown configuration key `{other}`")),
            }
        }
        (cfg, errors)
    }
}

/// The YAML subset hadolint configs use: block and flow mappings and
/// sequences of scalars, quoted or plain scalars, comments.
pub mod yaml {
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub enum Value {
        Null,
        Str(String),
        List(Vec<Value>),
        Map(Vec<(String, Value)>),
    }

    impl Value {
        pub fn as_str(&self) -> Option<&str> {
            match self {
                Value::Str(s) => Some(s),
                _ => None,
            }
        }
        pub fn as_bool(&self) -> bool {
            matches!(self.as_str(), Some("true" | "yes" | "on" | "True" | "TRUE"))
        }
        /// A list of scalars (a lone scalar counts as a list of one).
        pub fn strings(&self) -> Vec<String> {
            match self {
                Value::Str(s) if !s.is_empty() => vec![s.clone()],
                Value::List(v) => v.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
                _ => Vec::new(),
            }
        }
    }

    fn strip_comment(line: &str) -> &str {
        let mut quote = None;
        for (i, c) in line.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '#') if i == 0 || line[..i].ends_with([' ', '\t']) => return &line[..i],
                _ => {}
            }
        }
        line
    }

    fn scalar(s: &str) -> Value {
        let s = s.trim();
        if s.is_empty() || s == "~" || s == "null" {
            return Value::Null;
        }
        if s.starts_with('[') && s.ends_with(']') {
            let inner = &s[1..s.len() - 1];
            return Value::List(inner.split(',').map(str::trim).filter(|x| !x.is_empty()).map(scalar).collect());
        }
        if s.starts_with('{') && s.ends_with('}') {
            let inner = &s[1..s.len() - 1];
            return Value::Map(
                inner
                    .split(',')
                    .filter_map(|kv| kv.split_once(':'))
                    .map(|(k, v)| (unquote(k.trim()), scalar(v)))
                    .collect(),
            );
        }
        Value::Str(unquote(s))
    }

    fn unquote(s: &str) -> String {
        let b = s.as_bytes();
        if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
            s[1..s.len() - 1].to_string()
        } else {
            s.to_string()
        }
    }

    /// Parses the subset. Errors name the line.
    pub fn parse(text: &str) -> Result<Value, String> {
        // (indent, line number, content) of meaningful lines.
        let lines: Vec<(usize, usize, &str)> = text
            .lines()
            .enumerate()
            .filter_map(|(n, l)| {
                let l = strip_comment(l).trim_end();
                let t = l.trim_start();
                if t.is_empty() || t == "---" {
                    None
                } else {
                    Some((l.len() - t.len(), n + 1, t))
                }
            })
            .collect();
        let mut pos = 0;
        let v = block(&lines, &mut pos, 0)?;
        if pos < lines.len() {
            return Err(format!("line {}: unexpected indentation", lines[pos].1));
        }
        Ok(v)
    }

    /// A block at indentation >= `min`. Iterative over siblings; nesting
    /// depth is bounded by the indentation levels of the text.
    fn block(lines: &[(usize, usize, &str)], pos: &mut usize, min: usize) -> Result<Value, String> {
        let Some(&(indent, _, first)) = lines.get(*pos) else { return Ok(Value::Null) };
        if indent < min {
            return Ok(Value::Null);
        }
        if lines.len() > 10_000 {
            return Err("configuration too long".into());
        }
        if first.starts_with("- ") || first == "-" {
            let mut items = Vec::new();
            while let Some(&(i, n, t)) = lines.get(*pos) {
                if i != indent || !(t.starts_with("- ") || t == "-") {
                    if i > indent {
                        return Err(format!("line {n}: unexpected indentation"));
                    }
                    break;
                }
                *pos += 1;
                let rest = t[1..].trim();
                if rest.is_empty() {
                    items.push(block(lines, pos, indent + 1)?);
                } else {
                    items.push(scalar(rest));
                }
            }
            return Ok(Value::List(items));
        }
        let mut entries = Vec::new();
        while let Some(&(i, n, t)) = lines.get(*pos) {
            if i != indent {
                if i > indent {
                    return Err(format!("line {n}: unexpected indentation"));
                }
                break;
            }
            let Some((k, v)) = t.split_once(':') else {
                return Err(format!("line {n}: expected `key: value`"));
            };
            *pos += 1;
            let key = unquote(k.trim());
            let v = v.trim();
            let value = if v.is_empty() {
                match lines.get(*pos) {
                    // A sequence may sit at the key's own indentation.
                    Some(&(ni, _, nt)) if ni > indent || (ni == indent && nt.starts_with('-')) => {
                        block(lines, pos, ni)?
                    }
                    _ => Value::Null,
                }
            } else {
                scalar(v)
            };
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_hadolint_config() {
        let text = "# team config\nignored:\n  - DL3008\n  - DL3013 # pip\noverride:\n  error: [DL3001, DL3002]\n  \
                    warning:\n  - DL3057\ntrustedRegistries:\n- docker.io\n- \"my.registry:5000\"\n\
                    failure-threshold: warning\nlabel-schema:\n  author: text\n  url: url\nstrict-labels: true\n\
                    disable-ignore-pragma: false\nno-color: true\n";
        let (cfg, errors) = Config::from_yaml(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(cfg.ignored, vec!["DL3008", "DL3013"]);
        assert_eq!(
            cfg.overrides,
            vec![("DL3001".into(), Severity::Error), ("DL3002".into(), Severity::Error), ("DL3057".into(), Severity::Warning)]
        );
        assert_eq!(cfg.trusted_registries, vec!["docker.io", "my.registry:5000"]);
        assert_eq!(cfg.threshold(), Some(Some(Severity::Warning)));
        assert_eq!(cfg.label_schema, vec![("author".into(), "text".into()), ("url".into(), "url".into())]);
        assert!(cfg.strict_labels);
        assert!(!cfg.disable_ignore_pragma);
    }

    #[test]
    fn reports_bad_configs_without_failing() {
        let (cfg, errors) = Config::from_yaml("ignored: DL3008\nbogus: 1\noverride:\n  fatal: [DL1]\n");
        assert_eq!(cfg.ignored, vec!["DL3008"]);
        assert_eq!(errors.len(), 2, "{errors:?}");
        let (_, errors) = Config::from_yaml("a: 1\n   b: 2\n");
        assert_eq!(errors.len(), 1);
        assert_eq!(Config::from_yaml("").1.len(), 0);
    }
}
