//! Webhooks: a site's team hears about every new question and piece of feedback in the chat
//! tool it already uses. Each delivery is JSON, signed with HMAC-SHA256, and retried with
//! exponential backoff and jitter until the receiver answers 2xx or the attempts run out.

use std::time::Duration;

use chapeau_protocol::{Content, Submission};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::db::Delivery;
use crate::AppState;

/// The signature header: `sha256=` and the hex HMAC-SHA256 of the body, keyed by the secret.
pub const SIGNATURE_HEADER: &str = "x-chapeau-signature";
/// After this many failed attempts a delivery is given up (and shown as failed).
pub const MAX_ATTEMPTS: i64 = 12;
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

/// A site's webhook, as `[site.webhook]` in the sites file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    /// Where to POST: an `https://` URL (or `http://` on a private network).
    pub url: String,
    /// The HMAC key receivers verify signatures with: at least 16 characters.
    pub secret: String,
}

impl Webhook {
    pub fn check(&self) -> Result<(), String> {
        if !(self.url.starts_with("https://") || self.url.starts_with("http://")) {
            return Err(format!("webhook url {:?} must start with https:// or http://", self.url));
        }
        if self.secret.chars().count() < 16 {
            return Err("webhook secret must be at least 16 characters".into());
        }
        Ok(())
    }
}

/// `sha256=<hex>` of `body` under `secret`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    format!("sha256={}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// The wait before attempt `attempts + 1`: `base`, doubling each time, times a jitter in
/// [0.5, 1.5) so that receivers coming back up are not hit by every retry at once.
pub fn backoff(base: Duration, attempts: i64, jitter: f64) -> Duration {
    let doubling = 2u32.saturating_pow(attempts.clamp(0, 20) as u32);
    base.saturating_mul(doubling).mul_f64(0.5 + jitter.clamp(0.0, 1.0)).min(MAX_BACKOFF)
}

/// The notification for a new submission, or `None` for kinds a team is not told about one
/// by one (votes: their totals are in the inbox). The visitor's receipt is never in it.
pub fn payload(site_name: &str, s: &Submission, delivery: &str, received_at: &str) -> Option<String> {
    let (what, rating, category, message, contact) = match &s.content {
        Content::Feedback(f) => (f.category.as_str(), f.rating, Some(f.category.as_str()), &f.message, &f.contact),
        Content::Question(q) => ("question", None, None, &q.message, &q.contact),
        Content::Vote(_) => return None,
    };
    let rating_text = rating.map(|r| format!(" (rated {r}/5)")).unwrap_or_default();
    let short: String = message.chars().take(280).collect();
    let text = format!("New {what} on {site_name}{rating_text}: {short}");
    let contact = contact.as_ref().filter(|c| c.consent).map(|c| serde_json::json!({ "name": c.name, "email": c.email }));
    let body = serde_json::json!({
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
    });
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
    let response = client
        .post(&webhook.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, signature(&webhook.secret, delivery.payload.as_bytes()))
        .header("x-chapeau-delivery", &delivery.id)
        .body(delivery.payload.clone())
        .send()
        .await
        .map_err(|e| format!("no answer: {e}"))?;
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
    fn signatures_are_hmac_sha256_in_hex() {
        // RFC 4231, test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
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
        let hook = |url: &str, secret: &str| Webhook { url: url.into(), secret: secret.into() };
        assert!(hook("https://hooks.example/x", "0123456789abcdef").check().is_ok());
        assert!(hook("ftp://hooks.example/x", "0123456789abcdef").check().is_err());
        assert!(hook("https://hooks.example/x", "short").check().unwrap_err().contains("16"));
    }
}
