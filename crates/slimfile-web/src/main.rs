fn main() {
    // embed.html (the documentation widget) and the playground share one build.
    if !slimfile_web::embed::start_if_embed() {
        slimfile_web::start();
    }
}
