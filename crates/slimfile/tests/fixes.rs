//! Fixture tests for the fixes: each fixture is a Dockerfile of our own; the
//! snapshot holds it before and after `fix_all` (safe, or safe + unsafe) with
//! the fixes applied, and the test checks that a second `fix_all` changes
//! nothing and that the fix of the named code was applied.

use slimfile::fixer::{fix_all, FixMode};
use slimfile::Input;

fn fixture(name: &str, mode: FixMode, code: &str, src: &str) {
    let out = fix_all(&Input { dockerfile: src, dockerignore: None, config: None }, mode);
    assert!(out.converged, "{name}: did not converge");
    assert!(out.applied.iter().any(|a| a.code == code), "{name}: no {code} fix applied: {:?}", out.applied);
    let again = fix_all(&Input { dockerfile: &out.text, dockerignore: None, config: None }, mode);
    assert_eq!(again.text, out.text, "{name}: a second fix_all changed it: {:?}", again.applied);
    assert!(again.applied.is_empty());
    let applied: Vec<String> = out.applied.iter().map(|a| format!("{} [{}] {}", a.code, a.applicability.as_str(), a.title)).collect();
    insta::assert_snapshot!(
        name,
        format!("--- before\n{src}--- after ({mode:?})\n{}--- applied\n{}\n", out.text, applied.join("\n"))
    );
}

#[test]
fn apt_cleanup_and_lists() {
    fixture(
        "apt",
        FixMode::Safe,
        "DL3009",
        "FROM debian:bookworm-slim\n# tools we need\nRUN apt-get update \\\n && apt-get install -y \\\n      curl \\\n      git\n",
    );
}

#[test]
fn apk_no_cache() {
    fixture("apk", FixMode::Safe, "DL3019", "FROM alpine:3.20\nRUN apk add --update curl  # trailing comment stays\n");
}

#[test]
fn yum_dnf_zypper_cleanup() {
    fixture("yum", FixMode::Safe, "DL3032", "FROM centos:7\nRUN yum install -y httpd-2.4.6 && \\\n    echo done\n");
    fixture("dnf", FixMode::Safe, "DL3040", "FROM fedora:40\nRUN microdnf install -y tar-1.35\n");
    fixture("zypper", FixMode::Safe, "DL3036", "FROM opensuse/leap:15\nRUN zypper install -y curl=8.0\n");
}

#[test]
fn npm_and_yarn_cache() {
    fixture("npm", FixMode::Safe, "SF1001", "FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\n");
    fixture("yarn", FixMode::Safe, "DL3060", "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN yarn install --frozen-lockfile --production\n");
}

#[test]
fn gem_update_leftovers() {
    fixture("gem_update_system", FixMode::Unsafe, "SF1007", "FROM ruby:3.3-slim\nRUN gem update --system 3.5.9 \\\n && gem --version\n");
    fixture("gem_update_cleanup", FixMode::Unsafe, "SF1007", "FROM ruby:3.3-slim\nRUN gem update --no-document\n");
}

#[test]
fn exec_form() {
    fixture("exec_form_cmd", FixMode::Safe, "DL3025", "FROM python:3.12-slim\nCMD python -m http.server 8000\n");
    fixture(
        "exec_form_entrypoint_unsafe",
        FixMode::Unsafe,
        "DL3025",
        "FROM python:3.12-slim\nENTRYPOINT python app.py\nCMD [\"--port\", \"80\"]\n",
    );
}

#[test]
fn consecutive_runs_merged() {
    fixture(
        "merge_runs_trailing",
        FixMode::Safe,
        "DL3059",
        "FROM debian:bookworm-slim\nRUN mkdir -p /srv/a\nRUN echo hi > /srv/a/x\n\nRUN touch /srv/b\n",
    );
    fixture(
        "merge_runs_leading",
        FixMode::Safe,
        "DL3059",
        "FROM debian:bookworm-slim\nRUN mkdir -p \\\n\t/srv/a\nRUN touch /srv/b\nRUN set -a && \\\n\ttrue\n# not across a comment\nRUN touch /srv/c\n",
    );
}

#[test]
fn cd_to_workdir() {
    fixture(
        "cd_workdir_restored",
        FixMode::Safe,
        "DL3003",
        "FROM golang:1.22\nWORKDIR /go/src/app\nCOPY . .\nRUN cd cmd/server && \\\n    go build -o /bin/server .\nCMD [\"/bin/server\"]\n",
    );
    fixture(
        "cd_workdir_unsafe",
        FixMode::Unsafe,
        "DL3003",
        "FROM golang:1.22\nRUN cd /src && go build .\n",
    );
}

#[test]
fn maintainer_and_casing() {
    fixture("maintainer", FixMode::Safe, "DL4000", "from alpine:3.20 as base\nMAINTAINER Jane <jane@example.com>\nENV A 1\n");
}

mod property {
    use super::*;
    use proptest::prelude::*;

    /// Lines that trigger fixes (and some that get in their way).
    const LINES: &[&str] = &[
        "FROM debian:bookworm", "FROM alpine:3.20 as build", "from node:22", "FROM python:3.12-slim", "FROM scratch",
        "RUN apt-get update", "RUN apt-get install -y curl", "RUN apt update && apt install curl", "RUN apk add curl",
        "RUN apk add --update git \\\n    make", "RUN cd /src && make", "RUN cd sub && \\\n  make install", "RUN echo a",
        "RUN echo b > /x", "RUN yum install -y x-1", "RUN dnf install y-2", "RUN zypper install z=1", "RUN yarn install",
        "RUN npm ci", "RUN pip install flask==3.0", "RUN gem install rails -v 7", "RUN wget http://x/y.tgz",
        "RUN useradd -u 1000 app", "MAINTAINER me", "CMD node server.js", "ENTRYPOINT python app.py", "CMD [\"x\"]",
        "WORKDIR /app", "WORKDIR rel", "ENV A 1", "LABEL a=b", "COPY . .", "ADD app.tar /", "ADD x.txt /x",
        "# a comment", "", "RUN set -e", "RUN a; b", "RUN a &", "RUN <<EOF\napt-get update\nEOF", "USER app",
        "EXPOSE 80/TCP", "SHELL [\"pwsh\", \"-c\"]", "RUN curl -s x | sh", "ONBUILD RUN apk add x", "RUN \\\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        #[test]
        fn fix_all_is_idempotent_and_breaks_nothing(
            picks in proptest::collection::vec(0..LINES.len(), 1..14),
            unsafe_ in any::<bool>(),
            crlf in any::<bool>(),
        ) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let src: String = picks.iter().map(|&i| format!("{}{nl}", LINES[i].replace('\n', nl))).collect();
            let mode = if unsafe_ { FixMode::Unsafe } else { FixMode::Safe };
            let input = Input { dockerfile: &src, dockerignore: None, config: None };
            let out = fix_all(&input, mode);
            let errors = |ds: &[slimfile::Diagnostic]| ds.iter().filter(|d| d.severity == slimfile::Severity::Error).count();
            let before = slimfile::fixer::findings_of(&input);
            prop_assert!(errors(&out.remaining) <= errors(&before), "{src:?} -> {:?}", out.text);
            for c in src.lines().map(str::trim).filter(|l| l.starts_with('#')) {
                prop_assert!(out.text.lines().any(|l| l.trim() == c), "comment lost: {src:?} -> {:?}", out.text);
            }
            if out.converged {
                let again = fix_all(&Input { dockerfile: &out.text, dockerignore: None, config: None }, mode);
                prop_assert_eq!(&again.text, &out.text, "{:?}: second pass applied {:?}", src, again.applied);
            }
        }
    }
}

#[test]
fn cleanup_moved_into_the_creating_run() {
    fixture(
        "later_cleanup_moved",
        FixMode::Safe,
        "SF1010",
        "FROM debian:bookworm-slim\n# fetch and unpack\nRUN curl -fsSLo /tmp/app.tgz https://example.com/app.tgz \\\n    && tar -xzf /tmp/app.tgz -C /opt\nLABEL org.opencontainers.image.title=app\nRUN rm -f /tmp/app.tgz\nCMD [\"/opt/app/run\"]\n",
    );
    // The lists: the move wins over DL3009's append (no leftover RUN).
    fixture(
        "later_apt_lists_moved",
        FixMode::Safe,
        "SF1010",
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n",
    );
}

#[test]
fn copy_chown_instead_of_a_later_chown() {
    fixture(
        "copy_chown",
        FixMode::Unsafe,
        "SF1011",
        "FROM node:22-slim\nCOPY --from=build /src/dist /srv/app\nENV NODE_ENV=production\nRUN chown -R node:node /srv/app\nUSER node\nCMD [\"node\", \"/srv/app/index.js\"]\n",
    );
}

#[test]
fn pipefail_shell() {
    fixture(
        "pipefail_bash_base",
        FixMode::Unsafe,
        "DL4006",
        "FROM debian:bookworm-slim\n    RUN curl -fsSL https://example.com/x.tgz | tar -xz -C /opt\nRUN echo a | wc -c\n",
    );
}

#[test]
fn base_tag_pinned() {
    fixture("pin_untagged", FixMode::Unsafe, "DL3006", "FROM python AS build\nFROM nginx:latest\nCOPY --from=build /x /x\n");
}

#[test]
fn pipefail_on_alpine_is_display_only() {
    let src = "FROM alpine:3.20\nRUN wget -qO- https://example.com/x.tgz | tar -xz\n";
    let report = slimfile::analyze(&Input { dockerfile: src, dockerignore: None, config: None });
    let f = report.findings.iter().find(|f| f.diagnostic.code == "DL4006").expect("DL4006");
    assert_eq!(f.diagnostic.fix.as_ref().map(|f| f.applicability), Some(slimfile::fix::Applicability::DisplayOnly));
    assert_eq!(fix_all(&Input { dockerfile: src, dockerignore: None, config: None }, FixMode::Unsafe).text.matches("SHELL").count(), 0);
}

#[test]
fn lone_apt_update_merged_into_its_install() {
    fixture(
        "lone_apt_update",
        FixMode::Safe,
        "DL3009",
        "FROM debian:bookworm-slim\nRUN apt-get update -qq\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get install -y --no-install-recommends \\\n      curl \\\n && echo ok\nCMD [\"curl\", \"--version\"]\n",
    );
}

#[test]
fn apk_build_deps_grouped_and_deleted() {
    fixture(
        "apk_virtual",
        FixMode::Unsafe,
        "SF1009",
        "FROM python:3.12-alpine\nRUN apk add --no-cache gcc musl-dev libffi-dev \\\n && pip install --no-cache-dir cffi==1.17.1\nRUN apk add --no-cache -t .bd make && make -C /src\nCMD [\"python\"]\n",
    );
}

#[test]
fn inserted_lines_follow_crlf_files() {
    let src = "FROM debian:bookworm\r\nWORKDIR /w\r\nRUN echo a\r\nRUN echo b\r\nCMD [\"x\"]\r\n";
    let out = fix_all(&Input { dockerfile: src, dockerignore: None, config: None }, FixMode::Safe);
    assert_eq!(out.text, "FROM debian:bookworm\r\nWORKDIR /w\r\nRUN echo a && \\\r\n    echo b\r\nCMD [\"x\"]\r\n");
    assert!(!out.text.replace("\r\n", "").contains('\n'));
    let src = "FROM debian:bookworm\r\nWORKDIR /w\r\nRUN cd /src && make\r\nCMD [\"x\"]\r\n";
    let out = fix_all(&Input { dockerfile: src, dockerignore: None, config: None }, FixMode::Safe);
    assert_eq!(out.text, "FROM debian:bookworm\r\nWORKDIR /w\r\nWORKDIR /src\r\nRUN make\r\nWORKDIR /w\r\nCMD [\"x\"]\r\n");
}

#[test]
fn downloaded_archive_and_signature_removed() {
    fixture(
        "archive_and_signature",
        FixMode::Safe,
        "SF1004",
        "FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/app.tgz https://example.com/app.tgz \\\n && curl -fsSLo /tmp/app.tgz.asc https://example.com/app.tgz.asc \\\n && gpg --batch --verify /tmp/app.tgz.asc /tmp/app.tgz \\\n && tar -xzf /tmp/app.tgz -C /opt\nCMD [\"/opt/app/run\"]\n",
    );
}

#[test]
fn dev_dependencies_omitted() {
    fixture(
        "npm_omit_dev",
        FixMode::Unsafe,
        "SF1016",
        "FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
    );
    // A later build step may need them: display-only, never applied.
    let src = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD [\"node\", \"dist/server.js\"]\n";
    let out = fix_all(&Input { dockerfile: src, dockerignore: None, config: None }, FixMode::Unsafe);
    assert!(!out.text.contains("--omit=dev"), "{}", out.text);
}
