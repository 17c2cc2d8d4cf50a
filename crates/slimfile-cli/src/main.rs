fn main() { println!("slimfile {}", slimfile::VERSION); }
