use super::common::{copy_args, drop_quotes, from_parts, parse_image, top_level};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY` to a relative destination (`COPY app.py .`) in a stage
    /// that has not set a `WORKDIR` (itself or through the stage it is built
    /// `FROM`).
    ///
    /// ## Why it matters
    /// A relative destination is resolved against the base image's working
    /// directory, which you do not control: the files land in `/` for one
    /// base image and somewhere else for another.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY app.py .
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// WORKDIR /app
    /// COPY app.py .
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the directory the files should go to is yours to
    /// choose.
    ///
    /// ## Equivalents
    /// hadolint DL3045, with its bookkeeping: a stage inherits "WORKDIR set"
    /// from the stage its `FROM` names (stages without `AS` are known by
    /// their image name), destinations starting with `/`, a variable or a
    /// Windows drive are absolute.
    pub static RULE = {
        code: "DL3045",
        name: "copy-relative-without-workdir",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "`COPY` to a relative destination without `WORKDIR` set",
        check: check,
    }
}

/// hadolint's state: the current stage's name (`None` before any FROM) and
/// which stage names have a WORKDIR.
struct Acc {
    current: Option<String>,
    workdir: std::collections::HashMap<Option<String>, bool>,
}

impl Acc {
    fn get(&self, name: &Option<String>) -> Option<bool> {
        self.workdir.get(name).copied()
    }
    fn set(&mut self, name: Option<String>, v: bool) {
        self.workdir.insert(name, v);
    }
}

fn is_absolute(dest: &str) -> bool {
    let d = drop_quotes(dest);
    let mut chars = d.chars();
    // A Windows drive: a letter and `:` (`C:`, `c:\x`, `d:/x`).
    let drive = chars.next().is_some_and(char::is_alphabetic) && chars.next() == Some(':');
    d.starts_with('/') || d.starts_with('$') || drive
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let mut acc: Option<Acc> = None;
    for (_, inst) in top_level(ctx) {
        match inst.keyword {
            Keyword::From => {
                let (image, alias) = from_parts(inst);
                let image_name = image.map(|w| parse_image(&w.value).name.to_string()).unwrap_or_default();
                let name = alias.map_or_else(|| image_name.clone(), |a| a.value.clone());
                match &mut acc {
                    None => acc = Some(Acc { current: Some(name), workdir: Default::default() }),
                    Some(a) => {
                        let parent = a.get(&Some(image_name)).unwrap_or(false);
                        a.set(Some(name.clone()), parent);
                        a.current = Some(name);
                    }
                }
            }
            Keyword::Workdir => match &mut acc {
                None => acc = Some(Acc { current: None, workdir: [(None, true)].into_iter().collect() }),
                Some(a) => {
                    let cur = a.current.clone();
                    a.set(cur, true);
                }
            },
            Keyword::Copy => {
                let Some((_, dest)) = copy_args(inst) else { continue };
                if acc.as_ref().is_some_and(|a| a.get(&a.current) == Some(true)) || is_absolute(&dest.value) {
                    continue;
                }
                out.push(
                    Violation::new(
                        dest.range,
                        format!("`COPY` to the relative path `{}` without a `WORKDIR`", dest.value),
                    )
                    .note("the destination depends on the base image's working directory")
                    .fix_title("set a `WORKDIR` first, or use an absolute destination"),
                );
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_relative_destinations_without_workdir() {
        assert_eq!(
            run("COPY bla.sh blubb.sh\n", "DL3045"),
            [("blubb.sh".to_string(), "`COPY` to the relative path `blubb.sh` without a `WORKDIR`".to_string())]
        );
        let src = "FROM debian:buster as stage1\nWORKDIR /usr\nFROM debian:buster\nCOPY foo bar\n";
        assert_eq!(ranges(src, "DL3045"), ["bar"], "WORKDIR of another stage does not count");
        assert_eq!(ranges("COPY a \"b\"\nCOPY a 1:/x\n", "DL3045"), ["\"b\"", "1:/x"]);
    }

    #[test]
    fn quiet_with_workdir_or_absolute_destination() {
        for src in [
            "COPY bla.sh /usr/local/bin/blubb.sh\n",
            "COPY bla.sh \"/usr/local/bin/blubb.s\"\n",
            "COPY bla.sh c:\\system32\\blubb.sh\n",
            "COPY bla.sh d:/mypath/blubb.sh\n",
            "COPY hello.txt C:\n",
            "FROM scratch\nWORKDIR /usr\nCOPY bla.sh blubb.sh\n",
            "COPY src.sh ${SRC_BASE_ENV}\n",
            "COPY src.sh \"$SRC_BASE_ENV\"\n",
            "FROM debian:buster as base\nWORKDIR /usr\nFROM debian:buster as mid\nRUN foo\nFROM base\nCOPY foo bar\n",
            "FROM debian:buster as base1\nWORKDIR /usr\nFROM base1 as base2\nFROM base2\nCOPY foo bar\n",
            "FROM debian:buster\nONBUILD WORKDIR /usr/local/lib\nONBUILD COPY foo bar\n",
        ] {
            assert!(run(src, "DL3045").is_empty(), "{src}");
        }
    }
}
