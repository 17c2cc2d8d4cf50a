use super::{arg_pairs, global_args, refs_by_name, suggest, EnvList};
use crate::ast::{Args, Instruction, Keyword, Word};
use crate::expand::{Env, VarRef};
use crate::lint::{Context, Violation};
use crate::semantic::{mount_options, Base, ImageRef};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `$VARIABLE` that is not defined where BuildKit expands it: in
    /// `ENV`, `LABEL`, `ARG` defaults, `COPY`/`ADD` (sources, destination,
    /// `--chown`, `--chmod`, heredoc bodies), `WORKDIR`, `USER`, `VOLUME`,
    /// `STOPSIGNAL` and `RUN --mount` options. It suggests a defined name
    /// when one is close (`$PAHT`: did you mean `$PATH`?). Shell-form `RUN`,
    /// `CMD` and `ENTRYPOINT` are left alone: the shell expands those.
    ///
    /// A variable is defined by an earlier `ENV` or `ARG` of the stage or of
    /// a stage it is built `FROM`, or by the base image. BuildKit reads the
    /// base image's configuration; slimfile cannot, so it knows the
    /// environment of common official images (`PATH` everywhere,
    /// `PYTHON_VERSION` in `python`, `JAVA_HOME` in `eclipse-temurin`, ...)
    /// and stays silent in stages built on any other image, where the image
    /// may define the variable.
    ///
    /// ## Why it matters
    /// An undefined variable expands to an empty string without any error:
    /// `COPY $APP_DIR/ /srv` copies the whole context, `ENV PATH=$PAHT:/x`
    /// loses the system `PATH`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// ENV PATH=$PAHT:/opt/app/bin
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine
    /// ENV PATH=$PATH:/opt/app/bin
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: declare the variable or correct the name.
    ///
    /// ## Equivalents
    /// BuildKit UndefinedVar (same check and message). ShellCheck SC2154
    /// covers variables inside `RUN`.
    pub static RULE = {
        code: "UndefinedVar",
        name: "undefined-var",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "Variables should be defined before their use",
        check: check,
    }
}

/// The environment of official images slimfile knows (Docker Hub names, or
/// registry prefixes ending in `/`). Images not listed are unknown.
const IMAGE_ENV: &[(&str, &[&str])] = &[
    ("alpine", &[]),
    ("busybox", &[]),
    ("debian", &[]),
    ("ubuntu", &[]),
    ("centos", &[]),
    ("fedora", &["DISTTAG", "FGC", "FBR"]),
    ("rockylinux", &[]),
    ("almalinux", &[]),
    ("amazonlinux", &[]),
    ("oraclelinux", &[]),
    ("archlinux", &["LANG"]),
    ("buildpack-deps", &[]),
    ("gcr.io/distroless/", &["SSL_CERT_FILE"]),
    (
        "python",
        &[
            "LANG",
            "GPG_KEY",
            "PYTHON_VERSION",
            "PYTHON_SHA256",
            "PYTHON_PIP_VERSION",
            "PYTHON_SETUPTOOLS_VERSION",
            "PYTHON_GET_PIP_URL",
            "PYTHON_GET_PIP_SHA256",
        ],
    ),
    ("node", &["NODE_VERSION", "YARN_VERSION"]),
    ("golang", &["GOLANG_VERSION", "GOPATH", "GOTOOLCHAIN"]),
    ("rust", &["RUSTUP_HOME", "CARGO_HOME", "RUST_VERSION"]),
    ("openjdk", &["JAVA_HOME", "JAVA_VERSION", "LANG"]),
    ("eclipse-temurin", &["JAVA_HOME", "JAVA_VERSION", "LANG", "LANGUAGE", "LC_ALL"]),
    ("amazoncorretto", &["LANG", "JAVA_HOME"]),
    ("maven", &["MAVEN_HOME", "MAVEN_CONFIG", "JAVA_HOME", "JAVA_VERSION", "LANG", "LANGUAGE", "LC_ALL"]),
    ("gradle", &["GRADLE_HOME", "GRADLE_VERSION", "JAVA_HOME", "JAVA_VERSION", "LANG", "LANGUAGE", "LC_ALL"]),
    (
        "ruby",
        &[
            "LANG",
            "RUBY_MAJOR",
            "RUBY_VERSION",
            "RUBY_DOWNLOAD_URL",
            "RUBY_DOWNLOAD_SHA256",
            "GEM_HOME",
            "BUNDLE_SILENCE_ROOT_WARNING",
            "BUNDLE_APP_CONFIG",
        ],
    ),
    (
        "php",
        &[
            "PHPIZE_DEPS",
            "PHP_INI_DIR",
            "APACHE_CONFDIR",
            "APACHE_ENVVARS",
            "PHP_CFLAGS",
            "PHP_CPPFLAGS",
            "PHP_LDFLAGS",
            "GPG_KEYS",
            "PHP_VERSION",
            "PHP_URL",
            "PHP_ASC_URL",
            "PHP_SHA256",
        ],
    ),
    ("nginx", &["NGINX_VERSION", "NJS_VERSION", "NJS_RELEASE", "ACME_VERSION", "PKG_RELEASE", "DYNPKG_RELEASE"]),
    ("httpd", &["HTTPD_PREFIX", "HTTPD_VERSION", "HTTPD_SHA256", "HTTPD_PATCHES"]),
    ("postgres", &["GOSU_VERSION", "LANG", "PG_MAJOR", "PG_VERSION", "PG_SHA256", "PGDATA", "DOCKER_PG_LLVM_DEPS"]),
    ("redis", &["REDIS_VERSION", "REDIS_DOWNLOAD_URL", "REDIS_DOWNLOAD_SHA"]),
    ("mysql", &["GOSU_VERSION", "MYSQL_MAJOR", "MYSQL_VERSION", "MYSQL_SHELL_VERSION"]),
    ("mariadb", &["GOSU_VERSION", "LANG", "MARIADB_VERSION"]),
    (
        "tomcat",
        &[
            "CATALINA_HOME",
            "TOMCAT_NATIVE_LIBDIR",
            "LD_LIBRARY_PATH",
            "GPG_KEYS",
            "TOMCAT_MAJOR",
            "TOMCAT_VERSION",
            "TOMCAT_SHA512",
            "JAVA_HOME",
            "JAVA_VERSION",
            "LANG",
            "LANGUAGE",
            "LC_ALL",
        ],
    ),
    (
        "mcr.microsoft.com/dotnet/",
        &[
            "APP_UID",
            "ASPNETCORE_HTTP_PORTS",
            "DOTNET_RUNNING_IN_CONTAINER",
            "DOTNET_VERSION",
            "ASPNET_VERSION",
            "ASPNETCORE_VERSION",
            "DOTNET_SDK_VERSION",
            "DOTNET_GENERATE_ASPNET_CERTIFICATE",
            "DOTNET_NOLOGO",
            "DOTNET_USE_POLLING_FILE_WATCHER",
            "NUGET_XMLDOC_MODE",
            "POWERSHELL_DISTRIBUTION_CHANNEL",
            "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT",
        ],
    ),
];

/// The environment of a known image (`PATH` first), or `None`.
fn image_env(image: &ImageRef) -> Option<EnvList> {
    let name = image.familiar_name();
    let (_, vars) = IMAGE_ENV.iter().find(|(n, _)| if n.ends_with('/') { name.starts_with(n) } else { name == *n })?;
    let mut env = EnvList::default();
    env.set("PATH", String::new());
    for v in *vars {
        env.set(v, String::new());
    }
    Some(env)
}

/// What a stage's instructions see: the environment, the ARGs declared (with
/// or without a value), and whether the base image's environment is known.
#[derive(Clone, Debug, Default)]
struct State {
    env: EnvList,
    args: std::collections::HashSet<String>,
    known: bool,
}

impl State {
    fn defined(&self, name: &str) -> bool {
        self.env.contains(name) || self.args.contains(name)
    }
}

/// A text BuildKit expands, and how to map its offsets to the source.
struct Expansion<'a> {
    text: &'a str,
    at: Locate,
}

enum Locate {
    /// Offsets into the instruction's logical line from this start.
    Logical(usize),
    /// Offsets into the source from this start.
    Source(usize),
    /// Only this range is known.
    Fixed(TextRange),
}

fn word<'a>(src: &str, w: &'a Word) -> Expansion<'a> {
    let literal = w.range.slice(src) == w.value || w.logical.len() == w.value.len();
    Expansion { text: &w.value, at: if literal { Locate::Logical(w.logical.start) } else { Locate::Fixed(w.range) } }
}

fn flag<'a>(src: &str, inst: &'a Instruction, name: &str) -> Option<Expansion<'a>> {
    let f = inst.flag(name)?;
    let v = f.value.as_deref()?;
    Some(match f.value_range {
        Some(r) if r.slice(src) == v => Expansion { text: v, at: Locate::Source(r.start) },
        _ => Expansion { text: v, at: Locate::Fixed(f.range) },
    })
}

/// The texts of an instruction BuildKit expands before running it (ARG is
/// handled separately).
fn expansions<'a>(src: &str, inst: &'a Instruction) -> Vec<Expansion<'a>> {
    let mut out = Vec::new();
    match inst.keyword {
        Keyword::Env | Keyword::Label => {
            if let Args::KeyValues(kvs) = &inst.args {
                for kv in kvs {
                    out.push(word(src, &kv.key));
                    out.push(word(src, &kv.value));
                }
            }
        }
        Keyword::Copy | Keyword::Add => {
            for name in ["chown", "chmod", "checksum"] {
                out.extend(flag(src, inst, name));
            }
            if let Args::List(ws) | Args::Exec(ws) = &inst.args {
                for w in ws {
                    let heredoc = inst
                        .heredocs
                        .iter()
                        .any(|h| w.range.contains_range(h.marker_range) || h.marker_range.contains_range(w.range));
                    if !heredoc {
                        out.push(word(src, w));
                    }
                }
            }
            for h in inst.heredocs.iter().filter(|h| h.expand) {
                out.push(Expansion { text: &h.content, at: Locate::Source(h.body_range.start) });
            }
        }
        Keyword::Workdir | Keyword::User | Keyword::Stopsignal => {
            if let Args::Text(w) = &inst.args {
                out.push(word(src, w));
            }
        }
        Keyword::Volume => {
            if let Args::List(ws) | Args::Exec(ws) = &inst.args {
                out.extend(ws.iter().map(|w| word(src, w)));
            }
        }
        Keyword::Run => {
            for f in inst.flags.iter().filter(|f| f.name == "mount") {
                if let Some(v) = &f.value {
                    if mount_options(v).iter().any(|(_, val)| val.contains('$')) {
                        let at = match f.value_range {
                            Some(r) if r.slice(src) == v => Locate::Source(r.start),
                            _ => Locate::Fixed(f.range),
                        };
                        out.push(Expansion { text: v, at });
                    }
                }
            }
        }
        _ => {}
    }
    out
}

fn report(ctx: &Context, idx: usize, e: &Expansion, state: &State, out: &mut Vec<Violation>) {
    let df = ctx.df;
    let inst = &df.instructions[idx];
    // Mount options are expanded value by value, without shell quoting.
    for r in refs_by_name(e.text, df.escape) {
        if state.defined(&r.name) {
            continue;
        }
        let range = locate(inst, &e.at, &r);
        let mut msg = format!("Usage of undefined variable '${}'", r.name);
        if let Some(s) = suggest(&r.name, state.env.keys()) {
            msg.push_str(&format!(" (did you mean ${s}?)"));
        }
        let v = Violation::new(range, msg)
            .note("an undefined variable expands to an empty string without an error")
            .fix_title(format!("Declare it with ARG or ENV before this line, or fix the name `{}`", r.name));
        out.push(v.on_instruction(idx));
    }
}

fn locate(inst: &Instruction, at: &Locate, r: &VarRef) -> TextRange {
    match at {
        Locate::Logical(start) => inst.logical.range_to_source(r.range.shift(*start)),
        Locate::Source(start) => r.range.shift(*start),
        Locate::Fixed(range) => *range,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let df = ctx.df;
    let (global, _) = global_args(ctx);
    // A stage's final state is taken (not copied) by the last stage built
    // FROM it: a chain of n stages costs O(n), not O(n²).
    let mut children = vec![0usize; ctx.sem.stages.len()];
    for (si, stage) in ctx.sem.stages.iter().enumerate() {
        if let Base::Stage(p) = stage.base {
            if p < si {
                children[p] += 1;
            }
        }
    }
    let mut finals: Vec<State> = Vec::new();
    for (si, stage) in ctx.sem.stages.iter().enumerate() {
        let mut state = match &stage.base {
            Base::Stage(p) if *p < si => {
                children[*p] -= 1;
                match finals.get_mut(*p) {
                    Some(f) if children[*p] == 0 => std::mem::take(f),
                    Some(f) => f.clone(),
                    None => State::default(),
                }
            }
            Base::Scratch => {
                let mut env = EnvList::default();
                env.set("PATH", String::new());
                State { env, args: Default::default(), known: true }
            }
            Base::Image(image) => match image_env(image) {
                Some(env) => State { env, args: Default::default(), known: true },
                None => State::default(),
            },
            _ => State::default(),
        };
        for idx in stage.instructions.clone().skip(1) {
            let inst = &df.instructions[idx];
            match inst.keyword {
                Keyword::Arg => {
                    let Args::List(words) = &inst.args else { continue };
                    for ((name, default), w) in arg_pairs(inst).into_iter().zip(words) {
                        if let Some(d) = &default {
                            if state.known {
                                let start = w.logical.start + name.len() + 1;
                                let literal = w.range.slice(&df.source) == w.value;
                                let at = if literal { Locate::Logical(start) } else { Locate::Fixed(w.range) };
                                report(ctx, idx, &Expansion { text: d, at }, &state, out);
                            }
                        }
                        if default.is_some() || global.get(&name).is_some() {
                            state.env.set(&name, String::new());
                        }
                        state.args.insert(name);
                    }
                }
                _ => {
                    if state.known {
                        for e in expansions(&df.source, inst) {
                            report(ctx, idx, &e, &state, out);
                        }
                    }
                    if inst.keyword == Keyword::Env {
                        if let Args::KeyValues(kvs) = &inst.args {
                            for kv in kvs {
                                state.env.set(&kv.key.value, String::new());
                            }
                        }
                    }
                }
            }
        }
        finals.push(state);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::findings;

    #[test]
    fn fires_on_undefined_variables() {
        assert_eq!(
            findings("FROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n", "UndefinedVar"),
            [("$foo".to_string(), "Usage of undefined variable '$foo'".to_string())]
        );
        assert_eq!(
            findings("FROM alpine\nARG DIR_ASSETS=assets/\nCOPY $DIR_ASSET .\n", "UndefinedVar")[0].1,
            "Usage of undefined variable '$DIR_ASSET' (did you mean $DIR_ASSETS?)"
        );
        assert_eq!(
            findings("FROM alpine\nENV PATH=$PAHT:/tmp/bin\n", "UndefinedVar"),
            [("$PAHT".to_string(), "Usage of undefined variable '$PAHT' (did you mean $PATH?)".to_string())]
        );
        assert_eq!(findings("FROM scratch AS first\nCOPY ${foo} .\n", "UndefinedVar")[0].0, "${foo}");
        assert_eq!(findings("FROM scratch\nARG A=$B\n", "UndefinedVar")[0].0, "$B");
        assert_eq!(findings("FROM scratch\nCOPY <<EOF /a\nhi $NAME\nEOF\n", "UndefinedVar")[0].0, "$NAME");
    }

    #[test]
    fn quiet_for_defined_variables() {
        for src in [
            "FROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n",
            "FROM alpine AS base\nARG foo=Dockerfile\nFROM base\nCOPY $foo .\n",
            "FROM alpine\nRUN echo $PATH $UNDEFINED\nCMD echo $X\n",
            "FROM python:3.12\nARG V=$PYTHON_VERSION\n",
            "FROM myorg/base\nCOPY $FROM_THE_IMAGE .\n",
            "ARG TARGETARCH\nFROM alpine\nARG TARGETARCH\nCOPY bin-$TARGETARCH /bin\n",
            "FROM alpine\nCOPY <<'EOF' /a\n$NOT_EXPANDED\nEOF\n",
        ] {
            assert!(findings(src, "UndefinedVar").is_empty(), "{src}");
        }
    }
}
