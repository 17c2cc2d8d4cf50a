//! The playground's lint settings: rules on or off, severity overrides, the
//! failure threshold and an imported `.hadolint.yaml`, turned into the core's
//! [`slimfile::lint::Config`] for `slimfile::analyze`. Pure.
//!
//! The imported YAML is read by the core's own parser
//! ([`Config::from_yaml`], the CLI's), and the choices made in the panel are
//! applied on top of it. [`Settings::to_compact`] / [`Settings::from_compact`]
//! give a small line-based text for localStorage and the share link (only
//! what differs from the defaults; unknown lines are skipped so that older
//! pages can read newer strings).
//!
//! Wiring (for `App`): hold a `Settings` in the state with
//! `Action::SetSettings(Settings)` (the panel always sends the whole new
//! value), pass `settings.to_config().0` as `Input::config` to
//! `slimfile::analyze`, and save `to_compact()` in localStorage.

use slimfile::lint::suppress::Suppressions;
use slimfile::lint::{Config, Rule};
use slimfile::Severity;

/// The failure threshold: findings at or above it fail a CI run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Threshold {
    /// As the imported YAML says, else the CLI's default (`info`).
    #[default]
    Unset,
    /// Never fail.
    Never,
    At(Severity),
}

impl Threshold {
    pub fn as_str(self) -> &'static str {
        match self {
            Threshold::Unset => "default",
            Threshold::Never => "none",
            Threshold::At(s) => s.as_str(),
        }
    }

    pub fn parse(s: &str) -> Option<Threshold> {
        match s {
            "default" | "" => Some(Threshold::Unset),
            "none" => Some(Threshold::Never),
            s => Severity::parse(s).map(Threshold::At),
        }
    }

    /// Every choice, for a select.
    pub const ALL: [Threshold; 6] = [
        Threshold::Unset,
        Threshold::At(Severity::Error),
        Threshold::At(Severity::Warning),
        Threshold::At(Severity::Info),
        Threshold::At(Severity::Style),
        Threshold::Never,
    ];
}

/// The panel's choice for one rule; `None` fields follow the imported YAML,
/// then the rule's default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleChoice {
    pub enabled: Option<bool>,
    pub severity: Option<Severity>,
}

/// Everything the user set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// (rule code, choice), sorted by code, one per rule, no empty choices.
    pub rules: Vec<(String, RuleChoice)>,
    pub threshold: Threshold,
    /// The imported `.hadolint.yaml` text (empty: none).
    pub hadolint_yaml: String,
}

/// A rule as the panel shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleRow {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    pub group: &'static str,
    pub default_severity: Severity,
    pub default_enabled: bool,
    pub experimental: bool,
    /// What analysis will do with the current settings.
    pub enabled: bool,
    pub severity: Severity,
    /// The panel overrides the default or the YAML for this rule.
    pub changed: bool,
}

const HEADER: &str = "slimfile-settings 1";

impl Settings {
    /// The panel's choice for `code` (empty when none).
    pub fn choice(&self, code: &str) -> RuleChoice {
        self.rules.iter().find(|(c, _)| c == code).map(|(_, r)| r.clone()).unwrap_or_default()
    }

    /// Sets the choice for a rule (by code, name or alias); an unknown rule
    /// is ignored. An empty choice removes the entry.
    pub fn set_rule(&mut self, id: &str, choice: RuleChoice) {
        let Some(rule) = slimfile::rules::find(id) else { return };
        self.rules.retain(|(c, _)| c != rule.code);
        if choice != RuleChoice::default() {
            let at = self.rules.partition_point(|(c, _)| c.as_str() < rule.code);
            self.rules.insert(at, (rule.code.to_string(), choice));
        }
    }

    /// The configuration for `slimfile::analyze`, and the problems found in
    /// the imported YAML.
    pub fn to_config(&self) -> (Config, Vec<String>) {
        let (mut cfg, errors) = if self.hadolint_yaml.trim().is_empty() {
            (Config::default(), Vec::new())
        } else {
            Config::from_yaml(&self.hadolint_yaml)
        };
        for (code, choice) in &self.rules {
            let Some(rule) = slimfile::rules::find(code) else { continue };
            match choice.enabled {
                Some(false) => cfg.ignored.push(rule.code.to_string()),
                Some(true) => {
                    cfg.ignored.retain(|i| !rule.is_named(i));
                    cfg.enabled.push(rule.code.to_string());
                }
                None => {}
            }
            if let Some(sev) = choice.severity {
                // The last override wins (Config::severity).
                cfg.overrides.push((rule.code.to_string(), sev));
            }
        }
        match self.threshold {
            Threshold::Unset => {}
            t => cfg.failure_threshold = Some(t.as_str().to_string()),
        }
        (cfg, errors)
    }

    /// Every rule of the registry with what the settings make of it.
    pub fn rule_rows(&self) -> Vec<RuleRow> {
        let (cfg, _) = self.to_config();
        let (yaml, _) = if self.hadolint_yaml.trim().is_empty() {
            (Config::default(), Vec::new())
        } else {
            Config::from_yaml(&self.hadolint_yaml)
        };
        let none = Suppressions::default();
        slimfile::rules::all()
            .iter()
            .map(|r: &&Rule| RuleRow {
                code: r.code,
                name: r.name,
                summary: r.summary,
                group: r.group.as_str(),
                default_severity: r.severity,
                default_enabled: r.default_enabled && !r.experimental,
                experimental: r.experimental,
                enabled: cfg.is_enabled(r, &none),
                severity: cfg.severity(r),
                changed: self.rules.iter().any(|(c, _)| c == r.code)
                    || yaml.is_enabled(r, &none) != (r.default_enabled && !r.experimental)
                    || yaml.severity(r) != r.severity,
            })
            .collect()
    }

    /// The failure threshold analysis uses: `None` never fails.
    pub fn effective_threshold(&self) -> Option<Severity> {
        match self.to_config().0.threshold() {
            Some(t) => t,
            // The CLI's default (`slimfile check`): info and above fail.
            None => Some(Severity::Info),
        }
    }

    /// A compact line-based text: a header line, `threshold <t>`, one
    /// `rule <CODE> <on|off|-> [<severity>]` line per choice, then `yaml`
    /// followed by the imported YAML verbatim.
    pub fn to_compact(&self) -> String {
        let mut out = String::from(HEADER);
        out.push('\n');
        if self.threshold != Threshold::Unset {
            out.push_str(&format!("threshold {}\n", self.threshold.as_str()));
        }
        for (code, c) in &self.rules {
            let on = match c.enabled {
                Some(true) => "on",
                Some(false) => "off",
                None => "-",
            };
            match c.severity {
                Some(s) => out.push_str(&format!("rule {code} {on} {}\n", s.as_str())),
                None => out.push_str(&format!("rule {code} {on}\n")),
            }
        }
        if !self.hadolint_yaml.is_empty() {
            out.push_str("yaml\n");
            out.push_str(&self.hadolint_yaml);
        }
        out
    }

    /// Reads [`Settings::to_compact`]'s text. Lines it does not know, and
    /// rules the registry does not have, are skipped; a text without the
    /// header is an error.
    pub fn from_compact(text: &str) -> Result<Settings, String> {
        let mut lines = text.split_inclusive('\n');
        match lines.next() {
            Some(h) if h.trim_end() == HEADER => {}
            Some(h) if h.starts_with("slimfile-settings ") => {
                return Err(format!("settings version `{}` is newer than this page", h.trim_end()))
            }
            _ => return Err("not slimfile settings".to_string()),
        }
        let mut s = Settings::default();
        let mut consumed = text.split_inclusive('\n').next().map_or(0, str::len);
        for line in lines {
            consumed += line.len();
            let l = line.trim_end_matches(['\n', '\r']);
            if l == "yaml" {
                s.hadolint_yaml = text[consumed..].to_string();
                break;
            }
            let words: Vec<&str> = l.split(' ').collect();
            match words.as_slice() {
                ["threshold", t] => s.threshold = Threshold::parse(t).unwrap_or_default(),
                ["rule", code, on, rest @ ..] => {
                    let enabled = match *on {
                        "on" => Some(true),
                        "off" => Some(false),
                        _ => None,
                    };
                    let severity = rest.first().and_then(|v| Severity::parse(v));
                    s.set_rule(code, RuleChoice { enabled, severity });
                }
                _ => {}
            }
        }
        Ok(s)
    }
}
