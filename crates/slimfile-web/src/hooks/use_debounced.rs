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
/// restarts the wait; unmounting cancels it). The first call, for the values
/// the component mounts with, does not wait: nobody is typing yet, and the
/// first analysis of a page load should not sit out a debounce.
#[hook]
pub fn use_debounced<D: PartialEq + Clone + 'static>(deps: D, delay_ms: u32, callback: Callback<()>) {
    let mounted = use_mut_ref(|| false);
    use_effect_with(deps, move |_| {
        let delay = if std::mem::replace(&mut *mounted.borrow_mut(), true) { delay_ms } else { 0 };
        let timeout = Timeout::new(delay, move || callback.emit(()));
        move || drop(timeout)
    });
}
