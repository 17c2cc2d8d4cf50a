//! The browser's localStorage, the only place the user's text goes.
//!
//! Storage can be missing (some privacy modes), full or disabled: then
//! loading finds nothing and saving reports why, and the text stays in the
//! editor either way.

use web_sys::Storage;

/// The editor's text.
pub const TEXT_KEY: &str = "slimfile.text";
/// The text that "Load example" put aside.
pub const PREVIOUS_KEY: &str = "slimfile.previous";
/// The .dockerignore tab's text.
pub const IGNORE_KEY: &str = "slimfile.dockerignore";
/// The colour theme (absent: follow the system).
pub const THEME_KEY: &str = "slimfile.theme";

fn local_storage() -> Result<Storage, &'static str> {
    let window = web_sys::window().ok_or("no window")?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) | Err(_) => Err("this browser gives the page no local storage"),
    }
}

/// The value stored under `key`, if any.
pub fn load(key: &str) -> Option<String> {
    local_storage().ok()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`, or removes the key for `None`.
pub fn save(key: &str, value: Option<&str>) -> Result<(), &'static str> {
    let storage = local_storage()?;
    let result = match value {
        Some(value) => storage.set_item(key, value),
        None => storage.remove_item(key),
    };
    result.map_err(|_| "the browser refused to store it (storage full or disabled)")
}
/// The lint settings (`Settings::to_compact`).
pub const SETTINGS_KEY: &str = "slimfile.settings";
/// The size chart's measure ("pull" or "disk").
pub const MEASURE_KEY: &str = "slimfile.measure";
