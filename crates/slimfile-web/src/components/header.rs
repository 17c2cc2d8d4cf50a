use yew::prelude::*;

#[component]
pub fn Header() -> Html {
    html! {
        <header class="site-header">
            <h1 class="brand">{ "slimfile" }</h1>
            <span class="version" data-testid="version" title="slimfile core version (the CLI prints the same)">
                { format!("v{}", slimfile::VERSION) }
            </span>
            <p class="tagline">
                { "Dockerfile optimizer. It runs in your browser: your Dockerfile never leaves this page." }
            </p>
        </header>
    }
}
