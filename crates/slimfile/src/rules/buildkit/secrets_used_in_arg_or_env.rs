use super::{arg_pairs, go_quote};
use crate::ast::{Args, Keyword};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `ARG` and `ENV` names that look like secrets: a name with one of
    /// the underscore-separated words `apikey`, `auth`, `credential(s)`,
    /// `key`, `password`, `pword`, `passwd`, `secret` or `token` (any case),
    /// unless it also has `public`, `file` or `version` as a word
    /// (`PUBLIC_KEY`, `PASSWORD_FILE` and `AUTH_VERSION` pass).
    ///
    /// ## Why it matters
    /// `ENV` values are stored in the image config and `ARG` values in the
    /// build history and provenance: anyone who can pull the image can read
    /// them. Secrets belong in build secrets (`RUN --mount=type=secret`) or
    /// in the runtime environment.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: moving to a build secret changes how the build is
    /// invoked.
    ///
    /// ## Equivalents
    /// BuildKit SecretsUsedInArgOrEnv (same check and message; like BuildKit,
    /// ARGs before the first FROM are not checked). hadolint DL3064 checks a
    /// different list of names.
    pub static RULE = {
        code: "SecretsUsedInArgOrEnv",
        name: "secrets-used-in-arg-or-env",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "Sensitive data should not be used in the ARG or ENV commands",
        check: check,
    }
}

const DENY: [&str; 10] =
    ["apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token"];
const ALLOW: [&str; 3] = ["public", "file", "version"];

/// BuildKit's test: a denied word and no allowed word among the `_`-separated
/// words of the name.
pub(crate) fn looks_secret(name: &str) -> bool {
    let has = |list: &[&str]| name.split('_').any(|w| list.iter().any(|t| w.eq_ignore_ascii_case(t)));
    has(&DENY) && !has(&ALLOW)
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let df = ctx.df;
    for stage in &ctx.sem.stages {
        for idx in stage.instructions.clone() {
            let inst = &df.instructions[idx];
            let keys: Vec<(String, crate::TextRange)> = match (inst.keyword, &inst.args) {
                (Keyword::Env, Args::KeyValues(kvs)) => {
                    kvs.iter().map(|kv| (kv.key.value.clone(), kv.key.range)).collect()
                }
                (Keyword::Arg, Args::List(words)) => arg_pairs(inst)
                    .into_iter()
                    .zip(words)
                    .map(|((n, _), w)| {
                        (n.clone(), crate::TextRange::new(w.range.start, (w.range.start + n.len()).min(w.range.end)))
                    })
                    .collect(),
                _ => continue,
            };
            let kw = inst.keyword.as_str();
            for (key, range) in keys {
                if looks_secret(&key) {
                    let v = Violation::new(
                        range,
                        format!("Do not use ARG or ENV instructions for sensitive data ({kw} {})", go_quote(&key)),
                    )
                    .note("ARG and ENV values are readable by anyone with the image (config, history, provenance)")
                    .fix_title("Pass secrets with RUN --mount=type=secret instead");
                    out.push(v.on_instruction(idx));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::findings;
    use super::looks_secret;

    #[test]
    fn names() {
        for n in
            ["SECRET_PASSPHRASE", "SUPER_Secret", "password", "auth", "super_duper_secret_token", "apikey", "git_key"]
        {
            assert!(looks_secret(n), "{n}");
        }
        for n in [
            "sunflower",
            "PUBLIC_KEY",
            "public_token",
            "SECRET_PASSPHRASE_FILE",
            "secret_File",
            "AUTH_MODULE_VERSION",
            "keys",
            "monkey",
        ] {
            assert!(!looks_secret(n), "{n}");
        }
    }

    #[test]
    fn fires_per_key() {
        let f = findings("FROM scratch\nENV password=bar secret=baz\nARG api_token=x\n", "SecretsUsedInArgOrEnv");
        assert_eq!(f.len(), 3);
        assert_eq!(
            f[0],
            (
                "password".to_string(),
                "Do not use ARG or ENV instructions for sensitive data (ENV \"password\")".to_string()
            )
        );
        assert_eq!(
            f[2],
            (
                "api_token".to_string(),
                "Do not use ARG or ENV instructions for sensitive data (ARG \"api_token\")".to_string()
            )
        );
    }

    #[test]
    fn quiet_before_from_and_when_skipped() {
        assert!(findings(
            "ARG GITHUB_TOKEN\nFROM scratch\n# check=skip=all // local\nENV password=x\n",
            "SecretsUsedInArgOrEnv"
        )
        .is_empty());
    }
}
