use super::sf1009::is_build_package;
use super::util;
use crate::lint::{Context, Violation};
use crate::semantic::Base;

crate::declare_rule! {
    /// ## What it does
    /// Flags a build toolchain in the final image:
    /// * the final image starts from an SDK image: `golang`, `rust`, `maven`,
    ///   `gradle`, `gcc`, `buildpack-deps`, `swift`, `haskell`,
    ///   `mcr.microsoft.com/dotnet/sdk`;
    /// * a RUN of the final image installs build packages with apt-get, yum,
    ///   dnf or zypper (`build-essential`, `gcc`, `g++`, `make`, `cmake`,
    ///   `*-dev`, `*-devel`, ...) and does not remove them in the same RUN
    ///   (`apt-get purge`, or `apt-mark auto` then `apt-get purge
    ///   --auto-remove`, `yum remove`, ...). For apk see SF1009.
    ///
    /// ## Why it matters
    /// Compilers, headers and SDKs are needed to build, not to run. Measured
    /// for the project's size notes (§4.1, Debian `Packages` metadata):
    /// `build-essential` is 308–321 MiB installed without recommends,
    /// `python3-dev` + `build-essential` 370–382 MiB; the Go toolchain layer
    /// of `golang:alpine` is 71 MB compressed (§2.1). A multi-stage build
    /// compiles in a builder stage and copies only the result into a runtime
    /// image (the article this tool grew from went from 155 MB to 57 MB that
    /// way).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /app .
    /// CMD ["/app"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN CGO_ENABLED=0 go build -o /app .
    ///
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=build /app /app
    /// CMD ["/app"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: splitting into stages needs to know what the
    /// program needs at run time.
    ///
    /// ## Equivalents
    /// droast DF011 and dockerfile-doctor DD066 give a generic multi-stage
    /// hint.
    pub static RULE = {
        code: "SF1015",
        name: "build-toolchain-in-final-image",
        aliases: [],
        severity: Warning,
        group: Size,
        summary: "The final image contains a build toolchain a multi-stage build would leave behind",
        check: check,
    }
}

/// SDK images: familiar name → what it is.
const SDKS: &[(&str, &str)] = &[
    ("golang", "the Go toolchain"),
    ("rust", "the Rust toolchain"),
    ("maven", "Maven and a JDK"),
    ("gradle", "Gradle and a JDK"),
    ("gcc", "the GCC toolchain"),
    ("buildpack-deps", "compilers and development headers"),
    ("swift", "the Swift toolchain"),
    ("haskell", "the GHC toolchain"),
    ("mcr.microsoft.com/dotnet/sdk", "the .NET SDK"),
    ("mcr.microsoft.com/dotnet/core/sdk", "the .NET SDK"),
];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if let Some((s, Base::Image(img))) = util::final_root(ctx) {
        let name = img.familiar_name();
        if let Some((_, what)) = SDKS.iter().find(|(n, _)| *n == name) {
            let stage = &ctx.sem.stages[s];
            // cost: the SDK image's size minus a runtime image's (base-image table).
            out.push(
                Violation::new(stage.base_range, format!("the final image is built on `{}`, which ships {what}", img.raw))
                    .note("a build toolchain is only needed to build; the image carries it to every deployment")
                    .fix_title("build in a builder stage and copy only the result into a runtime image (scratch, distroless, alpine or a -slim image)"),
            );
        }
    }
    for idx in util::final_layers(ctx) {
        if ctx.df.instructions[idx].effective().keyword != crate::Keyword::Run {
            continue;
        }
        let cmds = util::commands(ctx, idx);
        for (i, c) in cmds.iter().enumerate() {
            let Some((mgr, pkgs)) = util::package_install(c) else { continue };
            if mgr == "apk" {
                continue;
            }
            let build: Vec<&crate::shell::Word> = pkgs.into_iter().filter(|w| is_build_package(&w.value)).collect();
            if build.is_empty() {
                continue;
            }
            let later = &cmds[i + 1..];
            let marked_auto = cmds
                .iter()
                .any(|m| m.name() == Some("apt-mark") && m.cmd.args().first().is_some_and(|w| w.value == "auto"));
            let mut removed_names: Vec<String> = Vec::new();
            let mut all_removed = false;
            for l in later {
                let pos: Vec<&str> = l.cmd.positional_args(&["-o"]).iter().map(|w| w.value.as_str()).collect();
                let is_remove = match l.name() {
                    Some("apt-get" | "apt") => matches!(pos.first(), Some(&("purge" | "remove" | "autoremove"))),
                    Some("yum" | "dnf" | "microdnf" | "zypper") => {
                        matches!(pos.first(), Some(&("remove" | "erase" | "autoremove" | "rm")))
                    }
                    _ => false,
                };
                if matches!(l.name(), Some("yum" | "dnf")) && pos.get(..2) == Some(&["history", "undo"]) {
                    all_removed = true;
                }
                if !is_remove {
                    continue;
                }
                let auto = pos.first() == Some(&"autoremove") || l.cmd.has_flag(&["--auto-remove", "--autoremove"]);
                if auto && marked_auto {
                    all_removed = true;
                }
                removed_names.extend(pos.iter().skip(1).map(|p| p.to_string()));
            }
            if all_removed {
                continue;
            }
            let kept: Vec<&crate::shell::Word> = build
                .into_iter()
                .filter(|w| !removed_names.iter().any(|r| r == &w.value || util::glob_match(r, &w.value)))
                .collect();
            let Some(first) = kept.first() else { continue };
            let list = kept.iter().take(4).map(|w| format!("`{}`", w.value)).collect::<Vec<_>>().join(", ");
            let more = if kept.len() > 4 { format!(" and {} more", kept.len() - 4) } else { String::new() };
            // cost: the apt/yum closure of the build packages (package tables).
            out.push(
                Violation::new(c.src(ctx, first.range), format!("build packages {list}{more} stay installed in the final image"))
                    .note("compilers and headers are only needed to build; removing them in a later RUN saves nothing")
                    .fix_title("build in a builder stage and copy the result, or remove them in the same RUN (`apt-get purge -y --auto-remove ...`)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn sdk_base() {
        assert_eq!(
            run("FROM golang:1.23\nRUN go build -o /app .\n", "SF1015"),
            vec![(
                "golang:1.23".to_string(),
                "the final image is built on `golang:1.23`, which ships the Go toolchain".to_string()
            )]
        );
        // Through a stage chain.
        assert_eq!(texts("FROM rust:1-slim AS base\nFROM base\nRUN cargo build\n", "SF1015"), ["rust:1-slim"]);
    }

    #[test]
    fn installed_packages() {
        let src = "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev curl && pip install psycopg2 && rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(
            run(src, "SF1015"),
            vec![(
                "gcc".to_string(),
                "build packages `gcc`, `libpq-dev` stay installed in the final image".to_string()
            )]
        );
        let src = "FROM centos:7\nRUN yum install -y gcc-c++ make && make && yum remove -y gcc-c++\n";
        assert_eq!(texts(src, "SF1015"), ["make"]);
    }

    #[test]
    fn quiet() {
        for src in [
            "FROM golang:1.23 AS b\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=b /app /app\n",
            "FROM debian\nRUN apt-get update && apt-get install -y gcc && make && apt-get purge -y gcc && rm -rf /var/lib/apt/lists/*\n",
            "FROM debian\nRUN savedAptMark=\"$(apt-mark showmanual)\"; apt-get update; apt-get install -y build-essential; make; apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark; apt-get purge -y --auto-remove\n",
            "FROM debian\nRUN apt-get install -y curl\n",
            "FROM alpine\nRUN apk add gcc\n",
        ] {
            assert!(texts(src, "SF1015").is_empty(), "{src}");
        }
    }
}
