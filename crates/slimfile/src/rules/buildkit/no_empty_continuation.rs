use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags an empty (or whitespace-only) line inside an instruction that is
    /// continued with `\`.
    ///
    /// ## Why it matters
    /// BuildKit skips such lines and keeps joining, so the instruction goes on
    /// after the blank line, which is rarely what a reader expects. Docker has
    /// announced that empty continuation lines will become errors.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && \
    ///
    ///     apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && \
    ///     apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix deletes the empty lines, which BuildKit ignores anyway,
    /// so the instruction stays the same.
    ///
    /// ## Equivalents
    /// BuildKit NoEmptyContinuation (same check and message; BuildKit reports
    /// the instruction's last line, slimfile the first empty line).
    pub static RULE = {
        code: "NoEmptyContinuation",
        name: "no-empty-continuation",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "Empty continuation lines will become errors in a future release",
        fix_keeps_size: true,
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let src = &ctx.df.source;
    for (idx, inst) in ctx.df.instructions.iter().enumerate() {
        let Some(first) = inst.empty_continuation_lines.first() else { continue };
        // A whole empty line: its content and its line break.
        let line = |r: &TextRange| {
            let rest = &src[r.end.min(src.len())..];
            let nl = if rest.starts_with("\r\n") { 2 } else { usize::from(rest.starts_with('\n')) };
            TextRange::new(r.start, r.end + nl)
        };
        let edits = inst.empty_continuation_lines.iter().map(|r| Edit::delete(line(r))).collect();
        let v = Violation::new(line(first), "Empty continuation line")
            .note("BuildKit skips the empty line and keeps joining the instruction; this will become an error")
            .with_fix(Fix::safe("Remove the empty continuation lines", edits));
        out.push(v.on_instruction(idx));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{findings, fixed};

    #[test]
    fn fires_once_per_instruction() {
        let src = "FROM scratch\nCOPY a \\\n\n  \nb\nCOPY a \\\nb\n";
        assert_eq!(findings(src, "NoEmptyContinuation"), [("\n".to_string(), "Empty continuation line".to_string())]);
        assert_eq!(fixed(src, "NoEmptyContinuation"), "FROM scratch\nCOPY a \\\nb\nCOPY a \\\nb\n");
    }

    #[test]
    fn comments_inside_continuations_are_fine() {
        assert!(findings("FROM scratch\nRUN a \\\n# note\n  b\n\nRUN c\n", "NoEmptyContinuation").is_empty());
    }
}
