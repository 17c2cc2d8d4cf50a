use super::{global_args, go_quote};
use crate::expand::Lexer;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=<constant>` (`--platform=linux/amd64`), unless
    /// the stage's name mentions the platform's OS or architecture
    /// (`AS build-amd64`), which marks a deliberately platform-specific stage.
    ///
    /// ## Why it matters
    /// A hard-coded platform makes multi-platform builds (`--platform
    /// linux/amd64,linux/arm64`) pull and run the same architecture for every
    /// target, usually under emulation, and produce images with the wrong
    /// binaries. `$BUILDPLATFORM` or `$TARGETPLATFORM` say what is meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 golang:1.23 AS build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.23 AS build
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: whether the build or the target platform is meant is
    /// your call.
    ///
    /// ## Equivalents
    /// BuildKit FromPlatformFlagConstDisallowed (same check and message).
    /// hadolint DL3029 flags every `--platform` that is not a build or target
    /// platform variable.
    pub static RULE = {
        code: "FromPlatformFlagConstDisallowed",
        name: "from-platform-flag-const-disallowed",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "FROM --platform flag should not use a constant value",
        check: check,
    }
}

const KNOWN_OS: [&str; 17] = [
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "windows",
    "zos",
];
const KNOWN_ARCH: [&str; 25] = [
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "ppc64",
    "ppc64le",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
    "wasip1",
];

fn normalize_arch(arch: &str) -> String {
    match arch.to_lowercase().as_str() {
        "i386" => "386".into(),
        "x86_64" | "x86-64" | "amd64" => "amd64".into(),
        "aarch64" | "arm64" => "arm64".into(),
        "armhf" | "armel" | "arm" => "arm".into(),
        a => a.to_string(),
    }
}

/// containerd's `platforms.Parse`, reduced to the OS and architecture it
/// yields (`None` when it fails).
pub(crate) fn parse_platform(spec: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = spec.split('/').collect();
    let valid = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    // The OS may carry an OS version in parentheses: windows(10.0.17763)/amd64.
    let os_part = |p: &str| -> Option<String> {
        let base = match p.find('(') {
            Some(i) if p.ends_with(')') => &p[..i],
            _ => p,
        };
        valid(base).then(|| match base.to_lowercase().as_str() {
            "macos" => "darwin".to_string(),
            o => o.to_string(),
        })
    };
    match parts.as_slice() {
        [one] => {
            let os = os_part(one)?;
            if KNOWN_OS.contains(&os.as_str()) {
                return Some((os, "amd64".into()));
            }
            let arch = normalize_arch(one);
            (valid(one) && KNOWN_ARCH.contains(&arch.as_str())).then(|| ("linux".into(), arch))
        }
        [os, arch] | [os, arch, _] => {
            let os = os_part(os)?;
            if !valid(arch) || parts.get(2).is_some_and(|v| !valid(v)) {
                return None;
            }
            Some((os, normalize_arch(arch)))
        }
        _ => None,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let df = ctx.df;
    let (env, _) = global_args(ctx);
    let lexer = Lexer::new(df.escape);
    for stage in &ctx.sem.stages {
        let inst = &df.instructions[stage.from_instruction];
        let Some(flag) = inst.flag("platform") else { continue };
        let Some(value) = &flag.value else { continue };
        let Ok(expanded) = lexer.process_word(value, &env) else { continue };
        if !expanded.used_vars.is_empty() {
            continue; // a variable: not a constant
        }
        let Some((os, arch)) = parse_platform(&expanded.value) else { continue };
        let name = stage.name.as_deref().unwrap_or("");
        if name.contains(os.as_str()) || name.contains(arch.as_str()) {
            continue;
        }
        let v = Violation::new(
            flag.value_range.unwrap_or(flag.range),
            format!("FROM --platform flag should not use constant value {}", go_quote(&expanded.value)),
        )
        .note("a constant platform ignores the platforms the build is run for")
        .fix_title("Use $BUILDPLATFORM or $TARGETPLATFORM, or name the stage after the platform");
        out.push(v.on_instruction(stage.from_instruction));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::findings;
    use super::parse_platform;

    #[test]
    fn platforms() {
        assert_eq!(parse_platform("linux/amd64"), Some(("linux".into(), "amd64".into())));
        assert_eq!(parse_platform("linux/x86_64"), Some(("linux".into(), "amd64".into())));
        assert_eq!(parse_platform("arm64"), Some(("linux".into(), "arm64".into())));
        assert_eq!(parse_platform("linux/arm/v7"), Some(("linux".into(), "arm".into())));
        assert_eq!(parse_platform("nonsense"), None);
        assert_eq!(parse_platform("linux/"), None);
    }

    #[test]
    fn fires_on_constants() {
        assert_eq!(
            findings("FROM --platform=linux/amd64 scratch\n", "FromPlatformFlagConstDisallowed"),
            [(
                "linux/amd64".to_string(),
                "FROM --platform flag should not use constant value \"linux/amd64\"".to_string()
            )]
        );
    }

    #[test]
    fn quiet_for_variables_and_platform_stages() {
        for src in [
            "FROM --platform=linux/amd64 scratch AS my_amd64_stage\n",
            "FROM --platform=linux/amd64 scratch AS linux\n",
            "FROM --platform=$BUILDPLATFORM scratch\n",
            "ARG P=linux/amd64\nFROM --platform=$P scratch\n",
        ] {
            assert!(findings(src, "FromPlatformFlagConstDisallowed").is_empty(), "{src}");
        }
    }
}
