use super::util::{append_point, runs, Run};
use crate::ast::{Args, Keyword};
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN that directly follows another RUN (only comments between)
    /// when both run a single command and have the same flags (`--mount`,
    /// `--network`, ...). RUNs that chain several commands are left alone: a
    /// split there is usually deliberate.
    ///
    /// ## Why it matters
    /// Every RUN adds a layer. Files one RUN creates and the next deletes
    /// still take space in the first layer, and each layer adds some
    /// overhead to pulls. Merging related steps keeps the image smaller and
    /// the build simpler.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN ./configure
    /// RUN make install
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN ./configure && make install
    /// ```
    ///
    /// ## Fix safety
    /// Safe fix for two plain shell-form RUNs with nothing between them but
    /// blank lines (no comment): the second command is appended to the first
    /// with `&&` on a continuation line, in the first RUN's continuation
    /// style (its indentation, `&&` leading or trailing the line). Not offered
    /// when the first command changes the shell's state for what follows
    /// (`cd`, `export`, `set`, `source`, ...), for heredocs, exec form, or a
    /// first RUN ending in `;`, `&` or a comment. The image is the same; only
    /// the layer boundaries (and so build caching) change.
    ///
    /// ## Equivalents
    /// hadolint DL3059; KICS "multiple RUN, ADD, COPY instructions listed";
    /// droast DF003.
    pub static RULE = {
        code: "DL3059",
        name: "consecutive-run",
        aliases: [],
        severity: Info,
        group: Hadolint,
        summary: "Multiple consecutive `RUN` instructions. Consider consolidation",
        check: check,
    }
}

/// How many named commands the RUN runs (an exec-form RUN counts as one).
fn command_count(ctx: &Context, idx: usize) -> usize {
    let Some(inst) = ctx.df.instructions.get(idx) else { return 0 };
    if matches!(inst.args, Args::Exec(_)) {
        return 1;
    }
    ctx.scripts_of(idx).map(|s| s.script.commands.iter().filter(|c| !c.words.is_empty()).count()).sum()
}

/// Commands whose effect lasts for the commands after them in the same shell.
const STATEFUL: &[&str] = &[
    "cd", "pushd", "popd", "export", "set", "unset", "source", ".", "alias", "unalias", "umask", "ulimit", "shopt",
    "trap", "exec", "eval", "readonly", "declare", "typeset", "local", "shift", "hash", "enable", "exit", "return",
    "logout", "break", "continue", "wait",
];

/// Merges RUN `second` into RUN `first` (the instruction just before it).
/// `all` is every RUN (`runs(ctx)`, in file order) and `file_next_line` the
/// line after the first continuation of any RUN, both found once per file.
fn merge_fix<'a>(
    ctx: &Context<'a>,
    all: &[Run<'a>],
    file_next_line: &std::cell::OnceCell<Option<&'a str>>,
    first: usize,
    second: usize,
) -> Option<Fix> {
    let find = |idx: usize| all.binary_search_by_key(&idx, |r| r.idx).ok().map(|i| &all[i]);
    let (a, b) = (find(first)?, find(second)?);
    let at = append_point(ctx, a)?;
    if !b.inst.heredocs.is_empty() || a.onbuild || b.onbuild {
        return None;
    }
    let (Args::Shell(_), Args::Shell(bw)) = (&a.inst.args, &b.inst.args) else { return None };
    // The first runs one simple command that leaves no shell state behind.
    let [sa] = a.scripts.as_slice() else { return None };
    let [cmd] = sa.script.commands.as_slice() else { return None };
    if !sa.script.compounds.is_empty() || cmd.words.is_empty() || !cmd.redirects.iter().all(|r| r.heredoc.is_none()) {
        return None;
    }
    if cmd.words.first().is_some_and(|w| STATEFUL.contains(&w.value.as_str()) || w.has_expansion) {
        return None;
    }
    let [sb] = b.scripts.as_slice() else { return None };
    if !sb.script.diagnostics.is_empty() || sb.script.commands.len() > 1 || !sb.script.compounds.is_empty() {
        return None;
    }
    // Nothing but blanks between the two (the second's keyword and flags go).
    let between = TextRange::new(at, bw.range.start);
    let gap = between.slice(&ctx.df.source);
    if gap.contains('#') || !ctx.text(TextRange::new(at, b.inst.range.start)).chars().all(char::is_whitespace) {
        return None;
    }
    let esc = ctx.df.escape;
    // The first RUN's continuation style (else the first continued RUN's of
    // the file): the indentation of its second line, and whether lines
    // start with `&&`.
    let nl = super::util::line_break(ctx);
    let cont = format!("{esc}{nl}");
    let after_cont = |r: &Run<'a>| {
        let source = ctx.text(r.inst.range);
        source.find(&cont).map(|i| &source[i + cont.len()..])
    };
    let next_line = after_cont(a).or_else(|| *file_next_line.get_or_init(|| all.iter().find_map(after_cont)));
    let indent: String = next_line.map_or("    ".to_string(), |l| l.chars().take_while(|c| *c == ' ' || *c == '\t').collect());
    let indent = if indent.is_empty() { "    ".to_string() } else { indent };
    let leading = next_line.is_some_and(|l| l.trim_start().starts_with("&&"));
    let sep = if leading { format!(" {esc}{nl}{indent}&& ") } else { format!(" && {esc}{nl}{indent}") };
    Some(Fix::safe("merge it into the previous RUN with `&&`", vec![Edit::replace(between, sep)]))
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let all = runs(ctx);
    let file_next_line = std::cell::OnceCell::new();
    let mut prev: Option<(Vec<String>, usize)> = None;
    for (idx, inst) in ctx.df.instructions.iter().enumerate() {
        if inst.keyword != Keyword::Run {
            prev = None;
            continue;
        }
        let mut flags: Vec<String> = inst.flags.iter().map(|f| f.text()).collect();
        crate::sort::sort(&mut flags);
        let count = command_count(ctx, idx);
        if let Some((pflags, pcount)) = &prev {
            if *pflags == flags && *pcount <= 1 && count <= 1 {
                let v = Violation::new(inst.keyword_range, "this `RUN` directly follows another single-command `RUN`")
                    .note("each RUN adds a layer; merging related steps keeps the image smaller");
                out.push(match merge_fix(ctx, &all, &file_next_line, idx - 1, idx) {
                    Some(fix) => v.with_fix(fix),
                    None => v.fix_title("merge it into the previous RUN with `&&`"),
                });
            }
        }
        prev = Some((flags, count));
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let src = "FROM x\nRUN a && b\nRUN c\n# note\nrun d\n";
        let f = findings(src, "DL3059");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "run");
        assert_eq!(f[0].1, "this `RUN` directly follows another single-command `RUN`");
    }

    #[test]
    fn passes() {
        for src in [
            "FROM x\nRUN a\nWORKDIR /\nRUN b\n",
            "FROM x\nRUN --mount=type=secret,id=a a\nRUN b\n",
            "FROM x\nRUN a; b\nRUN c\n",
            "FROM x\nRUN a\nONBUILD RUN b\n",
        ] {
            assert!(ranges(src, "DL3059").is_empty(), "{src}");
        }
    }
}
