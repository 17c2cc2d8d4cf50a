use super::util::{program_range, runs};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags the RUNs of a stage that use `wget` or `curl` once the stage has
    /// used both.
    ///
    /// ## Why it matters
    /// Both tools download files; having both usually means both are
    /// installed, which costs space (curl with its libraries is a few MB,
    /// wget about as much) and doubles what needs patching. Pick one.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN wget -q https://example.com/a.tar.gz
    /// RUN curl -fsSLO https://example.com/b.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN curl -fsSLO https://example.com/a.tar.gz \
    ///  && curl -fsSLO https://example.com/b.tar.gz
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the two tools take different options.
    ///
    /// ## Equivalents
    /// hadolint DL4001; Trivy DS014; KICS "run using wget and curl"; Semgrep
    /// use-either-wget-or-curl.
    pub static RULE = {
        code: "DL4001",
        name: "wget-and-curl",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Either use Wget or Curl but not both",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let runs = runs(ctx);
    // Separate tallies for the stage's own RUNs and its ONBUILD triggers
    // (which run in another build); both reset at each FROM.
    let mut seen = [[false; 2]; 2];
    let mut next_run = runs.iter().peekable();
    for (idx, inst) in ctx.instructions() {
        if inst.keyword == Keyword::From && !ctx.is_onbuild(idx) {
            seen = [[false; 2]; 2];
            continue;
        }
        let Some(run) = next_run.next_if(|r| r.idx == idx) else { continue };
        let tally = &mut seen[usize::from(run.onbuild)];
        let mut first = None;
        for (script, _, cmd) in run.named(&["curl", "wget"]) {
            let k = usize::from(cmd.name() == Some("wget"));
            tally[k] = true;
            first.get_or_insert((script, cmd));
        }
        if let (Some((script, cmd)), [true, true]) = (first, *tally) {
            out.push(
                Violation::new(program_range(ctx, script, cmd), "this stage uses both `wget` and `curl`")
                    .note("both download files; keeping both installed costs space and maintenance")
                    .fix_title("use one of them throughout the stage"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_per_run_once_both_seen() {
        let src = "FROM x\nRUN wget a\nRUN echo && curl b\nRUN echo\nRUN wget c\n";
        let f = findings(src, "DL4001");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].0, "curl");
        assert_eq!(f[0].1, "this stage uses both `wget` and `curl`");
        assert_eq!(f[1].0, "wget");
    }

    #[test]
    fn stages_are_separate() {
        assert!(ranges("FROM x\nRUN wget a\nFROM y\nRUN curl b\n", "DL4001").is_empty());
    }
}
