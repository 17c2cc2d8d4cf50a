use crate::ast::{Args, Keyword};
use crate::expand::Lexer;
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` port whose protocol is not lowercase
    /// (`EXPOSE 80/TCP`).
    ///
    /// ## Why it matters
    /// Docker lowercases the protocol anyway, so `TCP` works, but the
    /// documented and common form is `tcp`/`udp`/`sctp`; mixed spellings
    /// make ports harder to search and compare.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// EXPOSE 80/TCP 53/Udp
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// EXPOSE 80/tcp 53/udp
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix lowercases the protocol, which Docker does itself.
    ///
    /// ## Equivalents
    /// BuildKit ExposeProtoCasing (same check and message); droast DF078.
    pub static RULE = {
        code: "ExposeProtoCasing",
        name: "expose-proto-casing",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "Protocol in EXPOSE instruction should be lowercase",
        fix_keeps_size: true,
        check: check,
    }
}

/// Every port spec of every EXPOSE in a build stage, expanded like BuildKit
/// does: (instruction, spec, source range of the spec when it is written
/// literally).
pub(crate) fn expose_specs(ctx: &Context) -> Vec<(usize, String, Option<TextRange>, TextRange)> {
    let df = ctx.df;
    let lexer = Lexer::new(df.escape);
    let mut out = Vec::new();
    for stage in &ctx.sem.stages {
        for idx in stage.instructions.clone() {
            let inst = &df.instructions[idx];
            if inst.keyword != Keyword::Expose {
                continue;
            }
            let Args::List(words) = &inst.args else { continue };
            let scope = ctx.sem.scope_at(df, idx);
            for w in words {
                let specs = lexer.process_words(&w.value, &scope).unwrap_or_else(|_| vec![w.value.clone()]);
                let literal = specs.len() == 1 && specs[0] == w.value && w.range.slice(&df.source) == w.value;
                for s in specs {
                    out.push((idx, s, literal.then_some(w.range), w.range));
                }
            }
        }
    }
    out
}

/// The container-port part of a spec (after the last host/IP part).
pub(crate) fn container_part(spec: &str) -> &str {
    spec.rsplit(':').next().unwrap_or(spec)
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, spec, literal, word_range) in expose_specs(ctx) {
        let container = container_part(&spec);
        let Some((_, proto)) = container.split_once('/') else { continue };
        if proto == proto.to_lowercase() {
            continue;
        }
        let lower = proto.to_lowercase();
        let mut v =
            Violation::new(word_range, format!("Defined protocol '{spec}' in EXPOSE instruction should be lowercase"))
                .note("Docker lowercases the protocol; write it as it is used");
        if let Some(r) = literal {
            // The protocol is the tail of the literal word.
            let proto_range = TextRange::new(r.end - proto.len(), r.end);
            v.range = proto_range;
            v = v.with_fix(Fix::safe(format!("Write `{lower}`"), vec![Edit::replace(proto_range, lower.clone())]));
        }
        out.push(v.on_instruction(idx));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{findings, fixed};

    #[test]
    fn fires_per_port() {
        assert_eq!(
            findings("FROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n", "ExposeProtoCasing"),
            [
                ("TcP".to_string(), "Defined protocol '80/TcP' in EXPOSE instruction should be lowercase".to_string()),
                (
                    "TCP".to_string(),
                    "Defined protocol '8080/TCP' in EXPOSE instruction should be lowercase".to_string()
                ),
            ]
        );
    }

    #[test]
    fn quiet_on_lowercase() {
        assert!(findings("FROM scratch\nEXPOSE 80 443/tcp 53/udp\n", "ExposeProtoCasing").is_empty());
    }

    #[test]
    fn fix_lowercases() {
        assert_eq!(fixed("FROM scratch\nEXPOSE 80/TCP 81\n", "ExposeProtoCasing"), "FROM scratch\nEXPOSE 80/tcp 81\n");
    }
}
