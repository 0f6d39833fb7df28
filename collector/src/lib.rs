//! Chapeau's reference collector: receives submissions from the widget, stores them, and
//! serves the widget's files.

#![forbid(unsafe_code)]

pub mod db;
pub mod error;
pub mod inbox;
pub mod limits;
pub mod metrics;
pub mod polls;
pub mod random;
pub mod redact;
pub mod routes;
pub mod server;
pub mod settings;
pub mod sites;
pub mod webhooks;

use std::sync::Arc;

pub use db::Db;
pub use settings::Settings;
pub use sites::{SiteBook, Sites};

/// What every handler shares: one reference-counted handle, since axum clones the state for
/// every request.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The state behind [`AppState`].
pub struct Shared {
    pub db: Db,
    pub sites: Arc<SiteBook>,
    /// A submission sent faster than this after the form opened is kept aside as spam.
    pub min_dwell_ms: u64,
    pub metrics: Arc<metrics::Metrics>,
    /// The inbox's password, as a hash.
    pub admin: inbox::auth::AdminSecret,
    /// Failed sign-ins, by device and by network.
    pub throttle: Arc<inbox::throttle::SignInThrottle>,
    /// Signs the device cookies of browsers that signed in.
    pub device_key: inbox::throttle::DeviceKey,
    /// Session cookies are `Secure` even when the request does not say it came through TLS.
    pub secure_cookies: bool,
    /// Questions and complaints unanswered for longer are highlighted in the inbox.
    pub answer_within_hours: u64,
    /// Submissions and upvotes per client address.
    pub per_ip: Arc<limits::RateLimit<std::net::IpAddr>>,
    /// Submissions per site.
    pub per_site: Arc<limits::RateLimit<String>>,
    /// Where a proxy puts the client's address, when the collector runs behind one.
    pub client_ip_header: Option<axum::http::HeaderName>,
    /// Wakes the webhook worker when a delivery is queued.
    pub webhook_wakeup: Arc<tokio::sync::Notify>,
    /// The first retry's delay; each next one doubles.
    pub webhook_retry_base: std::time::Duration,
}

/// Opens the database and builds the application from settings.
pub async fn build(settings: &Settings) -> anyhow::Result<axum::Router> {
    let sites = match &settings.sites {
        Some(path) => Sites::load(path)?,
        None => Sites::demo(),
    };
    let db = Db::connect(&settings.database)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open the database {}: {e}", redact::database_url(&settings.database)))?;
    let admin = inbox::auth::AdminSecret::resolve(settings.admin_password.as_deref(), &db, &settings.password_file()).await?;
    let device_key = db.device_key().await?;
    let state = AppState(Arc::new(Shared {
        db,
        sites: Arc::new(SiteBook::new(sites)),
        min_dwell_ms: settings.min_dwell_ms,
        metrics: Arc::default(),
        admin,
        throttle: Arc::default(),
        device_key,
        secure_cookies: settings.secure_cookies,
        answer_within_hours: settings.answer_within_hours,
        per_ip: Arc::new(limits::RateLimit::per_minute(settings.max_per_ip_per_minute)),
        per_site: Arc::new(limits::RateLimit::per_minute(settings.max_per_site_per_minute)),
        client_ip_header: settings
            .client_ip_header
            .as_deref()
            .map(axum::http::HeaderName::try_from)
            .transpose()
            .map_err(|e| anyhow::anyhow!("--client-ip-header: {e}"))?,
        webhook_wakeup: Arc::default(),
        webhook_retry_base: std::time::Duration::from_millis(settings.webhook_retry_base_ms),
    }));
    state.sites.reload(&state.db).await?;
    spawn_site_reloader(state.clone());
    spawn_hourly_purge(state.clone());
    webhooks::spawn_worker(state.clone());
    Ok(routes::router(state, &settings.static_dir, &settings.limits()))
}

/// Every hour, expired sessions are forgotten, and so are the networks whose allowances are
/// full again.
fn spawn_hourly_purge(state: AppState) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = state.db.purge_expired_sessions().await {
                tracing::warn!(error = %e, "expired sessions could not be purged");
            }
            if let Err(e) = state.db.purge_allowances().await {
                tracing::warn!(error = %e, "full allowances could not be purged");
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
}

/// Sites and polls edited in the inbox of another process reach this one within seconds.
fn spawn_site_reloader(state: AppState) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            if let Err(e) = state.sites.reload(&state.db).await {
                tracing::warn!(error = %e, "sites could not be reloaded");
            }
        }
    });
}
