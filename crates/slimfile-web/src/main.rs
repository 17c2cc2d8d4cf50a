fn main() {
    slimfile_web::start();
}
