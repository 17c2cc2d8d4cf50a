//! The colour theme: follow the system, or force light or dark. Saved in
//! localStorage and applied as `data-theme` on the root element (the CSS
//! reads it; `www/index.html` applies the saved one before the app loads, so
//! the page does not flash).

use crate::storage::{self, THEME_KEY};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }
    /// Unknown names are the system theme.
    pub fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// The saved theme.
pub fn load() -> Theme {
    storage::load(THEME_KEY).map_or(Theme::System, |s| Theme::parse(&s))
}

/// Applies the theme to the page and saves it.
pub fn apply(theme: Theme) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", theme.as_str());
    }
    let _ = storage::save(THEME_KEY, (theme != Theme::System).then_some(theme.as_str()));
}
