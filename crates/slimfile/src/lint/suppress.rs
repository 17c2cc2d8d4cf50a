//! Suppression pragmas:
//!
//! * `# hadolint ignore=DL3008,DL3015` (or `# slimfile ignore=...`) on the
//!   line right before an instruction: that instruction, as in hadolint;
//! * `# hadolint global ignore=...`: the whole file;
//! * `# hadolint stage ignore=...`: the rest of the stage it is written in;
//! * a `# check=skip=A,B // remark` comment before an instruction (BuildKit's
//!   per-instruction form, `all` for every BuildKit check): that instruction
//!   (a finding tied to another instruction with `Violation::on_instruction`
//!   follows that one's comments);
//! * BuildKit's `# check=skip=A,B;error=true;experimental=C` parser
//!   directive: `skip` turns rules off (`all` for every BuildKit check),
//!   `error=true` makes BuildKit checks errors, `experimental` enables
//!   experimental checks (`all` or a list).
//!
//! Ids are codes, names or aliases. `disable-ignore-pragma` in the config
//! turns the `ignore` pragmas (not the BuildKit directive) off.

use super::{Config, Group, Rule};
use crate::ast::{Dockerfile, ItemKind, TokenKind};
use crate::semantic::Semantic;
use crate::{Severity, TextRange};

#[derive(Clone, Debug, Default)]
pub struct Suppressions {
    /// Instruction index → ids ignored on it.
    next: Vec<(usize, Vec<String>)>,
    global: Vec<String>,
    /// (stage, first instruction it applies from, ids).
    stage: Vec<(usize, usize, Vec<String>)>,
    check_skip: Vec<String>,
    check_error: bool,
    experimental: Vec<String>,
}

enum Scope {
    Next,
    Global,
    Stage,
}

/// Parses `# hadolint [global|stage] ignore=A,B`.
fn pragma(comment: &str) -> Option<(Scope, Vec<String>)> {
    let t = comment.trim_start().strip_prefix('#')?.trim_start();
    let rest = t.strip_prefix("hadolint").or_else(|| t.strip_prefix("slimfile"))?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start();
    let (scope, rest) = if let Some(r) = rest.strip_prefix("global") {
        (Scope::Global, r.trim_start())
    } else if let Some(r) = rest.strip_prefix("stage") {
        (Scope::Stage, r.trim_start())
    } else {
        (Scope::Next, rest)
    };
    let rest = rest.strip_prefix("ignore")?.trim_start().strip_prefix('=')?;
    let ids: Vec<String> = rest
        .split([',', ' ', '\t'])
        .map(str::trim)
        .take_while(|s| !s.starts_with('#'))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    Some((scope, ids))
}

fn names(rule: &Rule, ids: &[String]) -> bool {
    ids.iter().any(|i| rule.is_named(i))
}

impl Suppressions {
    pub fn collect(df: &Dockerfile, sem: &Semantic, config: &Config) -> Suppressions {
        let mut s = Suppressions::default();
        if let Some(d) = df.directive("check") {
            for part in d.value.split(';') {
                let Some((k, v)) = part.split_once('=') else { continue };
                let list: Vec<String> = v.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect();
                match k.trim().to_ascii_lowercase().as_str() {
                    "skip" => s.check_skip = list,
                    "error" => s.check_error = v.trim().eq_ignore_ascii_case("true"),
                    "experimental" => s.experimental = list,
                    _ => {}
                }
            }
        }
        if config.disable_ignore_pragma {
            return s;
        }
        // Comments with the instruction that starts on the next line.
        let mut comments: Vec<TextRange> = Vec::new();
        for item in &df.items {
            match item.kind {
                ItemKind::Comment => comments.push(item.content),
                ItemKind::Instruction(i) => comments.extend(
                    df.instructions[i].tokens.iter().filter(|t| t.kind == TokenKind::Comment).map(|t| t.range),
                ),
                _ => {}
            }
        }
        for c in comments {
            // BuildKit's per-instruction `# check=skip=Rule // remark` comment.
            let body = df.text(c).trim_start();
            let body = body.strip_prefix('#').unwrap_or(body).trim_start();
            if let Some(ids) = crate::rules::buildkit::check_comment_skips(body) {
                if let Some(i) = df.instructions.iter().position(|i| i.range.start > c.start) {
                    s.next.push((i, ids));
                }
                continue;
            }
            let Some((scope, ids)) = pragma(df.text(c)) else { continue };
            let line = df.line_of(c.start);
            match scope {
                Scope::Global => s.global.extend(ids),
                Scope::Next => {
                    if let Some(i) = df.instructions.iter().position(|i| i.start_line == line + 1) {
                        s.next.push((i, ids));
                    }
                }
                Scope::Stage => {
                    let from = df.instructions.iter().position(|i| i.range.start > c.start).unwrap_or(usize::MAX);
                    let stage = sem.stage_of.get(from).copied().flatten().unwrap_or(0);
                    s.stage.push((stage, from, ids));
                }
            }
        }
        s
    }

    /// Turned off for the whole file (global pragma or `check=skip`).
    pub fn skips_globally(&self, rule: &Rule) -> bool {
        names(rule, &self.global)
            || names(rule, &self.check_skip)
            || (rule.group == Group::Buildkit && self.check_skip.iter().any(|x| x == "all"))
    }

    /// Enabled by `check=experimental=`.
    pub fn experimental_enabled(&self, rule: &Rule) -> bool {
        names(rule, &self.experimental) || self.experimental.iter().any(|x| x == "all")
    }

    /// Whether a finding of `rule` at `offset` (or tied to `instruction`)
    /// is suppressed by a pragma.
    pub fn is_suppressed(
        &self,
        rule: &Rule,
        df: &Dockerfile,
        offset: usize,
        instruction: Option<usize>,
        sem: &Semantic,
    ) -> bool {
        // Instructions are in source order: the first one ending at or after
        // `offset` is the only one that can hold it.
        let found = || {
            let k = df.instructions.partition_point(|i| i.range.end < offset);
            df.instructions.get(k).filter(|i| i.range.start <= offset).map(|_| k)
        };
        let Some(idx) = instruction.or_else(found) else {
            return false;
        };
        let all_buildkit = |ids: &[String]| rule.group == Group::Buildkit && ids.iter().any(|x| x == "all");
        if self.next.iter().any(|(i, ids)| *i == idx && (names(rule, ids) || all_buildkit(ids))) {
            return true;
        }
        let stage = sem.stage_of.get(idx).copied().flatten();
        self.stage.iter().any(|(s, from, ids)| Some(*s) == stage && idx >= *from && names(rule, ids))
    }

    /// `check=error=true` makes BuildKit check findings errors.
    pub fn severity(&self, rule: &Rule, configured: Severity) -> Severity {
        if self.check_error && rule.group == Group::Buildkit {
            Severity::Error
        } else {
            configured
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pragmas() {
        assert!(matches!(pragma("# hadolint ignore=DL3008,DL3015"), Some((Scope::Next, ids)) if ids == ["DL3008", "DL3015"]));
        assert!(matches!(pragma("#hadolint global ignore=DL3059"), Some((Scope::Global, ids)) if ids == ["DL3059"]));
        assert!(matches!(pragma("# slimfile stage ignore=apt-lists-not-removed"), Some((Scope::Stage, _))));
        assert!(pragma("# hadolintignore=DL1").is_none());
        assert!(pragma("# just a comment").is_none());
    }
}
