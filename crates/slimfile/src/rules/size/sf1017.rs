use super::util;
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};
use crate::semantic::Base;
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags a final image built on the full variant of an official image
    /// that has a much smaller variant: `node`, `python`, `ruby` and `debian`
    /// without `-slim`/`-alpine`, and `eclipse-temurin`/`openjdk` JDKs where a
    /// JRE would run the application. Suggests the `-slim` (glibc) variant;
    /// `-alpine` is smaller still but uses musl libc, which this rule points
    /// out when the Dockerfile builds native code.
    ///
    /// ## Why it matters
    /// The full `node`, `python` and `ruby` images are built on
    /// `buildpack-deps`, which carries compilers, headers and version control
    /// tools. Measured figures from docker-library/repo-info (project size
    /// notes §2–3): `node:latest` is 1.25 GB uncompressed (442 MB compressed),
    /// `node:slim` 258 MB (85 MB) and `node:24-alpine` 171 MB (63 MB);
    /// `python:slim` is 43 MB compressed and `python:alpine` 18 MB;
    /// `debian:trixie` is 49 MB compressed against 28 MB for
    /// `debian:bookworm-slim`; `eclipse-temurin:21-jre` is 121 MB compressed
    /// (the JDK adds the compiler and tools). Rosa et al. (EMSE 2025) found
    /// that changing the base image has the largest size effect of all
    /// optimizations.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the slim variant lacks packages the full one has (compilers,
    /// `git`, `curl`, many libraries); a RUN that relies on them fails until
    /// they are installed. The fix changes the tag only when the reference
    /// has no variables and no digest.
    ///
    /// ## Equivalents
    /// dockerfile-doctor DD018 (info); Docker Scout's recommended tags
    /// (online).
    pub static RULE = {
        code: "SF1017",
        name: "heavy-base-image",
        aliases: [],
        severity: Info,
        group: Size,
        summary: "The final image uses a full base image where a slim variant exists",
        check: check,
    }
}

const CODENAMES: &[&str] = &["trixie", "bookworm", "bullseye", "buster", "stretch", "jessie", "forky", "sid"];

/// The lighter tag for a heavy tag, if the variant scheme is known: `None`
/// when the tag is already light, `Some(None)` when it is heavy but no
/// replacement can be named.
fn lighter(image: &str, tag: &str) -> Option<Option<String>> {
    let lower = tag.to_ascii_lowercase();
    match image {
        "node" | "python" | "ruby" => {
            if lower.contains("slim")
                || lower.contains("alpine")
                || lower.contains("windows")
                || lower.contains("nanoserver")
            {
                return None;
            }
            if tag == "latest" {
                return Some(Some("slim".into()));
            }
            if CODENAMES.contains(&tag) {
                return Some(Some(if image == "node" { format!("{tag}-slim") } else { format!("slim-{tag}") }));
            }
            if let Some((v, code)) = tag.rsplit_once('-').filter(|(_, c)| CODENAMES.contains(c)) {
                return Some(Some(if image == "node" {
                    format!("{v}-{code}-slim")
                } else {
                    format!("{v}-slim-{code}")
                }));
            }
            Some(tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '.').then(|| format!("{tag}-slim")))
        }
        "debian" => {
            if lower.contains("slim") || lower.contains("backports") {
                return None;
            }
            if CODENAMES.contains(&tag) || tag.chars().all(|c| c.is_ascii_digit()) {
                return Some(Some(format!("{tag}-slim")));
            }
            if matches!(tag, "latest" | "stable" | "testing" | "oldstable" | "unstable") {
                return Some(Some(if tag == "latest" { "stable-slim".into() } else { format!("{tag}-slim") }));
            }
            Some(None)
        }
        "eclipse-temurin" => {
            if lower.contains("jre") {
                return None;
            }
            if lower.contains("jdk") {
                return Some(Some(tag.replacen("jdk", "jre", 1)));
            }
            if tag == "latest" {
                return Some(None);
            }
            Some(Some(match tag.split_once('-') {
                Some((v, rest)) => format!("{v}-jre-{rest}"),
                None => format!("{tag}-jre"),
            }))
        }
        "openjdk" => (!lower.contains("jre")).then_some(None),
        _ => None,
    }
}

/// A RUN of the final image that builds native code, with its line.
fn native_build(ctx: &Context) -> Option<usize> {
    util::final_layers(ctx).into_iter().find(|&idx| {
        util::any_command(ctx, idx, |c| {
            matches!(c.name(), Some("gcc" | "g++" | "cc" | "make" | "cmake" | "node-gyp"))
                || (c.name() == Some("npm") && c.subcommand().is_some_and(|w| w.value == "rebuild"))
        }) || util::commands(ctx, idx).iter().any(|c| {
            util::package_install(c).is_some_and(|(_, ps)| ps.iter().any(|p| super::sf1009::is_build_package(&p.value)))
        })
    })
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some((s, Base::Image(img))) = util::final_root(ctx) else { return };
    if !img.is_official() {
        return;
    }
    let name = img.familiar_name();
    let tag = util::tag(img);
    let Some(suggestion) = lighter(&name, tag) else { return };
    let stage = &ctx.sem.stages[s];
    let text = ctx.text(stage.base_range);
    let literal = stage.base_text == stage.base_expanded && text == stage.base_text && img.digest.is_none();
    // Point at the tag (or the name when there is none).
    let range = match (literal, img.tag.as_deref()) {
        (true, Some(t)) => text
            .rfind(&format!(":{t}"))
            .map(|i| TextRange::new(stage.base_range.start + i + 1, stage.base_range.start + i + 1 + t.len())),
        _ => None,
    }
    .unwrap_or(stage.base_range);
    let native = native_build(ctx).map(|i| util::line_of(ctx, i));
    let java = matches!(name.as_str(), "eclipse-temurin" | "openjdk");
    let message = if java {
        format!("`{}` is a full JDK; running an application only needs a JRE", img.raw)
    } else {
        format!("`{}` is the full image; a slim variant is several times smaller", img.raw)
    };
    let note = match (java, native) {
        (true, _) => "the JDK adds the compiler and development tools to every deployment".to_string(),
        (false, Some(line)) => format!(
            "prefer -slim over -alpine here: the image builds native code (line {line}), and alpine's musl libc breaks prebuilt glibc binaries and wheels"
        ),
        (false, None) => "the full image includes compilers and headers (buildpack-deps); -alpine is smaller still but uses musl libc".to_string(),
    };
    let mut v = Violation::new(range, message).note(note);
    match suggestion {
        Some(new_tag) if literal => {
            let edit = match img.tag {
                Some(_) => Edit::replace(range, new_tag.clone()),
                None => Edit::insert(stage.base_range.end, format!(":{new_tag}")),
            };
            v = v.with_fix(Fix::unsafe_(format!("use `{name}:{new_tag}`"), vec![edit]));
        }
        Some(new_tag) => v = v.fix_title(format!("use `{name}:{new_tag}`")),
        None if name == "openjdk" => {
            v = v.fix_title("use a JRE image such as `eclipse-temurin:<version>-jre` (openjdk is deprecated)")
        }
        None => v = v.fix_title("use the -slim variant of this tag"),
    }
    // cost: base-image table, full tag minus suggested tag.
    out.push(v);
}

#[cfg(test)]
mod tests {
    use super::lighter;
    use crate::rules::size::util::test::{diags, run, texts};

    #[test]
    fn tags() {
        let l = |i: &str, t: &str| lighter(i, t).flatten();
        assert_eq!(l("node", "22").as_deref(), Some("22-slim"));
        assert_eq!(l("node", "22-bookworm").as_deref(), Some("22-bookworm-slim"));
        assert_eq!(l("python", "3.12-bookworm").as_deref(), Some("3.12-slim-bookworm"));
        assert_eq!(l("python", "bookworm").as_deref(), Some("slim-bookworm"));
        assert_eq!(l("ruby", "latest").as_deref(), Some("slim"));
        assert_eq!(l("debian", "12").as_deref(), Some("12-slim"));
        assert_eq!(l("debian", "latest").as_deref(), Some("stable-slim"));
        assert_eq!(l("eclipse-temurin", "21-jdk-jammy").as_deref(), Some("21-jre-jammy"));
        assert_eq!(l("eclipse-temurin", "21").as_deref(), Some("21-jre"));
        assert_eq!(l("eclipse-temurin", "21-noble").as_deref(), Some("21-jre-noble"));
        assert!(lighter("node", "22-alpine").is_none());
        assert!(lighter("python", "3.12-slim").is_none());
        assert!(lighter("eclipse-temurin", "21-jre-alpine").is_none());
        assert!(lighter("golang", "1.22").is_none());
    }

    #[test]
    fn fires_with_fix() {
        let src = "FROM node:22\nCMD [\"node\", \"s.js\"]\n";
        assert_eq!(
            run(src, "SF1017"),
            vec![(
                "22".to_string(),
                "`node:22` is the full image; a slim variant is several times smaller".to_string()
            )]
        );
        let d = diags(src, "SF1017");
        assert_eq!(d[0].fix.as_ref().unwrap().apply(src).unwrap(), "FROM node:22-slim\nCMD [\"node\", \"s.js\"]\n");
        // No tag: the fix adds one.
        let src = "FROM python\n";
        assert_eq!(texts(src, "SF1017"), ["python"]);
        assert_eq!(diags(src, "SF1017")[0].fix.as_ref().unwrap().apply(src).unwrap(), "FROM python:slim\n");
        // Through the stage chain, JDK.
        let src = "FROM eclipse-temurin:21-jdk AS base\nFROM base\nCOPY app.jar /\n";
        assert_eq!(
            run(src, "SF1017")[0],
            (
                "21-jdk".to_string(),
                "`eclipse-temurin:21-jdk` is a full JDK; running an application only needs a JRE".to_string()
            )
        );
        // Musl caveat when native code is built.
        let d = diags("FROM python:3.12\nRUN apt-get install -y gcc && pip install x\n", "SF1017");
        assert!(d[0].note.as_deref().unwrap().contains("native code (line 2)"), "{:?}", d[0].note);
        // A variable in the reference: no fix, the name is flagged.
        let src = "ARG V=22\nFROM node:$V\n";
        assert_eq!(texts(src, "SF1017"), ["node:$V"]);
        assert!(diags(src, "SF1017")[0].fix.is_none());
    }

    #[test]
    fn quiet() {
        for src in [
            "FROM node:22-alpine\n",
            "FROM python:3.12-slim-bookworm\n",
            "FROM node:22 AS build\nRUN npm ci\nFROM nginx:alpine\nCOPY --from=build /d /usr/share/nginx/html\n",
            "FROM bitnami/node:22\n",
            "FROM eclipse-temurin:21-jre\n",
            "FROM ubuntu:24.04\n",
        ] {
            assert!(texts(src, "SF1017").is_empty(), "{src}");
        }
    }
}
