use super::util;
use crate::ast::Keyword;
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};
use crate::semantic::Base;

crate::declare_rule! {
    /// ## What it does
    /// Flags `gem install` / `gem update` in a RUN of the final image without
    /// `--no-document` (`-N`), unless a gemrc written earlier in the image (or
    /// in the same RUN) sets `--no-document`. The official `ruby` images ship
    /// such a gemrc, so images built `FROM ruby` are not flagged.
    ///
    /// ## Why it matters
    /// RubyGems generates ri/RDoc documentation for every installed gem,
    /// stored under the gem directory's `doc/`: often as large as the gem's
    /// code, and of no use in a container. The size depends on the gems and is
    /// not estimated here; binnacle (ICSE 2020) mined this as the gold rule
    /// `gemUpdateNoDocument`, and the official ruby images configure
    /// `install: --no-document` for this reason.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends ruby \
    ///  && gem install bundler && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends ruby \
    ///  && gem install --no-document bundler && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `--no-document` after the subcommand; the installed
    /// gems are the same, only their documentation is not generated.
    ///
    /// ## Equivalents
    /// binnacle / Parfum `gemUpdateNoDocument` (Parfum repairs it with a
    /// gemrc); dockerfile-doctor DD061.
    pub static RULE = {
        code: "SF1006",
        name: "gem-docs-installed",
        aliases: ["gemUpdateNoDocument"],
        severity: Warning,
        group: Size,
        summary: "gem install/update generates documentation the image does not need",
        check: check,
    }
}

const NO_DOC: &[&str] = &["--no-document", "-N", "--no-rdoc", "--no-ri", "--no-doc"];

/// A gemrc that turns documentation off is written (or copied) by one of
/// the instructions of the image up to `idx`.
fn gemrc_set(ctx: &Context, idx: usize) -> bool {
    let Some(stage) = ctx.stage_of(idx) else { return false };
    if matches!(util::root_base(ctx, stage), Some(Base::Image(img)) if util::official(img, "ruby")) {
        return true;
    }
    util::layer_order(ctx, stage).into_iter().take_while(|&i| i <= idx).any(|i| {
        let inst = ctx.df.instructions[i].effective();
        match inst.keyword {
            Keyword::Run => ctx
                .scripts_of(i)
                .any(|s| s.text.contains("gemrc") && (s.text.contains("no-document") || s.text.contains("no-rdoc"))),
            Keyword::Copy | Keyword::Add => util::copy_parts(inst)
                .is_some_and(|(srcs, dest)| srcs.iter().chain([&dest]).any(|w| w.value.contains("gemrc"))),
            _ => false,
        }
    })
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, inst) in ctx.instructions() {
        if inst.keyword != Keyword::Run || !ctx.in_final_image(idx) {
            continue;
        }
        let cmds = util::commands(ctx, idx);
        let mut rc: Option<bool> = None;
        for c in &cmds {
            if c.name() != Some("gem") {
                continue;
            }
            let Some(sub) = c.cmd.subcommand() else { continue };
            if !matches!(sub.value.as_str(), "install" | "i" | "update") || c.cmd.has_flag(NO_DOC) {
                continue;
            }
            if *rc.get_or_insert_with(|| gemrc_set(ctx, idx)) {
                continue;
            }
            let range = c.src(ctx, sub.range);
            out.push(
                Violation::new(range, format!("`gem {}` generates ri/RDoc documentation", sub.value))
                    .note("the documentation is stored in the layer and never used in a container")
                    .with_fix(Fix::safe("add `--no-document`", vec![Edit::insert(range.end, " --no-document")])),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{diags, run, texts};

    #[test]
    fn fires_and_fixes() {
        let src = "FROM debian\nRUN gem install bundler -v 2.5\n";
        assert_eq!(
            run(src, "SF1006"),
            vec![("install".to_string(), "`gem install` generates ri/RDoc documentation".to_string())]
        );
        let d = diags(src, "SF1006");
        let fixed = d[0].fix.as_ref().unwrap().apply(src).unwrap();
        assert_eq!(fixed, "FROM debian\nRUN gem install --no-document bundler -v 2.5\n");
        assert_eq!(texts("FROM alpine\nRUN apk add ruby && gem update --system\n", "SF1006"), ["update"]);
        // A gemrc in a later RUN is too late.
        let src = "FROM debian\nRUN gem i rails\nRUN echo 'install: --no-document' > /etc/gemrc\n";
        assert_eq!(texts(src, "SF1006"), ["i"]);
    }

    #[test]
    fn quiet_with_flag_or_gemrc() {
        for src in [
            "FROM debian\nRUN gem install -N bundler\n",
            "FROM debian\nRUN gem install bundler --no-document\n",
            "FROM ruby:3.3-slim\nRUN gem install rails\n",
            "FROM ruby:3.3 AS base\nFROM base\nRUN gem install rails\n",
            "FROM debian\nRUN echo 'install: --no-document' >> /usr/local/etc/gemrc\nRUN gem install rails\n",
            "FROM debian\nCOPY .gemrc /root/\nRUN gem install rails\n",
            "FROM debian\nRUN gem list\n",
            "FROM debian AS b\nRUN gem install rails\nFROM scratch\n",
        ] {
            assert!(texts(src, "SF1006").is_empty(), "{src}");
        }
    }
}
