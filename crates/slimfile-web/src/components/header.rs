use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::theme::Theme;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub theme: Theme,
    pub on_theme: Callback<Theme>,
}

#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let onchange = props.on_theme.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        Theme::parse(&select.value())
    });
    let option = |t: Theme| html! { <option value={t.as_str()} selected={props.theme == t}>{ t.label() }</option> };
    html! {
        <header class="site-header">
            <div class="brand-wrap">
                <svg class="logo" viewBox="0 0 32 32" width="26" height="26" aria-hidden="true">
                    <rect x="3" y="9" width="26" height="16" rx="4" />
                    <path d="M8 14h5M8 18h9M8 22h3" />
                </svg>
                <h1 class="brand">{ "slimfile" }</h1>
                <span class="version" data-testid="version" title="slimfile core version (the CLI's --version prints the same)">
                    { format!("v{}", slimfile::VERSION) }
                </span>
            </div>
            <p class="tagline">{ "Dockerfile optimizer · runs in your browser, nothing is uploaded" }</p>
            <nav class="header-nav" aria-label="Site">
                <a href="rules/index.html" class="nav-link">{ "Rules" }</a>
                <label class="theme">
                    <span class="visually-hidden">{ "Theme" }</span>
                    <select aria-label="Theme" {onchange}>
                        { option(Theme::System) }{ option(Theme::Light) }{ option(Theme::Dark) }
                    </select>
                </label>
            </nav>
        </header>
    }
}
