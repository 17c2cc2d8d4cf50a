use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// The analysis debounce for a text of `len` bytes: short for the usual
/// Dockerfile, longer for a huge paste so typing in it stays fluid.
pub fn debounce_ms(len: usize) -> u32 {
    match len {
        0..=20_000 => 120,
        20_001..=100_000 => 300,
        _ => 600,
    }
}

/// Calls `callback` once `deps` have not changed for `delay_ms` (a new value
/// restarts the wait; unmounting cancels it).
#[hook]
pub fn use_debounced<D: PartialEq + Clone + 'static>(deps: D, delay_ms: u32, callback: Callback<()>) {
    use_effect_with(deps, move |_| {
        let timeout = Timeout::new(delay_ms, move || callback.emit(()));
        move || drop(timeout)
    });
}
