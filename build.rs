//! Puts the widget's CSS together, minified, for `src/style.rs` to compile in: the widget's
//! sheet, and the launcher's for a widget that draws its own.

#[path = "build/css.rs"]
mod css;

fn main() {
    for file in css::SOURCES.iter().chain([&css::LAUNCHER]) {
        println!("cargo:rerun-if-changed={file}");
    }
    println!("cargo:rerun-if-changed=build/css.rs");
    let root = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    std::fs::write(out.join("widget.css"), css::minify_css(&css::concatenated(&root))).expect("OUT_DIR is writable");
    let launcher = std::fs::read_to_string(root.join(css::LAUNCHER)).expect("the launcher's CSS is there");
    std::fs::write(out.join("launcher.css"), css::minify_css(&launcher)).expect("OUT_DIR is writable");
}
