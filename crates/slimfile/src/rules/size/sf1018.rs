use super::util;
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};
use crate::semantic::{Base, DepKind};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags `go build` / `go install` in a stage whose output the final image
    /// copies (`COPY --from`) when the final image is `scratch`, a static
    /// distroless/Chainguard image or Alpine, and cgo is not disabled
    /// (`CGO_ENABLED=0` on the command, exported, in `ENV`/`ARG`, or `go env
    /// -w`; a `-ldflags` with `-extldflags -static` also counts).
    ///
    /// Cgo is on by default where a C compiler is installed, as in the Debian
    /// `golang` images; `golang:*-alpine` has no compiler, so Go turns cgo off
    /// there unless the stage installs one (then the binary links musl, which
    /// runs on Alpine but not on scratch).
    ///
    /// ## Why it matters
    /// With cgo, a program that uses `net` or `os/user` is linked dynamically
    /// against the builder's libc. `scratch` and `distroless/static` have no
    /// libc and Alpine has musl, so the binary fails to start ("no such file
    /// or directory"), and the usual workaround is a bigger runtime image:
    /// `distroless/static-debian12` is "around 2 MiB", about half of alpine
    /// and under 2% of debian (the distroless README, quoted in the project's
    /// size notes §2.4).
    /// A static build is what makes the smallest images possible.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// COPY . .
    /// RUN go build -o /app .
    /// FROM scratch
    /// COPY --from=build /app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// COPY . .
    /// RUN CGO_ENABLED=0 go build -o /app .
    /// FROM scratch
    /// COPY --from=build /app /app
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: inserts `CGO_ENABLED=0` before the command. A program that
    /// needs cgo (SQLite through `mattn/go-sqlite3`, ...) then fails to build;
    /// name resolution switches to Go's own resolver.
    ///
    /// ## Equivalents
    /// dockerfile-doctor DD062.
    pub static RULE = {
        code: "SF1018",
        name: "go-build-cgo-enabled",
        aliases: [],
        severity: Warning,
        group: Size,
        summary: "go build with cgo enabled for a scratch, static or Alpine final image",
        check: check,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Runtime {
    NoLibc,
    Musl,
}

fn runtime(base: &Base) -> Option<(Runtime, String)> {
    match base {
        Base::Scratch => Some((Runtime::NoLibc, "scratch".into())),
        Base::Image(img) => {
            let name = img.familiar_name();
            if name.starts_with("gcr.io/distroless/static") || name.ends_with("chainguard/static") {
                Some((Runtime::NoLibc, img.raw.clone()))
            } else if name == "alpine" || name.ends_with("/alpine") {
                Some((Runtime::Musl, img.raw.clone()))
            } else {
                None
            }
        }
        _ => None,
    }
}

fn is_alpine(base: Option<&Base>) -> bool {
    matches!(base, Some(Base::Image(img)) if img.familiar_name().ends_with("alpine") || util::tag(img).contains("alpine"))
}

fn disabled(v: &str) -> bool {
    v == "0"
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some((_, root)) = util::final_root(ctx) else { return };
    let Some((rt, rt_name)) = runtime(root) else { return };
    // Stages the final image copies from.
    let mut sources: Vec<usize> = Vec::new();
    for &s in &ctx.final_chain {
        for d in &ctx.sem.stages[s].deps {
            if d.kind == DepKind::CopyFrom {
                if let Some(src) = d.stage.filter(|x| !sources.contains(x)) {
                    sources.push(src);
                }
            }
        }
    }
    for s in sources {
        let layers = util::layer_order(ctx, s);
        let musl_builder = is_alpine(util::root_base(ctx, s));
        let mut compiler = false;
        let mut go_env_off = false;
        for &idx in &layers {
            if ctx.df.instructions[idx].effective().keyword != crate::Keyword::Run {
                continue;
            }
            let cmds = util::commands(ctx, idx);
            let mut scope: Option<crate::semantic::Scope> = None;
            let mut exported_off: Option<bool> = None;
            for c in &cmds {
                if let Some((_, pkgs)) = util::package_install(c) {
                    compiler |= pkgs
                        .iter()
                        .any(|p| matches!(p.value.as_str(), "gcc" | "build-base" | "clang" | "musl-dev" | "g++"));
                }
                match c.name() {
                    Some("export") => {
                        for w in c.cmd.args() {
                            if let Some(v) = w.value.strip_prefix("CGO_ENABLED=") {
                                exported_off = Some(disabled(v));
                            }
                        }
                    }
                    None => {
                        if let Some(a) = c.cmd.assignments.iter().find(|a| a.name == "CGO_ENABLED") {
                            exported_off = Some(disabled(&a.value.value));
                        }
                    }
                    _ => {}
                }
                if c.name() != Some("go") {
                    continue;
                }
                let pos = c.cmd.positional_args(&["-o", "-ldflags", "-gcflags", "-tags", "-C", "-mod", "-p"]);
                let Some(sub) = pos.first() else { continue };
                if sub.value == "env" && c.cmd.args().iter().any(|w| w.value == "CGO_ENABLED=0") {
                    go_env_off = true;
                    continue;
                }
                if !matches!(sub.value.as_str(), "build" | "install") {
                    continue;
                }
                let inline =
                    c.cmd.assignments.iter().find(|a| a.name == "CGO_ENABLED").map(|a| disabled(&a.value.value));
                let env = scope
                    .get_or_insert_with(|| ctx.sem.scope_at(ctx.df, idx))
                    .get_var("CGO_ENABLED")
                    .and_then(|v| v.value.as_deref())
                    .map(disabled);
                let off = inline.or(exported_off).or(env).unwrap_or(go_env_off);
                let static_link =
                    c.cmd.args().iter().any(|w| w.value.contains("-extldflags") && w.value.contains("-static"));
                if off || static_link {
                    continue;
                }
                // On an Alpine builder cgo needs a compiler, and a musl binary runs on Alpine.
                if musl_builder && (!compiler || rt == Runtime::Musl) {
                    continue;
                }
                let libc = if musl_builder { "musl" } else { "glibc" };
                let why = match rt {
                    Runtime::NoLibc => format!("`{rt_name}` has no libc"),
                    Runtime::Musl => format!("`{rt_name}` has musl, not glibc"),
                };
                let at = c.src(ctx, TextRange::empty(c.cmd.range.start));
                out.push(
                    Violation::new(
                        c.src(ctx, sub.range),
                        format!("`go {}` runs with cgo enabled, but the binary goes into `{rt_name}`", sub.value),
                    )
                    .note(format!(
                        "a cgo binary that uses net or os/user is linked against {libc}, and {why}: it fails to start"
                    ))
                    .with_fix(Fix::unsafe_(
                        "build with `CGO_ENABLED=0`",
                        vec![Edit::insert(at.start, "CGO_ENABLED=0 ")],
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{diags, run, texts};

    #[test]
    fn fires() {
        let src =
            "FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n";
        assert_eq!(
            run(src, "SF1018"),
            vec![(
                "build".to_string(),
                "`go build` runs with cgo enabled, but the binary goes into `scratch`".to_string()
            )]
        );
        let fixed = diags(src, "SF1018")[0].fix.as_ref().unwrap().apply(src).unwrap();
        assert!(fixed.contains("RUN CGO_ENABLED=0 go build -o /app ."), "{fixed}");
        // Alpine final image with a glibc builder.
        let src =
            "FROM golang:1.23 AS b\nRUN GOOS=linux go install ./cmd/x\nFROM alpine:3.20\nCOPY --from=b /go/bin/x /x\n";
        assert_eq!(texts(src, "SF1018"), ["install"]);
        // An Alpine builder with gcc installed, into distroless static.
        let src = "FROM golang:1.23-alpine AS b\nRUN apk add --no-cache gcc musl-dev\nRUN go build -o /app\nFROM gcr.io/distroless/static-debian12\nCOPY --from=b /app /app\n";
        assert_eq!(texts(src, "SF1018"), ["build"]);
        // CGO_ENABLED=1 explicitly.
        let src = "FROM golang AS b\nENV CGO_ENABLED=1\nRUN go build -o /app\nFROM scratch\nCOPY --from=b /app /app\n";
        assert_eq!(texts(src, "SF1018"), ["build"]);
    }

    #[test]
    fn quiet() {
        for src in [
            "FROM golang AS b\nRUN CGO_ENABLED=0 go build -o /app\nFROM scratch\nCOPY --from=b /app /app\n",
            "FROM golang AS b\nENV CGO_ENABLED=0\nRUN go build -o /app\nFROM scratch\nCOPY --from=b /app /app\n",
            "FROM golang AS b\nARG CGO_ENABLED=0\nRUN go build -o /app\nFROM scratch\nCOPY --from=b /app /app\n",
            "FROM golang AS b\nRUN export CGO_ENABLED=0 && go build -o /app\nFROM scratch\nCOPY --from=b /app /app\n",
            "FROM golang AS b\nRUN go env -w CGO_ENABLED=0\nRUN go build -o /app\nFROM scratch\nCOPY --from=b /app /app\n",
            "FROM golang AS b\nRUN go build -ldflags '-linkmode external -extldflags \"-static\"' -o /app\nFROM scratch\nCOPY --from=b /app /app\n",
            // Alpine builder without a compiler: cgo is off.
            "FROM golang:1.23-alpine AS b\nRUN go build -o /app\nFROM scratch\nCOPY --from=b /app /app\n",
            // Alpine builder with gcc into Alpine: musl on both sides.
            "FROM golang:alpine AS b\nRUN apk add gcc musl-dev && go build -o /app\nFROM alpine\nCOPY --from=b /app /app\n",
            // A glibc runtime.
            "FROM golang AS b\nRUN go build -o /app\nFROM gcr.io/distroless/base-debian12\nCOPY --from=b /app /app\n",
            "FROM golang AS b\nRUN go build -o /app\nFROM debian:bookworm-slim\nCOPY --from=b /app /app\n",
        ] {
            assert!(texts(src, "SF1018").is_empty(), "{src}");
        }
    }
}
