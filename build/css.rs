//! The widget's CSS, put together and minified when the widget is built (build.rs), so that
//! comments and indentation are not downloaded by every visitor. The minifier is
//! conservative: it drops comments, collapses whitespace, and removes it only where CSS never
//! needs it (around `{`, `}`, `;`, `,` and after `:`), leaving strings as they are.

use std::path::Path;

/// Base rules and theme tokens first, then each component's own file.
pub const SOURCES: [&str; 8] = [
    "style/widget.css",
    "src/components/panel/panel.css",
    "src/components/feedback_form/feedback_form.css",
    "src/components/tabs/tabs.css",
    "src/components/contact_fields/contact_fields.css",
    "src/components/my_questions/my_questions.css",
    "src/components/poll/poll.css",
    "src/components/public_questions/public_questions.css",
];

/// The launcher's rules, for a widget that draws its own (the `Chapeau` component): an
/// embedded widget's launcher is the loader's, styled by the loader.
pub const LAUNCHER: &str = "src/components/launcher/launcher.css";

/// Every source file of the crate at `root`, one after the other.
pub fn concatenated(root: &Path) -> String {
    SOURCES.iter().map(|file| std::fs::read_to_string(root.join(file)).expect("the widget's CSS files are there")).collect::<Vec<_>>().join("\n")
}

/// The CSS without comments and needless whitespace.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                pending_space = true;
            }
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space);
                out.push(c);
                for s in chars.by_ref() {
                    out.push(s);
                    if s == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => pending_space = true,
            '{' | '}' | ';' | ',' | ':' => {
                // No space before these, except before `:` (`a :hover` is not `a:hover`).
                if c == ':' {
                    flush_space(&mut out, &mut pending_space);
                } else {
                    pending_space = false;
                }
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                // Nor after them.
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
            }
            c => {
                flush_space(&mut out, &mut pending_space);
                out.push(c);
            }
        }
    }
    out.trim().to_string()
}

fn flush_space(out: &mut String, pending: &mut bool) {
    if *pending && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', ':']) {
        out.push(' ');
    }
    *pending = false;
}

#[cfg(test)]
mod tests {
    use super::{concatenated, minify_css, LAUNCHER};

    #[test]
    fn comments_and_indentation_go_and_meaning_stays() {
        let css = "/* theme */\n.root {\n  color: red;  /* note */\n  font: 400 15px/1.45 var(--f, \"Segoe  UI\", sans-serif);\n}\n\n.a :focus,\n.b > .c {\n  width: calc(100% - 2px);\n}\n";
        assert_eq!(
            minify_css(css),
            ".root{color:red;font:400 15px/1.45 var(--f,\"Segoe  UI\",sans-serif)}.a :focus,.b > .c{width:calc(100% - 2px)}"
        );
    }

    #[test]
    fn media_queries_keep_their_words_apart() {
        assert_eq!(
            minify_css("@media (max-width: 420px) and (prefers-color-scheme: dark) {\n  .x { inset: auto 12px; }\n}"),
            "@media (max-width:420px) and (prefers-color-scheme:dark){.x{inset:auto 12px}}"
        );
    }

    #[test]
    fn the_widgets_css_shrinks_and_keeps_every_rule() {
        let css = concatenated(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
        let min = minify_css(&css);
        assert!(min.len() * 10 < css.len() * 8, "{} of {} bytes", min.len(), css.len());
        assert_eq!(min.matches('{').count(), css.matches('{').count());
        assert_eq!(min.matches('}').count(), css.matches('}').count());
        assert!(!min.contains("/*"));
    }

    #[test]
    fn the_components_launcher_looks_like_the_loaders() {
        // The `Chapeau` component draws the launcher the loader draws for an embedded widget:
        // the same rules, written once in CSS and once in loader/embed.js.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let launcher = minify_css(&std::fs::read_to_string(root.join(LAUNCHER)).unwrap());
        let loader = std::fs::read_to_string(root.join("loader/embed.js")).unwrap();
        // Its CSS is a string written in pieces: `"…" +` at the end of each line.
        let loader: String = loader.split("\" +").map(|piece| piece.trim_start().trim_start_matches('"')).collect();
        for rule in launcher.split('}').filter(|r| !r.is_empty()) {
            let declarations = rule.split_once('{').unwrap().1;
            assert!(loader.contains(declarations), "loader/embed.js lacks {declarations}");
        }
    }
}
