//! The collector's executable: its settings from flags and environment variables, its logs, and
//! the server until a signal stops it.

#![forbid(unsafe_code)]

use chapeau_collector::settings::LogFormat;
use chapeau_collector::Settings;
use clap::Parser;
use tracing_subscriber::EnvFilter;

// Every request allocates a few dozen small buffers (body, parsed JSON, rows); mimalloc serves
// them with less work than glibc's allocator, measured in `make bench` (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // Colours only for a terminal: in a file or a log collector they are noise in every line.
    let colours = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(colours);
    match settings.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().with_current_span(true).init(),
    }
    let app = match chapeau_collector::build(&settings).await {
        Ok(app) => app,
        Err(e) => {
            // A configuration mistake stops the start with one line that names it.
            eprintln!("chapeau-collector: {e:#}");
            std::process::exit(2);
        }
    };
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.listen))?;
    tracing::info!("Chapeau collector on http://{}", listener.local_addr()?);
    chapeau_collector::server::serve(listener, app, settings.limits(), shutdown_signal()).await;
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, finish the requests in flight, then exit.
async fn shutdown_signal() {
    let ctrl_c = async { tokio::signal::ctrl_c().await.ok() };
    #[cfg(unix)]
    let term = async {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("a SIGTERM handler can be installed");
        term.recv().await
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<Option<()>>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
