//! The web app's share-link decoder (`slimfile_web::share`) on arbitrary
//! input. It never panics, and whatever it reads back is a state the app can
//! share again: encoding the decoded state and decoding that gives the same
//! state (so a link does not drift when it is re-shared).
//!
//! Input: a first byte choosing what the rest is, so that the fuzzer reaches
//! past the base64 and DEFLATE layers:
//! - even: the link text itself (`#v1=…`, a whole URL, anything);
//! - odd: the inflated record (Dockerfile, .dockerignore, settings, version
//!   fields), which the target compresses and encodes into a `#v1=` link.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slimfile_web::share::{base64url_decode, base64url_encode, decode_with_version, encode};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let link = if mode % 2 == 0 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        let packed = miniz_oxide::deflate::compress_to_vec(rest, 6);
        format!("https://example.org/slimfile/#v1={}", base64url_encode(&packed))
    };
    // base64url: what decodes re-encodes to text that decodes to the same
    // bytes. (Not to the same text: the decoder ignores the unused low bits
    // of the last character, `Av` reads as `Ag`; the first run stopped on
    // that, a too-strict property, not a decoder bug.)
    if let Some((_, body)) = link.split_once("v1=") {
        if let Some(bytes) = base64url_decode(body) {
            let again = base64url_encode(&bytes);
            assert_eq!(base64url_decode(&again).as_ref(), Some(&bytes), "base64url round trip");
        }
    }
    let Ok((shared, _made_with)) = decode_with_version(&link) else { return };
    let Ok(hash) = encode(&shared) else { return };
    let (back, _) = decode_with_version(&format!("#{hash}")).expect("a link made by encode decodes");
    assert_eq!(back, shared, "decode(encode(decode(link))) == decode(link)");
});
