//! The settings panel: every rule of the registry with a search box, an
//! on/off toggle and a severity select each; the failure threshold; and an
//! "import .hadolint.yaml" textarea (or file). It holds only the search text;
//! every change is sent as the whole new [`Settings`] through `on_change`.
//!
//! Wiring (for `App`): `<SettingsPanel settings={state.settings.clone()}
//! on_change={dispatch(Action::SetSettings)} />`, with `Rc<Settings>` in the
//! state (see `crate::settings` for turning it into the analysis config).

use std::rc::Rc;

use slimfile::Severity;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::settings::{RuleChoice, Settings, Threshold};

#[derive(Properties, PartialEq)]
pub struct SettingsPanelProps {
    pub settings: Rc<Settings>,
    pub on_change: Callback<Settings>,
}

const SEVERITIES: [Severity; 4] = [Severity::Error, Severity::Warning, Severity::Info, Severity::Style];

#[component]
pub fn SettingsPanel(props: &SettingsPanelProps) -> Html {
    let search = use_state(String::new);
    let yaml_draft = use_state(|| props.settings.hadolint_yaml.clone());
    // A new imported text from outside (a share link, a reset) replaces the draft.
    {
        let draft = yaml_draft.clone();
        use_effect_with(props.settings.hadolint_yaml.clone(), move |yaml| draft.set(yaml.clone()));
    }
    // The running file read (dropping it would cancel the read).
    let reading = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let settings = props.settings.clone();
    let (_, yaml_errors) = settings.to_config();
    let rows = settings.rule_rows();
    let q = search.to_ascii_lowercase();
    let shown: Vec<_> = rows
        .iter()
        .filter(|r| {
            q.is_empty()
                || r.code.to_ascii_lowercase().contains(&q)
                || r.name.contains(&q)
                || r.summary.to_ascii_lowercase().contains(&q)
        })
        .collect();
    let on_search = {
        let search = search.clone();
        Callback::from(move |e: InputEvent| search.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_threshold = {
        let (settings, cb) = (settings.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut s = (*settings).clone();
            s.threshold = Threshold::parse(&v).unwrap_or_default();
            cb.emit(s);
        })
    };
    let on_yaml_input = {
        let draft = yaml_draft.clone();
        Callback::from(move |e: InputEvent| draft.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let apply_yaml = {
        let (settings, cb, draft) = (settings.clone(), props.on_change.clone(), yaml_draft.clone());
        Callback::from(move |_: MouseEvent| {
            let mut s = (*settings).clone();
            s.hadolint_yaml = (*draft).clone();
            cb.emit(s);
        })
    };
    let on_yaml_file = {
        let (settings, cb, draft) = (settings.clone(), props.on_change.clone(), yaml_draft.clone());
        let reading = reading.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
            if file.size() > 256.0 * 1024.0 {
                return;
            }
            let (settings, cb, draft) = (settings.clone(), cb.clone(), draft.clone());
            let reader = gloo::file::callbacks::read_as_text(&gloo::file::Blob::from(file), move |text| {
                if let Ok(text) = text {
                    draft.set(text.clone());
                    let mut s = (*settings).clone();
                    s.hadolint_yaml = text;
                    cb.emit(s);
                }
            });
            *reading.borrow_mut() = Some(reader);
        })
    };
    let reset = {
        let cb = props.on_change.clone();
        let draft = yaml_draft.clone();
        Callback::from(move |_: MouseEvent| {
            draft.set(String::new());
            cb.emit(Settings::default());
        })
    };
    let rule_items = shown.iter().map(|r| {
        let code = r.code;
        let toggle = {
            let (settings, cb) = (settings.clone(), props.on_change.clone());
            let now_enabled = r.enabled;
            Callback::from(move |_: Event| {
                let mut s = (*settings).clone();
                let mut c = s.choice(code);
                c.enabled = Some(!now_enabled);
                s.set_rule(code, c);
                cb.emit(s);
            })
        };
        let severity = {
            let (settings, cb) = (settings.clone(), props.on_change.clone());
            Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                let mut s = (*settings).clone();
                let mut c = s.choice(code);
                c.severity = Severity::parse(&v);
                s.set_rule(code, c);
                cb.emit(s);
            })
        };
        let reset_rule = {
            let (settings, cb) = (settings.clone(), props.on_change.clone());
            Callback::from(move |_: MouseEvent| {
                let mut s = (*settings).clone();
                s.set_rule(code, RuleChoice::default());
                cb.emit(s);
            })
        };
        let own = settings.choice(code) != RuleChoice::default();
        let id = format!("rule-{code}");
        html! {
            <li class={classes!("rule", (!r.enabled).then_some("off"), r.changed.then_some("changed"))} key={code}>
                <input type="checkbox" id={id.clone()} checked={r.enabled} onchange={toggle}
                    aria-label={format!("{code} {}: {}", r.name, if r.enabled { "on" } else { "off" })} />
                <label for={id} class="rule-name">
                    <code>{ code }</code>
                    <span class="rule-summary">{ r.summary }</span>
                    if r.experimental { <span class="tag">{ "experimental" }</span> }
                    else if !r.default_enabled { <span class="tag">{ "off by default" }</span> }
                </label>
                <select class="rule-sev" onchange={severity} aria-label={format!("Severity of {code}")} disabled={!r.enabled}>
                    { for SEVERITIES.iter().map(|s| html! {
                        <option value={s.as_str()} selected={*s == r.severity}>
                            { if *s == r.default_severity { format!("{} (default)", s.as_str()) } else { s.as_str().to_string() } }
                        </option>
                    }) }
                </select>
                if own {
                    <button type="button" class="rule-reset" onclick={reset_rule} aria-label={format!("Reset {code}")}>{ "reset" }</button>
                }
            </li>
        }
    });
    let off = rows.iter().filter(|r| !r.enabled).count();
    html! {
        <section class="panel settings" aria-labelledby="settings-title">
            <div class="panel-head">
                <h2 id="settings-title">{ "Settings" }</h2>
                <div class="actions"><button type="button" onclick={reset}>{ "Reset all" }</button></div>
            </div>
            <div class="settings-row">
                <label for="threshold">{ "Failure threshold" }</label>
                <select id="threshold" onchange={on_threshold}>
                    { for Threshold::ALL.iter().map(|t| html! {
                        <option value={t.as_str()} selected={*t == settings.threshold}>
                            { match t {
                                Threshold::Unset => "default (from .hadolint.yaml, else info)".to_string(),
                                Threshold::Never => "none: never fail".to_string(),
                                Threshold::At(s) => format!("{} and above", s.as_str()),
                            } }
                        </option>
                    }) }
                </select>
            </div>
            <details class="yaml-import" open={!settings.hadolint_yaml.is_empty()}>
                <summary>{ "Import .hadolint.yaml" }</summary>
                <textarea class="yaml" aria-label=".hadolint.yaml" spellcheck="false" rows="6"
                    value={(*yaml_draft).clone()} oninput={on_yaml_input}
                    placeholder={"ignored:\n  - DL3008\noverride:\n  error:\n    - DL3007\nfailure-threshold: warning"} />
                <div class="actions">
                    <button type="button" onclick={apply_yaml}>{ "Apply" }</button>
                    <label class="file-button">{ "Open file…" }
                        <input type="file" accept=".yaml,.yml,text/yaml" onchange={on_yaml_file} />
                    </label>
                </div>
                if !yaml_errors.is_empty() {
                    <ul class="yaml-errors" role="alert">{ for yaml_errors.iter().map(|e| html! { <li>{ e }</li> }) }</ul>
                }
            </details>
            <div class="settings-row">
                <input type="search" class="rule-search" placeholder="Search rules (code, name, text)" aria-label="Search rules"
                    value={(*search).clone()} oninput={on_search} />
                <span class="count">{ format!("{} rules, {off} off", rows.len()) }</span>
            </div>
            <ul class="rules">{ for rule_items }</ul>
            if shown.is_empty() { <p class="empty">{ "No rule matches." }</p> }
        </section>
    }
}
