//! Addresses as they may appear in a log line or an error message: without the secrets
//! they hold.

/// A database URL without its password: `postgres://chapeau:***@db.example/chapeau`.
pub fn database_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

/// A webhook URL as far as its host: the path of Slack's and Discord's webhook addresses
/// is their token.
pub fn webhook_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(parsed) => format!("{}://{}/…", parsed.scheme(), parsed.host_str().unwrap_or_default()),
        Err(_) => "(not a URL)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_tokens_stay_out() {
        assert_eq!(database_url("postgres://chapeau:s3cret@db.example:5432/chapeau"), "postgres://chapeau:***@db.example:5432/chapeau");
        assert_eq!(database_url("sqlite://data/chapeau.db"), "sqlite://data/chapeau.db");
        assert_eq!(database_url("mysql://nope"), "mysql://nope");
        assert_eq!(webhook_url("https://hooks.slack.com/services/T0/B0/token"), "https://hooks.slack.com/…");
        assert_eq!(webhook_url("not a url with a token"), "(not a URL)");
    }
}
