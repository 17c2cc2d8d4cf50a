fn main() {
    // The analysis worker instantiates this same wasm: nothing to mount there.
    if slimfile_web::in_worker() {
        return;
    }
    // embed.html (the documentation widget) and the playground share one build.
    if !slimfile_web::embed::start_if_embed() {
        slimfile_web::start();
    }
}
