//! Share links: exact round trips, versioned prefix, refusal of oversized and
//! damaged links without panicking, and the secret warning.

use slimfile::Severity;
use slimfile_web::settings::{RuleChoice, Settings, Threshold};
use slimfile_web::share::{
    base64url_decode, base64url_encode, decode, decode_with_version, encode, looks_secret, secret_hits, ShareError,
    Shared, MAX_DECOMPRESSED, MAX_HASH_CHARS,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn sample() -> Shared {
    let mut settings = Settings { threshold: Threshold::At(Severity::Warning), ..Default::default() };
    settings.set_rule("DL3008", RuleChoice { enabled: Some(false), severity: None });
    settings.set_rule("DL3007", RuleChoice { enabled: None, severity: Some(Severity::Error) });
    settings.hadolint_yaml = "ignored:\n  - DL3059\n".into();
    Shared {
        dockerfile: "FROM node:latest\nRUN npm install\n".into(),
        dockerignore: Some("node_modules\n.git\n".into()),
        settings,
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn round_trip_with_versioned_prefix() {
    let s = sample();
    let hash = encode(&s).unwrap();
    assert!(hash.starts_with("v1="), "{hash}");
    assert!(hash[3..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    assert_eq!(decode(&hash).unwrap(), s);
    assert_eq!(decode(&format!("#{hash}")).unwrap(), s);
    assert_eq!(decode(&format!("https://example.invalid/play/?x=1#{hash}")).unwrap(), s);
    let (_, version) = decode_with_version(&hash).unwrap();
    assert_eq!(version, slimfile::VERSION);
    // No .dockerignore is not the same as an empty one.
    let none = Shared { dockerignore: None, ..s.clone() };
    let empty = Shared { dockerignore: Some(String::new()), ..s };
    assert_eq!(decode(&encode(&none).unwrap()).unwrap(), none);
    assert_eq!(decode(&encode(&empty).unwrap()).unwrap(), empty);
}

#[wasm_bindgen_test(unsupported = test)]
fn compresses_repetitive_dockerfiles() {
    let df = "RUN apt-get update && apt-get install -y curl\n".repeat(300);
    let s = Shared { dockerfile: df.clone(), ..Default::default() };
    let hash = encode(&s).unwrap();
    assert!(hash.len() * 10 < df.len(), "{} chars for {} bytes", hash.len(), df.len());
}

#[wasm_bindgen_test(unsupported = test)]
fn refuses_what_is_not_a_link_or_too_new() {
    assert_eq!(decode(""), Err(ShareError::NotALink));
    assert_eq!(decode("#"), Err(ShareError::NotALink));
    assert_eq!(decode("#section-2"), Err(ShareError::NotALink));
    assert_eq!(decode("#foo=bar"), Err(ShareError::NotALink));
    assert_eq!(decode("#v2=AAAA"), Err(ShareError::UnknownVersion("v2".into())));
    assert_eq!(decode("#v1=***"), Err(ShareError::BadEncoding));
    assert_eq!(decode("#v1=A"), Err(ShareError::BadEncoding));
    assert_eq!(decode("#v1=AAAA"), Err(ShareError::BadCompression));
    let msg = ShareError::UnknownVersion("v2".into()).to_string();
    assert!(msg.contains("v2") && msg.contains("newer"), "{msg}");
}

#[wasm_bindgen_test(unsupported = test)]
fn refuses_oversized_links_and_bombs() {
    let long = format!("#v1={}", "A".repeat(MAX_HASH_CHARS + 1));
    assert!(matches!(decode(&long), Err(ShareError::HashTooLong(_))));
    // A valid deflate stream of 4 MiB of zeros: tiny, but inflates past the cap.
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 4 * MAX_DECOMPRESSED], 9);
    assert!(bomb.len() < 10_000);
    let link = format!("v1={}", base64url_encode(&bomb));
    assert_eq!(decode(&link), Err(ShareError::TooLarge));
    // Too big to share in the first place.
    let huge = Shared { dockerfile: "x".repeat(MAX_DECOMPRESSED + 1), ..Default::default() };
    assert_eq!(encode(&huge), Err(ShareError::TooLarge));
}

#[wasm_bindgen_test(unsupported = test)]
fn refuses_damaged_records() {
    // Valid base64 and deflate, but a record whose length field runs past the end.
    let mut rec = Vec::new();
    rec.extend_from_slice(&1000u32.to_le_bytes());
    rec.extend_from_slice(b"FROM a");
    let link = format!("v1={}", base64url_encode(&miniz_oxide::deflate::compress_to_vec(&rec, 6)));
    assert!(matches!(decode(&link), Err(ShareError::Malformed(_))));
    // Invalid UTF-8 text.
    let mut rec = Vec::new();
    rec.extend_from_slice(&2u32.to_le_bytes());
    rec.extend_from_slice(&[0xff, 0xfe]);
    let link = format!("v1={}", base64url_encode(&miniz_oxide::deflate::compress_to_vec(&rec, 6)));
    assert!(matches!(decode(&link), Err(ShareError::Malformed(_))));
    // Truncating a real link never passes as a different state.
    let hash = encode(&sample()).unwrap();
    for cut in 4..hash.len() {
        if let Ok(s) = decode(&hash[..cut]) {
            panic!("a cut link decoded: {s:?}");
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn base64url_known_values() {
    assert_eq!(base64url_encode(b""), "");
    assert_eq!(base64url_encode(b"f"), "Zg");
    assert_eq!(base64url_encode(b"fo"), "Zm8");
    assert_eq!(base64url_encode(b"foo"), "Zm9v");
    assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    assert_eq!(base64url_decode("Zm9vYg").unwrap(), b"foob");
    assert_eq!(base64url_decode("Zm9vYg==").unwrap(), b"foob");
    assert_eq!(base64url_decode("-_8").unwrap(), vec![0xfb, 0xff]);
    assert!(base64url_decode("Zm9v+").is_none());
    assert!(base64url_decode("Z").is_none());
}

fn found(text: &str) -> Vec<(String, &'static str)> {
    looks_secret(text).into_iter().map(|(r, w)| (text[r.start..r.end].to_string(), w)).collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn secrets_are_found() {
    let aws = found("ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n");
    assert!(aws.iter().any(|(t, w)| t == "AKIAIOSFODNN7EXAMPLE" && *w == "an AWS access key id"), "{aws:?}");
    let gh = found("RUN git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/x/y\n");
    assert!(gh.iter().any(|(t, w)| t.starts_with("ghp_") && *w == "a GitHub token"), "{gh:?}");
    let key = "RUN echo '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----' > /k\n";
    let k = found(key);
    assert_eq!(k.len(), 1, "{k:?}");
    assert!(k[0].0.starts_with("-----BEGIN OPENSSH") && k[0].0.ends_with("' > /k"), "{k:?}");
    let pw = found("RUN mysql --user=root password=hunter22 -e 'select 1'\n");
    assert!(pw.iter().any(|(t, _)| t == "password=hunter22"), "{pw:?}");
    let url = found("RUN curl https://bob:s3cr3t@example.invalid/file\n");
    assert!(url.iter().any(|(t, w)| t == "bob:s3cr3t" && *w == "a password in a URL"), "{url:?}");
    // ENV/ARG values of names the core's SecretsUsedInArgOrEnv flags.
    let env = found("FROM alpine\nENV DB_PASSWORD=opensesame\nARG NPM_TOKEN=abcd1234\n");
    assert!(env.iter().any(|(t, _)| t == "DB_PASSWORD=opensesame"), "{env:?}");
    assert!(env.iter().any(|(t, _)| t == "NPM_TOKEN=abcd1234"), "{env:?}");
}

#[wasm_bindgen_test(unsupported = test)]
fn ordinary_dockerfiles_raise_no_warning() {
    for text in [
        "FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD [\"node\", \"index.js\"]\n",
        "FROM alpine\nARG NPM_TOKEN\nENV PUBLIC_KEY=abc PASSWORD_FILE=/run/secrets/pw\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n",
        "FROM alpine\nENV API_TOKEN=$API_TOKEN\nRUN echo password=$PASSWORD\n",
        "FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n",
    ] {
        assert_eq!(found(text), vec![], "{text}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn secret_hits_name_the_file_and_line_and_mask_the_value() {
    let s = Shared {
        dockerfile: "FROM alpine\n\nENV GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n".into(),
        dockerignore: Some("node_modules\n# AKIAIOSFODNN7EXAMPLE\n".into()),
        settings: Settings::default(),
    };
    let hits = secret_hits(&s);
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert_eq!((hits[0].file, hits[0].line), ("Dockerfile", 3));
    assert_eq!(hits[0].what, "a GitHub token");
    assert!(!hits[0].masked_line.contains("0123456789"), "{}", hits[0].masked_line);
    assert!(hits[0].masked_line.starts_with("ENV "));
    assert_eq!((hits[1].file, hits[1].line), (".dockerignore", 2));
    assert!(!hits[1].masked_line.contains("IOSFODNN7"));
}

/// Property tests (natively only: proptest is not built for wasm).
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn decode_never_panics(s in ".{0,200}") {
            let _ = decode(&s);
            let _ = decode(&format!("#v1={s}"));
        }

        #[test]
        fn decode_never_panics_on_base64_of_garbage(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = decode(&format!("v1={}", base64url_encode(&bytes)));
            let packed = miniz_oxide::deflate::compress_to_vec(&bytes, 1);
            let _ = decode(&format!("v1={}", base64url_encode(&packed)));
        }

        #[test]
        fn round_trip_is_exact(df in "\\PC{0,300}", ig in proptest::option::of("\\PC{0,80}"), yaml in "\\PC{0,80}", any_text in any::<String>()) {
            let settings = Settings { hadolint_yaml: yaml, threshold: Threshold::Never, ..Default::default() };
            let s = Shared { dockerfile: format!("{df}{any_text}"), dockerignore: ig, settings };
            let hash = encode(&s).unwrap();
            prop_assert_eq!(decode(&hash).unwrap(), s);
        }

        #[test]
        fn base64url_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            prop_assert_eq!(base64url_decode(&base64url_encode(&bytes)).unwrap(), bytes);
        }

        #[test]
        fn looks_secret_never_panics(s in any::<String>()) {
            for (r, _) in looks_secret(&s) {
                prop_assert!(r.start <= r.end && r.end <= s.len());
                prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
            }
        }
    }
}
