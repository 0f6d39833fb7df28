//! Puts the widget's CSS together, minified, for `src/style.rs` to compile in.

#[path = "build/css.rs"]
mod css;

fn main() {
    for file in css::SOURCES {
        println!("cargo:rerun-if-changed={file}");
    }
    println!("cargo:rerun-if-changed=build/css.rs");
    let root = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("widget.css");
    std::fs::write(out, css::minify_css(&css::concatenated(&root))).expect("OUT_DIR is writable");
}
