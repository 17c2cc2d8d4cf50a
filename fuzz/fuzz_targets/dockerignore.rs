//! The `.dockerignore` matcher: parsing and matching never panic, and the
//! answers agree with each other: an excluded path has a deciding pattern
//! that is not an exception, and a directory a walker may skip is excluded
//! along with everything below it.
//!
//! Input: the `.dockerignore`, a NUL byte, then paths one per line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slimfile::dockerignore::DockerIgnore;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(2, |&b| b == 0);
    let ignore = DockerIgnore::parse(&String::from_utf8_lossy(parts.next().unwrap_or_default()));
    let paths = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    for path in paths.lines().take(64) {
        let _ = ignore.check(path);
        let excluded = ignore.is_excluded(path);
        let deciding = ignore.deciding_pattern(path);
        match deciding {
            Some(i) => assert_eq!(excluded, !ignore.patterns[i].negated, "{path:?} decided by pattern {i}"),
            None => assert!(!excluded, "{path:?} excluded with no deciding pattern"),
        }
        // A walker asks only about relative paths of the context ("/" and
        // other absolute paths never occur; the first fuzz run stopped on
        // `can_skip_dir("/")` with the pattern `/`, whose children were then
        // spelled "/a").
        if !path.starts_with('/') && ignore.can_skip_dir(path) {
            assert!(excluded, "skippable directory {path:?} is not excluded");
            for child in ["a", "x/y.txt", ".git", "Dockerfile"] {
                let below = format!("{}/{child}", path.trim_end_matches('/'));
                assert!(ignore.is_excluded(&below), "{below:?} kept below skippable {path:?}");
            }
        }
    }
});
