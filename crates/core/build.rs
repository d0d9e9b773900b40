//! The built-in content is embedded with `include_dir!`, which does not tell cargo about the
//! files it reads: without this, editing or adding a file under `content/` would leave the
//! old content in the binary until some Rust source changed.

fn main() {
    println!("cargo:rerun-if-changed=../../content");
}
