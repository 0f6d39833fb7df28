//! Who may use the inbox: one admin secret, sessions in the database, CSRF tokens, and
//! sign-in attempts slowed down per address.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::AppState;

pub const COOKIE: &str = "chapeau_session";
const SESSION_HOURS: i64 = 12;
const GENERATED_SECRET: &str = "inbox_password_sha256";

/// SHA-256 of the admin secret; only the hash is held, and compared in constant time.
#[derive(Clone)]
pub struct AdminSecret([u8; 32]);

impl AdminSecret {
    pub fn from_password(password: &str) -> AdminSecret {
        AdminSecret(Sha256::digest(password.as_bytes()).into())
    }

    pub fn matches(&self, attempt: &str) -> bool {
        let attempt: [u8; 32] = Sha256::digest(attempt.as_bytes()).into();
        self.0.ct_eq(&attempt).into()
    }

    /// The configured password, else the one generated on the first start. A first start
    /// without one generates a password and prints it, once: later starts find its hash.
    pub async fn resolve(configured: Option<&str>, db: &crate::Db) -> Result<AdminSecret, sqlx::Error> {
        if let Some(password) = configured.filter(|p| !p.is_empty()) {
            return Ok(AdminSecret::from_password(password));
        }
        if let Some(hash) = db.setting(GENERATED_SECRET).await? {
            return Ok(AdminSecret::from_hex(&hash));
        }
        let password = random_token(20);
        let generated = AdminSecret::from_password(&password);
        if db.init_setting(GENERATED_SECRET, &generated.to_hex()).await? {
            eprintln!(
                "\n  Chapeau inbox password (shown only this once; set CHAPEAU_ADMIN_PASSWORD to choose your own):\n\n      {password}\n"
            );
            return Ok(generated);
        }
        // Another process stored one first: use theirs.
        let hash = db.setting(GENERATED_SECRET).await?.unwrap_or_default();
        Ok(AdminSecret::from_hex(&hash))
    }

    fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn from_hex(hex: &str) -> AdminSecret {
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = hex.get(i * 2..i * 2 + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
        }
        AdminSecret(bytes)
    }
}

/// `bytes` random bytes, URL-safe.
pub fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    crate::random::fill(&mut buffer);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buffer)
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Starts a session: a new token every time, so a token planted before sign-in is useless.
pub async fn start_session(state: &AppState, secure: bool) -> Result<String, sqlx::Error> {
    let token = random_token(32);
    let expires = time::OffsetDateTime::now_utc() + time::Duration::hours(SESSION_HOURS);
    let expires = expires.format(&time::format_description::well_known::Rfc3339).expect("formats");
    state.db.create_session(&token_hash(&token), &random_token(32), &expires).await?;
    Ok(session_cookie(&token, SESSION_HOURS * 3600, secure))
}

pub fn session_cookie(token: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={token}; Path=/inbox; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// Whether cookies must be `Secure`: configured so, or the request came through TLS.
pub fn behind_tls(state: &AppState, headers: &HeaderMap) -> bool {
    state.secure_cookies
        || headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == COOKIE && !value.is_empty()).then(|| value.to_string())
    })
}

/// A signed-in community manager; extracting it is what protects a route.
pub struct Admin {
    pub token_hash: String,
    pub csrf: String,
}

impl Admin {
    /// The refusal of a form whose CSRF token is not this session's; `None` when it is.
    pub fn refuse_forged(&self, token: &str) -> Option<Response> {
        let genuine: bool = self.csrf.as_bytes().ct_eq(token.as_bytes()).into();
        (!genuine).then(|| (StatusCode::FORBIDDEN, "This form has expired. Go back, reload the page and try again.").into_response())
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let refuse = || -> Response {
            if parts.method == Method::GET {
                Redirect::to("/inbox/login").into_response()
            } else {
                (StatusCode::UNAUTHORIZED, "Sign in to the inbox first.").into_response()
            }
        };
        let Some(token) = cookie_token(&parts.headers) else { return Err(refuse()) };
        let hash = token_hash(&token);
        match state.db.session_csrf(&hash).await {
            Ok(Some(csrf)) => Ok(Admin { token_hash: hash, csrf }),
            Ok(None) => Err(refuse()),
            Err(e) => Err(crate::error::ApiError::from(e).into_response()),
        }
    }
}

/// The address a request came from: the proxy's header when one is configured, else the
/// connection's.
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let from_proxy = state.client_ip_header.as_ref().and_then(|name| {
            // A proxy appends the address it saw: the last one is the one it vouches for.
            let value = parts.headers.get_all(name).iter().next_back()?.to_str().ok()?;
            value.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
        });
        let connection = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        Ok(ClientIp(from_proxy.or(connection).unwrap_or(IpAddr::from([0, 0, 0, 0]))))
    }
}

/// Failed sign-ins per address: after [`Self::MAX_FAILURES`] within the window, the address
/// waits for the window to pass.
#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

impl LoginThrottle {
    pub const MAX_FAILURES: u32 = 5;
    pub const WINDOW: Duration = Duration::from_secs(15 * 60);

    /// `Some(wait)` when this address must wait before trying again.
    pub fn wait(&self, ip: IpAddr) -> Option<Duration> {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let (count, since) = failures.get(&ip)?;
        let elapsed = since.elapsed();
        (*count >= Self::MAX_FAILURES && elapsed < Self::WINDOW).then(|| Self::WINDOW - elapsed)
    }

    pub fn failed(&self, ip: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Keep the map bounded: forget windows that have passed.
        if failures.len() > 10_000 {
            failures.retain(|_, (_, since)| since.elapsed() < Self::WINDOW);
        }
        let entry = failures.entry(ip).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= Self::WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    pub fn succeeded(&self, ip: IpAddr) {
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).remove(&ip);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_match_only_themselves() {
        let secret = AdminSecret::from_password("correct horse");
        assert!(secret.matches("correct horse"));
        assert!(!secret.matches("correct hors"));
        assert!(!secret.matches(""));
        assert!(AdminSecret::from_hex(&secret.to_hex()).matches("correct horse"));
    }

    #[test]
    fn sign_ins_are_throttled_per_address() {
        let throttle = LoginThrottle::default();
        let (a, b) = (IpAddr::from([10, 0, 0, 1]), IpAddr::from([10, 0, 0, 2]));
        for _ in 0..LoginThrottle::MAX_FAILURES {
            assert!(throttle.wait(a).is_none());
            throttle.failed(a);
        }
        assert!(throttle.wait(a).is_some_and(|w| w <= LoginThrottle::WINDOW));
        assert!(throttle.wait(b).is_none(), "another address is not affected");
        throttle.succeeded(a);
        assert!(throttle.wait(a).is_none());
    }

    #[test]
    fn the_session_cookie_is_locked_down() {
        let cookie = session_cookie("t", 60, true);
        for part in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/inbox"] {
            assert!(cookie.contains(part), "{cookie}");
        }
        assert!(!session_cookie("t", 60, false).contains("Secure"));
    }
}
