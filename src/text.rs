//! Small text tools that stand in for `format!`, `to_string` and `str::parse`: each of those
//! brings generic formatting or parsing code into the widget, which every visitor downloads.
//! Plain logic, checked natively.

use crate::prelude::*;
use chapeau_protocol::push_hex;
pub use chapeau_protocol::cat;

/// Appends a whole number.
pub fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
}

/// A whole number as text.
pub fn number(n: u64) -> String {
    let mut out = String::new();
    push_number(&mut out, n);
    out
}

/// The whole number `text` is, if it is one: ASCII digits only, no sign, no overflow.
pub fn parse_number(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u64, |n, b| {
        let digit = b.wrapping_sub(b'0');
        (digit < 10).then_some(())?;
        n.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

/// `template` with every `placeholder` (such as `{n}`) replaced by `value`.
pub fn fill(template: &str, placeholder: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(at) = (0..rest.len()).find(|&i| rest.as_bytes()[i..].starts_with(placeholder.as_bytes())) {
        // `at` is where a placeholder starts, so on a character's boundary: `get` cannot fail,
        // and unlike indexing it brings no panic (and its formatting) into the widget.
        out.push_str(rest.get(..at).unwrap_or_default());
        out.push_str(value);
        rest = rest.get(at + placeholder.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Bytes as lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        push_hex(&mut out, byte);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_and_read_whole() {
        for n in [0, 7, 10, 99, 1_000, u64::MAX] {
            assert_eq!(number(n), n.to_string());
            assert_eq!(parse_number(&n.to_string()), Some(n));
        }
        for bad in ["", "-1", "+1", "1.5", " 1", "18446744073709551616", "١"] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn placeholders_are_filled_everywhere_and_nothing_else() {
        assert_eq!(fill("{n} votes", "{n}", "1,234"), "1,234 votes");
        assert_eq!(fill("a {n} b {n}", "{n}", "x"), "a x b x");
        assert_eq!(fill("no placeholder {m}", "{n}", "x"), "no placeholder {m}");
        assert_eq!(fill("Ouvert jusqu'au {date}.", "{date}", "12 décembre"), "Ouvert jusqu'au 12 décembre.");
        assert_eq!(fill("é{n}é", "{n}", "5"), "é5é");
    }

    #[test]
    fn pieces_and_bytes_become_text() {
        assert_eq!(cat(&["chapeau.poll.", "acme", ".", "colour"]), "chapeau.poll.acme.colour");
        assert_eq!(hex(&[0, 15, 16, 255]), "000f10ff");
    }
}
