use super::common::{arg_words, pairs, prefix_range, unquote};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `ARG` and `ENV` whose name suggests a secret: well-known names
    /// (`AWS_SECRET_ACCESS_KEY`, `GITHUB_TOKEN`, `NPM_TOKEN`, ...) and names
    /// containing `password`, `secret`, `token`, `api_key`, `client_key`,
    /// `private` or `username`.
    ///
    /// ## Why it matters
    /// `ENV` values are stored in the image config and `ARG` values in the
    /// build history: anyone who can pull the image can read them. Secrets
    /// belong in build secrets (`RUN --mount=type=secret`) or in the runtime
    /// environment.
    ///
    /// ## Example
    /// ```dockerfile
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
    /// No automatic fix: moving to build secrets changes how the build is
    /// invoked.
    ///
    /// ## Equivalents
    /// hadolint DL3064 (same names and substrings; ONBUILD ARG/ENV included;
    /// each suspicious name is reported). BuildKit's SecretsUsedInArgOrEnv
    /// matches names differently (word-based, with exceptions such as
    /// `*_FILE` and `PUBLIC_*`), so it is a separate check.
    pub static RULE = {
        code: "DL3064",
        name: "secret-in-arg-or-env",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Potentially sensitive data should not be used in the `ARG` or `ENV` commands",
        check: check,
    }
}

const KNOWN: [&str; 48] = [
    "ACCESS_TOKEN",
    "APPLICATION_KEY",
    "APP_SECRET",
    "AUTH_TOKEN",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "BITTREX_API_KEY",
    "BITTREX_API_SECRET",
    "CF_PASSWORD",
    "CF_USERNAME",
    "CIRCLE_TOKEN",
    "CI_DEPLOY_PASSWORD",
    "CI_DEPLOY_USER",
    "DOCKERHUB_PASSWORD",
    "DOCKER_EMAIL",
    "DOCKER_PASSWORD",
    "DOCKER_USERNAME",
    "FACEBOOK_ACCESS_TOKEN",
    "FACEBOOK_APP_ID",
    "FACEBOOK_APP_SECRET",
    "FIREBASE_API_TOKEN",
    "FIREBASE_TOKEN",
    "FOSSA_API_KEY",
    "GH_ENTERPRISE_TOKEN",
    "GH_TOKEN",
    "GITHUB_ENTERPRISE_TOKEN",
    "GITHUB_TOKEN",
    "HEROKU_API_KEY",
    "HEROKU_API_USER",
    "NPM_AUTH_TOKEN",
    "NPM_TOKEN",
    "OKTA_AUTHN_GROUPID",
    "OKTA_CLIENT_ORGURL",
    "OKTA_CLIENT_TOKEN",
    "OKTA_OAUTH2_CLIENTID",
    "OKTA_OAUTH2_CLIENTSECRET",
    "OPENAI_API_KEY",
    "OS_PASSWORD",
    "OS_USERNAME",
    "POSTGRES_PASSWORD",
    "SLACK_TOKEN",
    "STRIPE_API_KEY",
    "STRIPE_DEVICE_NAME",
    "TRAVIS_OS_NAME",
    "TRAVIS_SECURE_ENV_VARS",
    "TRAVIS_SUDO",
    "VAULT_CLIENT_KEY",
    "VAULT_TOKEN",
];

const SUBSTRINGS: [&str; 7] = ["api_key", "client_key", "password", "private", "secret", "token", "username"];

fn is_sensitive(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let lower = name.to_ascii_lowercase();
    KNOWN.contains(&upper.as_str()) || SUBSTRINGS.iter().any(|s| lower.contains(s))
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (_, inst) in ctx.instructions() {
        let names: Vec<(String, crate::TextRange)> = match inst.keyword {
            Keyword::Arg => arg_words(inst)
                .iter()
                .map(|w| {
                    let name = w.value.split('=').next().unwrap_or("");
                    (name.to_string(), prefix_range(ctx, w, name))
                })
                .collect(),
            Keyword::Env => {
                pairs(inst).iter().map(|kv| (unquote(ctx.df.escape, &kv.key.value), kv.key.range)).collect()
            }
            _ => continue,
        };
        for (name, range) in names {
            if is_sensitive(&name) {
                out.push(
                    Violation::new(range, format!("`{} {name}` looks like it holds a secret", inst.keyword.as_str()))
                        .note("ARG and ENV values are readable by anyone who can pull the image (config and history)")
                        .fix_title("pass secrets with `RUN --mount=type=secret` or at run time"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_secret_looking_names() {
        assert_eq!(
            run("ARG AWS_ACCESS_KEY_ID\nFROM debian:bullseye\n", "DL3064"),
            [("AWS_ACCESS_KEY_ID".to_string(), "`ARG AWS_ACCESS_KEY_ID` looks like it holds a secret".to_string())]
        );
        let src = "ARG openai_api_key=x\nFROM d:1\nENV my_password=abc OTHER=1\nONBUILD ENV GH_TOKEN=x\n";
        assert_eq!(ranges(src, "DL3064"), ["openai_api_key", "my_password", "GH_TOKEN"]);
    }

    #[test]
    fn ordinary_names_are_fine() {
        assert!(run("ARG foobar\nFROM debian:bullseye\nENV foobar=barfoo\nRUN foobar\n", "DL3064").is_empty());
    }
}
