//! Shape checks for the small strings of the protocol: ids, emails, timestamps.
//!
//! Written by hand rather than with regex or chrono: the widget ships this code to every
//! visitor, and these few rules do not pay for a large dependency.

use crate::prelude::*;

/// `8-4-4-4-12` hexadecimal digits, either case.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Formats 16 random bytes as a version-4 UUID (RFC 9562), lowercase.
pub fn uuid_v4_from_bytes(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    uuid_text(bytes)
}

/// A version-7 UUID (RFC 9562), lowercase: `unix_ms` in its first 48 bits, then 74 of the
/// `random` bits. Ids made one after another sort in time order, so a database adds each to
/// the end of its index, in a page it just wrote, instead of to a random page: the
/// submissions a widget makes are the collector's cheapest to store.
pub fn uuid_v7(unix_ms: u64, mut random: [u8; 16]) -> String {
    random[..6].copy_from_slice(&unix_ms.to_be_bytes()[2..]);
    random[6] = (random[6] & 0x0f) | 0x70;
    uuid_text(random)
}

/// The variant bits, then `8-4-4-4-12` hexadecimal digits.
fn uuid_text(mut bytes: [u8; 16]) -> String {
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, &byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        push_hex(&mut out, byte);
    }
    out
}

/// Appends `byte` as two lowercase hexadecimal digits.
pub fn push_hex(out: &mut String, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(char::from(HEX[usize::from(byte >> 4)]));
    out.push(char::from(HEX[usize::from(byte & 0x0f)]));
}

/// Text made of pieces: what `[..].concat()` does, without its generic code (the widget
/// ships these functions).
pub fn cat(pieces: &[&str]) -> String {
    let mut out = String::new();
    for piece in pieces {
        out.push_str(piece);
    }
    out
}

/// An identifier chosen by a site owner or made by a widget: letters, digits, `-` and `_`.
pub fn is_token(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len())
        && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
}

/// A site, poll or option id: 1 to 64 letters, digits, `-` or `_`.
pub fn is_site_id(s: &str) -> bool {
    is_token(s, 1, crate::limits::ID_MAX_CHARS)
}

/// Whether `c` is Unicode's white space or a control character: what `char::is_whitespace`
/// and `char::is_control` say together, without their tables (the widget ships this).
fn is_blank_or_control(c: char) -> bool {
    matches!(c, '\0'..=' ' | '\u{7f}'..='\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// `local@domain.tld`: what a person means by an email address, without the corners of
/// RFC 5322 that no real inbox uses (quoted locals, comments, IP literals). The letters of
/// internationalised domains are taken as they are: any character beyond ASCII that is not
/// a space or a control.
pub fn is_email_shaped(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    let plain = |c: char| !is_blank_or_control(c) && !matches!(c, '@' | '<' | '>' | '(' | ')' | '[' | ']' | '\\' | ',' | ';' | ':' | '"');
    let label_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || (!c.is_ascii() && !is_blank_or_control(c));
    !local.is_empty()
        && local.len() <= 64
        && local.chars().all(plain)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty() && label.len() <= 63 && !label.starts_with('-') && !label.ends_with('-') && label.chars().all(label_char)
        })
}

/// An RFC 3339 date-time such as `2026-11-23T10:00:00Z` or `2026-11-23T11:00:00.123+01:00`.
pub fn is_rfc3339_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: core::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        part.iter().all(u8::is_ascii_digit).then(|| {
            part.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
        })
    };
    let sep = |i: usize, c: &[u8]| b.get(i).is_some_and(|x| c.contains(x));
    let (Some(year), Some(month), Some(day), Some(hour), Some(min), Some(sec)) =
        (digits(0..4), digits(5..7), digits(8..10), digits(11..13), digits(14..16), digits(17..19))
    else {
        return false;
    };
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days_in_month || hour > 23 || min > 59 || sec > 60 {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 || n > 9 {
            return false;
        }
        rest = &fraction[n..];
    }
    match rest {
        b"Z" | b"z" => true,
        [sign, h1, h2, b':', m1, m2] if (*sign == b'+' || *sign == b'-') => {
            [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit())
                && (h1 - b'0') * 10 + (h2 - b'0') <= 23
                && (m1 - b'0') * 10 + (m2 - b'0') <= 59
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_recognised() {
        assert!(is_uuid("3f1c2a4e-0b5d-4c6e-8f7a-9b0c1d2e3f40"));
        assert!(is_uuid("3F1C2A4E-0B5D-4C6E-8F7A-9B0C1D2E3F40"));
        assert!(!is_uuid("3f1c2a4e0b5d4c6e8f7a9b0c1d2e3f40"));
        assert!(!is_uuid("3f1c2a4e-0b5d-4c6e-8f7a-9b0c1d2e3f4g"));
        assert!(!is_uuid(""));
    }

    #[test]
    fn v4_uuids_carry_version_and_variant() {
        let id = uuid_v4_from_bytes([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert!(is_uuid(&id));
        assert_eq!(uuid_v4_from_bytes([0; 16]), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn v7_uuids_carry_their_millisecond_first_and_sort_in_time_order() {
        // RFC 9562's example: 2022-02-22T19:22:22.000Z is 0x017F22E279B0.
        let id = uuid_v7(0x017F_22E2_79B0, [0xff; 16]);
        assert_eq!(id, "017f22e2-79b0-7fff-bfff-ffffffffffff");
        assert!(is_uuid(&id));
        assert_eq!(uuid_v7(1, [0; 16]), "00000000-0001-7000-8000-000000000000");
        // A later millisecond sorts after, whatever the random bits.
        assert!(uuid_v7(1_700_000_000_001, [0; 16]) > uuid_v7(1_700_000_000_000, [0xff; 16]));
    }

    #[test]
    fn emails_people_use_pass_and_typos_do_not() {
        for ok in ["ana@example.com", "jean.dupont+chapeau@mail.example.fr", "zoë@exämple.de"] {
            assert!(is_email_shaped(ok), "{ok}");
        }
        for bad in ["", "ana", "ana@", "@example.com", "ana@example", "ana@@example.com",
            "ana example@x.com", "ana@exa mple.com", "ana@.example.com", "ana@example..com",
            ".ana@example.com", "ana@-example.com", "ana@exa\u{a0}mple.com", "an\u{3000}a@example.com",
            "ana@example.com\u{85}", "a\u{1f}na@example.com"]
        {
            assert!(!is_email_shaped(bad), "{bad}");
        }
    }

    #[test]
    fn blanks_and_controls_are_unicodes_own() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            assert_eq!(is_blank_or_control(c), c.is_whitespace() || c.is_control(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn rfc3339_timestamps_are_checked_to_the_day() {
        for ok in ["2026-11-23T10:00:00Z", "2026-11-23T10:00:00.123Z", "2024-02-29T23:59:60+01:00",
            "2026-11-23t10:00:00-05:30"]
        {
            assert!(is_rfc3339_timestamp(ok), "{ok}");
        }
        for bad in ["", "2026-11-23", "2026-11-23T10:00:00", "2026-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T10:00:00.Z",
            "2026-11-23T10:00:00+1:00", "2026/11/23T10:00:00Z", "yesterday"]
        {
            assert!(!is_rfc3339_timestamp(bad), "{bad}");
        }
    }

    #[test]
    fn tokens_allow_only_safe_characters() {
        assert!(is_token("acme-shop_1", 1, 64));
        assert!(!is_token("acme shop", 1, 64));
        assert!(!is_token("", 1, 64));
        assert!(!is_token("a/b", 1, 64));
        assert!(!is_token(&"a".repeat(65), 1, 64));
    }
}
