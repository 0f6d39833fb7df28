//! Webhooks: a site's team hears about every new question and piece of feedback in the chat
//! tool it already uses (Slack, Discord, or any receiver of JSON). Each delivery is signed
//! with HMAC-SHA256 over a timestamp and the body, and retried with exponential backoff and
//! jitter until the receiver answers 2xx or the attempts run out.

use std::time::Duration;

use chapeau_protocol::{Content, Submission};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::Sha256;

use crate::db::Delivery;
use crate::AppState;

/// The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed by
/// the secret. The time is that of the attempt, so a receiver can refuse old ones (replays).
pub const SIGNATURE_HEADER: &str = "x-chapeau-signature";
/// After this many failed attempts a delivery is given up (and shown as failed).
pub const MAX_ATTEMPTS: i64 = 12;
const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// The most characters of a visitor's message in a chat message.
const SUMMARY_CHARS: usize = 280;

/// A site's webhook, as `[site.webhook]` in the sites file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    /// Where to POST: an `https://` URL (or `http://` on a private network).
    pub url: String,
    /// The HMAC key receivers verify signatures with: at least 16 characters.
    pub secret: String,
    /// What the receiver reads; by default, what its URL says (Slack's and Discord's
    /// webhook addresses), else JSON.
    #[serde(default)]
    pub format: Option<WebhookFormat>,
}

/// The payload a receiver reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WebhookFormat {
    /// The submission as JSON, with a one-line `text` summary: for receivers of our own.
    Json,
    /// A Slack message, its text escaped for Slack.
    Slack,
    /// A Discord message, its text escaped for Discord's Markdown, and no mention allowed.
    Discord,
}

impl WebhookFormat {
    /// The format a webhook address is for: Slack's and Discord's own, else JSON.
    pub fn for_url(url: &str) -> WebhookFormat {
        let Ok(url) = reqwest::Url::parse(url) else { return WebhookFormat::Json };
        match url.host_str().unwrap_or_default() {
            "hooks.slack.com" => WebhookFormat::Slack,
            "discord.com" | "discordapp.com" | "ptb.discord.com" | "canary.discord.com" if url.path().starts_with("/api/webhooks/") => {
                WebhookFormat::Discord
            }
            _ => WebhookFormat::Json,
        }
    }
}

impl Webhook {
    pub fn check(&self) -> Result<(), String> {
        if !(self.url.starts_with("https://") || self.url.starts_with("http://")) {
            return Err(format!("webhook url {} must start with https:// or http://", crate::redact::webhook_url(&self.url)));
        }
        if self.secret.chars().count() < 16 {
            return Err("webhook secret must be at least 16 characters".into());
        }
        Ok(())
    }

    pub fn format(&self) -> WebhookFormat {
        self.format.unwrap_or_else(|| WebhookFormat::for_url(&self.url))
    }
}

/// `t=<timestamp>,v1=<hex>`: the HMAC-SHA256 of `<timestamp>.<body>` under `secret`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    format!("t={timestamp},v1={}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// The wait before attempt `attempts + 1`: `base`, doubling each time, times a jitter in
/// [0.5, 1.5) so that receivers coming back up are not hit by every retry at once.
pub fn backoff(base: Duration, attempts: i64, jitter: f64) -> Duration {
    let doubling = 2u32.saturating_pow(attempts.clamp(0, 20) as u32);
    base.saturating_mul(doubling).mul_f64(0.5 + jitter.clamp(0.0, 1.0)).min(MAX_BACKOFF)
}

/// Slack's escaping: `&`, `<` and `>` as entities, so that nothing a visitor wrote becomes
/// a mention (`<!channel>`, `<@U123>`) or a link whose text hides its address.
pub fn slack_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Discord's escaping: a backslash before every character its Markdown reads, so that
/// nothing a visitor wrote becomes a masked link (`[text](address)`), a heading, a quote,
/// formatting, or a mention (which the payload also forbids).
pub fn discord_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if "\\*_~`|>[]()#-<:@!".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// One line about a new submission, the visitor's message cut short, its line breaks
/// folded (a visitor cannot start a line that looks like the tool's own).
fn summary(site_name: &str, what: &str, rating: Option<u8>, message: &str) -> String {
    let rating_text = rating.map(|r| format!(" (rated {r}/5)")).unwrap_or_default();
    let short: String = message.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(SUMMARY_CHARS).collect();
    format!("New {what} on {site_name}{rating_text}: {short}")
}

/// The notification for a new submission, as its webhook's `format` wants it, or `None` for
/// kinds a team is not told about one by one (votes: their totals are in the inbox). The
/// visitor's receipt is never in it, nor in a chat tool their contact.
pub fn payload(site_name: &str, format: WebhookFormat, s: &Submission, delivery: &str, received_at: &str) -> Option<String> {
    let (what, rating, category, message, contact) = match &s.content {
        Content::Feedback(f) => (f.category.as_str(), f.rating, Some(f.category.as_str()), &f.message, &f.contact),
        Content::Question(q) => ("question", None, None, &q.message, &q.contact),
        Content::Vote(_) => return None,
    };
    let text = summary(site_name, what, rating, message);
    let body = match format {
        WebhookFormat::Slack => json!({ "text": slack_text(&text) }),
        WebhookFormat::Discord => json!({ "content": discord_text(&text), "allowed_mentions": { "parse": [] } }),
        WebhookFormat::Json => {
            let contact = contact.as_ref().filter(|c| c.consent).map(|c| json!({ "name": c.name, "email": c.email }));
            json!({
                "event": "submission.created",
                "delivery": delivery,
                "text": text,
                "site": { "id": s.site, "name": site_name },
                "submission": {
                    "id": s.id,
                    "kind": s.kind().as_str(),
                    "category": category,
                    "rating": rating,
                    "message": message,
                    "contact": contact,
                    "page": s.page,
                    "meta": s.meta,
                    "received_at": received_at,
                },
                "inbox_path": format!("/inbox/submissions/{}", s.id),
            })
        }
    };
    Some(body.to_string())
}

/// Delivers due webhooks until the process ends: woken by new submissions, and every second
/// for retries (and for deliveries queued by other processes on the same database).
pub fn spawn_worker(state: AppState) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Chapeau-Webhook/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the HTTP client builds");
    tokio::spawn(async move {
        loop {
            if let Err(e) = deliver_due(&state, &client).await {
                tracing::warn!(error = %e, "webhook deliveries could not be read");
            }
            let _ = tokio::time::timeout(Duration::from_secs(1), state.webhook_wakeup.notified()).await;
        }
    });
}

async fn deliver_due(state: &AppState, client: &reqwest::Client) -> Result<(), sqlx::Error> {
    let lease = time::OffsetDateTime::now_utc() + time::Duration::seconds(60);
    let lease = crate::db::format_time(lease);
    for delivery in state.db.claim_webhooks(20, &lease).await? {
        let result = send(state, client, &delivery).await;
        match result {
            Ok(()) => state.db.webhook_delivered(&delivery.id).await?,
            Err(error) => {
                let attempts = delivery.attempts + 1;
                let next = (attempts < MAX_ATTEMPTS).then(|| {
                    let jitter: [u8; 1] = crate::random::bytes();
                    let wait = backoff(state.webhook_retry_base, attempts - 1, f64::from(jitter[0]) / 256.0);
                    crate::db::format_time(time::OffsetDateTime::now_utc() + wait)
                });
                tracing::warn!(delivery = %delivery.id, attempts, %error, gave_up = next.is_none(), "webhook delivery failed");
                state.db.webhook_failed(&delivery.id, &error, next.as_deref()).await?;
            }
        }
    }
    Ok(())
}

async fn send(state: &AppState, client: &reqwest::Client, delivery: &Delivery) -> Result<(), String> {
    let site = state.sites.get(&delivery.site).ok_or("the site no longer exists")?;
    let webhook = site.webhook.as_ref().ok_or("the site no longer has a webhook")?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let response = client
        .post(&webhook.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, signature(&webhook.secret, now, delivery.payload.as_bytes()))
        .header("x-chapeau-delivery", &delivery.id)
        .body(delivery.payload.clone())
        .send()
        .await
        // Without the address: a webhook's URL holds its token, and this text is logged and
        // shown in the inbox.
        .map_err(|e| format!("no answer: {}", e.without_url()))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("answered {}", response.status()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hmac_sha256_of_the_time_and_the_body() {
        // RFC 4231's test case 2 key and data, the data after "<t>." (Python's hmac agrees).
        assert_eq!(
            signature("Jefe", 1_765_000_000, b"what do ya want for nothing?"),
            "t=1765000000,v1=95db04b8286d6f80da4dfc2d1ae49186dd1395f63122bf4afe43e57162f6b65e"
        );
        assert_ne!(signature("Jefe", 1_765_000_001, b"{}"), signature("Jefe", 1_765_000_000, b"{}"), "another time, another signature");
    }

    #[test]
    fn chat_tools_get_the_visitors_text_as_text() {
        let hostile = "<!channel> log in at <https://evil.example|https://acme.example> & [Your order](https://evil.example) @everyone";
        assert_eq!(
            slack_text(hostile),
            "&lt;!channel&gt; log in at &lt;https://evil.example|https://acme.example&gt; &amp; [Your order](https://evil.example) @everyone"
        );
        let discord = discord_text(hostile);
        assert!(discord.contains(r"\[Your order\]\(https\://evil.example\)"), "{discord}");
        assert!(discord.contains(r"\@everyone") && discord.contains(r"\<\!channel\>"), "{discord}");
        assert_eq!(summary("Acme", "question", None, "Line one\n# Admin: click\tnow"), "New question on Acme: Line one # Admin: click now");
    }

    #[test]
    fn the_format_follows_the_address_unless_set() {
        assert_eq!(WebhookFormat::for_url("https://hooks.slack.com/services/T0/B0/x"), WebhookFormat::Slack);
        assert_eq!(WebhookFormat::for_url("https://discord.com/api/webhooks/1/abc"), WebhookFormat::Discord);
        assert_eq!(WebhookFormat::for_url("https://discord.com/channels/1"), WebhookFormat::Json);
        assert_eq!(WebhookFormat::for_url("https://hooks.example/chapeau"), WebhookFormat::Json);
        let set = Webhook { url: "https://hooks.example/x".into(), secret: "0123456789abcdef".into(), format: Some(WebhookFormat::Slack) };
        assert_eq!(set.format(), WebhookFormat::Slack);
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_an_hour() {
        let base = Duration::from_secs(2);
        assert_eq!(backoff(base, 0, 0.5), Duration::from_secs(2));
        assert_eq!(backoff(base, 3, 0.5), Duration::from_secs(16));
        assert_eq!(backoff(base, 3, 0.0), Duration::from_secs(8));
        assert!(backoff(base, 3, 0.999) < Duration::from_secs(24));
        assert_eq!(backoff(base, 40, 0.5), MAX_BACKOFF);
    }

    #[test]
    fn a_webhook_needs_a_url_and_a_real_secret() {
        let hook = |url: &str, secret: &str| Webhook { url: url.into(), secret: secret.into(), format: None };
        assert!(hook("https://hooks.example/x", "0123456789abcdef").check().is_ok());
        let wrong = hook("ftp://hooks.example/T0/secret-token", "0123456789abcdef").check().unwrap_err();
        assert!(!wrong.contains("secret-token"), "the token stays out of the message: {wrong}");
        assert!(hook("https://hooks.example/x", "short").check().unwrap_err().contains("16"));
    }
}
