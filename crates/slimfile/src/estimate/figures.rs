//! The constants of the size model, each with its source. Sources:
//! `size-model-notes` = the project's size-model notes (shared reference
//! `size-model-notes.md`, section given); `calibration` = the layer
//! calibration sample (`layer-calibration.tsv`: real RUN lines of official
//! images with their real compressed layer sizes, see
//! `tests/estimate_calibration.rs`). "Assumption" marks a figure with no
//! measurement behind it; such figures always come with low confidence and a
//! wide range.

pub const MB: f64 = 1_000_000.0;
pub const MIB: f64 = 1_048_576.0;

/// Compressed ÷ uncompressed for a whole image or an unknown layer kind:
/// 0.35, range 0.31–0.45 (size-model-notes §2.3: 4 measured same-tag pairs,
/// 0.328–0.391).
pub const RATIO_GENERIC: f64 = 0.35;
pub const RATIO_LOW: f64 = 0.31;
pub const RATIO_HIGH: f64 = 0.45;

/// Compressed ÷ Σ Installed-Size of a whole Debian image: 0.40, measured on
/// `debian:bookworm` (48.50 MB) and `debian:trixie` (49.31 MB) over the
/// Σ Installed-Size of their package set in this project's data (minbase:
/// 120.4 MB and 123.0 MB): 0.403 and 0.401. Range 0.31–0.51: the lowest of
/// the size notes' figures to the highest calibration row. Added packages
/// are not sized with it directly: they carry fewer docs than the base set,
/// and docs compress worse (see [`RATIO_APT_REST`], [`DOC_SHARE_ADDED`]);
/// the range is scaled with the ratio used.
pub const RATIO_APT: f64 = 0.40;
pub const RATIO_APT_LOW: f64 = 0.31;
pub const RATIO_APT_HIGH: f64 = 0.51;

/// The same pairs split by what `-slim` leaves out. Each slim image has
/// exactly the package set of its full image, without the files its dpkg
/// path-excludes drop (docs, man pages, locales; see `DocExcludes`). Their
/// measured sizes give, per byte of Installed-Size:
/// * excluded share of the base set: (116.57 − 74.83) / 120.36 = 0.347 on
///   bookworm (the same 41.7 MB measured file by file from the dpkg file
///   lists of a bookworm machine with docs), (119.92 − 78.64) / 122.99 =
///   0.336 on trixie;
/// * compressed per byte outside the excluded paths: 28.23 / 78.62 = 0.359
///   and 29.78 / 81.71 = 0.364: **0.362**;
/// * compressed per excluded byte (gzip'd changelogs and man pages, `.mo`
///   files): 20.26 / 41.74 = 0.485 and 19.53 / 41.28 = 0.473: **0.479**.
///
/// These reproduce the whole-image ratio (0.653 × 0.362 + 0.347 × 0.479 =
/// 0.402). No layer row is fitted.
pub const RATIO_APT_REST: f64 = 0.362;
pub const RATIO_APT_DOC: f64 = 0.479;

/// Share of Installed-Size under the paths a `-slim` base excludes, for
/// packages beyond the base set: 0.099, measured file by file on a bookworm
/// machine with docs (the dpkg file lists of the 649 packages of
/// `data/debian-bookworm.pkgs` installed there that are not in minbase:
/// 244 MB of 2,476 MB Installed-Size). Far below the base set's 0.347 (its
/// coreutils, bash, dpkg and tar carry many translations). With docs kept,
/// an added closure compresses at 0.901 × 0.362 + 0.099 × 0.479 = 0.374 per
/// byte of Installed-Size; on a `-slim` base 0.901 of it is unpacked, at
/// 0.362.
pub const DOC_SHARE_ADDED: f64 = 0.099;
/// Ubuntu's minimized images exclude man pages, `.mo` files and docs but
/// keep `changelog.Debian.*`: 0.096 of the same 649 packages (238 MB).
pub const DOC_SHARE_ADDED_UBUNTU: f64 = 0.096;

/// dpkg's own files per installed package, not in Installed-Size
/// (`/var/lib/dpkg/info`: `.list`, `.md5sums`, maintainer scripts): 27.5 KB
/// per package on the same machine (22.7 MB for 823 packages), compressing
/// to 0.19 (gzip of the `.list` and `.md5sums` files).
pub const DPKG_INFO_PER_PACKAGE: f64 = 27_500.0;
pub const RATIO_DPKG_INFO: f64 = 0.19;
/// Every apt layer rewrites `/var/lib/dpkg/status` whole and keeps the
/// previous one as `status-old`: 890 bytes per installed package (732 KB for
/// 823 packages on the same machine), compressing to 0.24.
pub const DPKG_STATUS_PER_PACKAGE: f64 = 890.0;
pub const RATIO_DPKG_STATUS: f64 = 0.24;

/// Files a package's maintainer scripts create, which Installed-Size does
/// not count: (package, bytes on disk, compressed bytes in a layer).
/// `ca-certificates`: `update-ca-certificates` writes
/// `/etc/ssl/certs/ca-certificates.crt` (219,597 bytes) and a name and a hash
/// link per certificate (292 entries); the tar of `/etc/ssl/certs` gzips to
/// 256,487 bytes (measured on a bookworm machine).
pub const POSTINST_OUTPUTS: &[(&str, f64, f64)] = &[("ca-certificates", 219_597.0, 256_487.0)];

/// Compressed ÷ installed for apk packages. No Alpine layer was measurable
/// against a full closure; the generic image ratio is used (size-model-notes
/// §2.3), range 0.31–0.45.
pub const RATIO_APK: f64 = RATIO_GENERIC;

/// Every `apk add` layer rewrites apk's database (`/lib/apk/db/installed`,
/// which lists every installed file with its checksum, `scripts.tar`,
/// `triggers`, `/etc/apk/world`), and triggers such as
/// update-ca-certificates regenerate files. Fitted on the two small apk rows
/// of the calibration sample (the layer minus 0.35 × installed: 170 KB and
/// 186 KB compressed): 175 KB compressed, range 50–300 KB; assumed 0.5 MB
/// uncompressed. Two data points: treat as approximate.
pub const APK_LAYER_OVERHEAD_COMPRESSED: f64 = 175_000.0;
pub const APK_LAYER_OVERHEAD_LOW: f64 = 50_000.0;
pub const APK_LAYER_OVERHEAD_HIGH: f64 = 300_000.0;
pub const APK_LAYER_OVERHEAD_UNCOMPRESSED: f64 = 500_000.0;

/// Uncompressed error of an apt/apk closure: ±15% (size-model-notes §7).
pub const CLOSURE_ERR: f64 = 0.15;

/// Apt lists left in the layer when `/var/lib/apt/lists` is not removed in
/// the same RUN: 19.9 MB on bookworm, ≈21 MB on trixie (stored
/// lz4-compressed through `Acquire::GzipIndexes`, size-model-notes §4.1).
pub const APT_LISTS_BOOKWORM: f64 = 19.9 * MB;
pub const APT_LISTS_TRIXIE: f64 = 21.0 * MB;
/// Ubuntu: one published 27 MB measurement (ubuntu:20.04), range 25–60 MB
/// (size-model-notes §4.1).
pub const APT_LISTS_UBUNTU: f64 = 27.0 * MB;
/// Lists stored lz4-compressed barely compress again under gzip.
/// Assumption: 0.9 (range 0.8–1.0).
pub const RATIO_PRECOMPRESSED: f64 = 0.9;

/// `/var/cache/apk` index tarballs left without `--no-cache`: "a few MB per
/// repository (not verified)" (size-model-notes §4.2). Assumption: 2.5 MB
/// for main + community, range 1–6 MB; already gzip, ratio ≈1.
pub const APK_CACHE: f64 = 2.5 * MB;
pub const APK_CACHE_LOW: f64 = 1.0 * MB;
pub const APK_CACHE_HIGH: f64 = 6.0 * MB;

/// pip: installed size of one package whose size is not in [`PIP_KNOWN`]
/// (assumption from the notes' §4.3 table: 3.3–156 MB measured per
/// requirement; 15 MB point, 0.1–160 MB range).
pub const PIP_DEFAULT: f64 = 15.0 * MB;
pub const PIP_DEFAULT_LOW: f64 = 0.1 * MB;
pub const PIP_DEFAULT_HIGH: f64 = 160.0 * MB;
/// `pip install -r requirements.txt` without the file: assumption 100 MB,
/// range 5 MB–1 GB ("×2 either way" at best, size-model-notes §7).
pub const PIP_REQUIREMENTS: f64 = 100.0 * MB;
pub const PIP_REQUIREMENTS_LOW: f64 = 5.0 * MB;
pub const PIP_REQUIREMENTS_HIGH: f64 = 1000.0 * MB;
/// Installed size with dependencies, measured (size-model-notes §4.3).
pub const PIP_KNOWN: &[(&str, f64)] = &[
    ("numpy", 72.1),
    ("pandas", 155.6),
    ("django", 42.5),
    ("flask", 5.2),
    ("requests", 3.3),
    ("fastapi", 17.5),
];
/// pip cache (`~/.cache/pip` without `--no-cache-dir`): 15–25% of
/// site-packages, wheels are zip files (size-model-notes §4.3).
pub const PIP_CACHE: f64 = 0.20;
pub const PIP_CACHE_LOW: f64 = 0.15;
pub const PIP_CACHE_HIGH: f64 = 0.25;

/// npm/yarn/pnpm install without a lockfile size table: the notes measured
/// 2.9 MB (express) and 358 MB (next + react + typescript) node_modules
/// (size-model-notes §4.4). Assumption: 60 MB point, 3–360 MB range.
pub const NPM_DEFAULT: f64 = 60.0 * MB;
pub const NPM_LOW: f64 = 3.0 * MB;
pub const NPM_HIGH: f64 = 360.0 * MB;
/// `--production` / `--omit=dev`: assumption 0.5× (range 0.2–0.9).
pub const NPM_PROD: f64 = 0.5;
/// npm cache left in the layer: 0.45–1.8 × node_modules (size-model-notes
/// §4.4); point 0.6; tarballs, ratio ≈1.
pub const NPM_CACHE: f64 = 0.6;
pub const NPM_CACHE_LOW: f64 = 0.45;
pub const NPM_CACHE_HIGH: f64 = 1.8;
/// JavaScript/text trees compress to ≈0.2–0.35 (size-model-notes §4.6).
pub const RATIO_TEXT: f64 = 0.3;

/// Go module + build caches in a single-stage image: "can reach hundreds of
/// MB" (size-model-notes §4.5, not measured). Assumption: 200 MB, 20–800 MB.
pub const GO_BUILD: f64 = 200.0 * MB;
pub const GO_BUILD_LOW: f64 = 20.0 * MB;
pub const GO_BUILD_HIGH: f64 = 800.0 * MB;
/// Rust `target/` "reaches GBs" (size-model-notes §4.5). Assumption: 1 GB,
/// 100 MB–4 GB.
pub const CARGO_BUILD: f64 = 1000.0 * MB;
pub const CARGO_BUILD_LOW: f64 = 100.0 * MB;
pub const CARGO_BUILD_HIGH: f64 = 4000.0 * MB;
/// gem install, per gem. Assumption: 5 MB, 0.1–100 MB.
pub const GEM: f64 = 5.0 * MB;
pub const GEM_LOW: f64 = 0.1 * MB;
pub const GEM_HIGH: f64 = 100.0 * MB;
/// dnf/yum/microdnf install, per package, and the metadata cache kept without
/// `clean all`. Assumptions: 20 MB (1–300 MB) per package; 60 MB (20–150 MB)
/// of metadata.
pub const RPM_PKG: f64 = 20.0 * MB;
pub const RPM_PKG_LOW: f64 = 1.0 * MB;
pub const RPM_PKG_HIGH: f64 = 300.0 * MB;
pub const RPM_CACHE: f64 = 60.0 * MB;
pub const RPM_CACHE_LOW: f64 = 20.0 * MB;
pub const RPM_CACHE_HIGH: f64 = 150.0 * MB;
/// A download (curl -o, wget, git clone, ADD <url>). Assumption: 20 MB,
/// 0.1–500 MB.
pub const DOWNLOAD: f64 = 20.0 * MB;
pub const DOWNLOAD_LOW: f64 = 0.1 * MB;
pub const DOWNLOAD_HIGH: f64 = 500.0 * MB;
/// A source build (make, cmake, configure, ninja). Assumption: 100 MB,
/// 1 MB–1 GB.
pub const BUILD: f64 = 100.0 * MB;
pub const BUILD_LOW: f64 = 1.0 * MB;
pub const BUILD_HIGH: f64 = 1000.0 * MB;
/// Any other command (mkdir, useradd, ln, sed): assumption ≤1 MB.
pub const OTHER_HIGH: f64 = 1.0 * MB;

/// Compressed ÷ uncompressed of a COPY'd file by extension (size-model-notes
/// §4.6: text/JS ≈0.2–0.35, binaries ≈0.4–0.6, compressed media ≈1.0).
pub fn ratio_for_path(path: &str) -> f64 {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = match name.rsplit_once('.') {
        Some((_, e)) => e.to_ascii_lowercase(),
        None => return 0.5,
    };
    const TEXT: &[&str] = &[
        "js", "mjs", "cjs", "ts", "tsx", "jsx", "json", "html", "htm", "css", "scss", "md", "txt",
        "py", "rb", "go", "rs", "java", "kt", "xml", "yml", "yaml", "toml", "svg", "map", "c", "h",
        "cc", "cpp", "hpp", "sh", "php", "lock", "csv", "sql", "ini", "cfg", "conf", "vue", "lua",
        "pl", "r", "ex", "exs", "erb", "tpl",
    ];
    const PACKED: &[&str] = &[
        "png", "jpg", "jpeg", "gif", "webp", "avif", "zip", "gz", "tgz", "bz2", "xz", "zst", "7z",
        "rar", "mp4", "mp3", "ogg", "webm", "woff", "woff2", "jar", "war", "whl", "apk", "deb",
        "rpm", "pdf", "br", "lz4",
    ];
    if TEXT.contains(&ext.as_str()) {
        RATIO_TEXT
    } else if PACKED.contains(&ext.as_str()) {
        1.0
    } else {
        0.5
    }
}
