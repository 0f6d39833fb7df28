//! What a client network may do in a scope (a poll's votes, a site's upvotes), kept in the
//! database so that every collector process on it shares the count: visitor ids are the
//! client's choice, so votes and upvotes are also limited by where they come from.
//!
//! Each (site, scope, network) is a token bucket of `per_hour` uses that fills again at
//! `per_hour` an hour, stored as one number: the time at which its uses would all be paid
//! back. A use is one upsert that moves that time on, or changes nothing when the bucket is
//! empty; the database's row lock makes it atomic between processes.

use std::net::IpAddr;
use std::time::Duration;

use sqlx::Row;

use super::submissions::{Statement, Value};
use super::Db;

const HOUR_MS: i64 = 3_600_000;

/// One network's allowance in one scope.
#[derive(Debug, Clone)]
pub struct Allowance {
    site: String,
    scope: String,
    network: String,
    per_hour: u32,
}

/// Takes one use. The values: site, scope, network, a fresh bucket's time, then the time
/// now, twice, the interval between uses, now and the interval again, and the latest time
/// a bucket may reach.
const TAKE: &str = "INSERT INTO network_allowances (site, scope, network, next_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (site, scope, network) DO UPDATE
     SET next_at = (CASE WHEN network_allowances.next_at > ? THEN network_allowances.next_at ELSE ? END) + ?
     WHERE (CASE WHEN network_allowances.next_at > ? THEN network_allowances.next_at ELSE ? END) + ? <= ?";

impl Allowance {
    /// `network`'s allowance of votes in `poll` of `site`; none when the poll sets no limit.
    pub fn votes(site: &str, poll: &str, network: IpAddr, per_hour: u32) -> Option<Allowance> {
        Allowance::new(site, format!("poll:{poll}"), network, per_hour)
    }

    /// `network`'s allowance of upvotes in the public Q&A of `site`; none without a limit.
    pub fn upvotes(site: &str, network: IpAddr, per_hour: u32) -> Option<Allowance> {
        Allowance::new(site, "upvotes".into(), network, per_hour)
    }

    fn new(site: &str, scope: String, network: IpAddr, per_hour: u32) -> Option<Allowance> {
        (per_hour > 0).then(|| Allowance { site: site.into(), scope, network: network.to_string(), per_hour })
    }

    /// Milliseconds between two uses, on average over an hour.
    fn interval(&self) -> i64 {
        HOUR_MS / i64::from(self.per_hour)
    }

    /// The upsert that takes one use now: it changes one row when the network had one left,
    /// none when it had not.
    pub(super) fn take(&self) -> Statement {
        let (now, interval) = (now_ms(), self.interval());
        let text = |s: &str| Value::Text(Some(s.to_string()));
        let int = |n: i64| Value::Integer(Some(n));
        Statement {
            sql: TAKE,
            values: vec![
                text(&self.site),
                text(&self.scope),
                text(&self.network),
                int(now + interval),
                int(now),
                int(now),
                int(interval),
                int(now),
                int(now),
                int(interval),
                int(now + HOUR_MS),
            ],
        }
    }

    /// How long the network waits for its next use, once its bucket is `next_at`.
    fn wait(&self, next_at: i64) -> Duration {
        let ms = next_at + self.interval() - (now_ms() + HOUR_MS);
        Duration::from_millis(u64::try_from(ms).unwrap_or(0)).max(Duration::from_secs(1))
    }
}

fn now_ms() -> i64 {
    let since_1970 = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since_1970.as_millis()).unwrap_or(i64::MAX)
}

impl Db {
    /// How long `allowance`'s network waits before it may use it again.
    pub(super) async fn allowance_wait(&self, allowance: &Allowance) -> Result<Duration, sqlx::Error> {
        let row = sqlx::query(&self.sql("SELECT next_at FROM network_allowances WHERE site = ? AND scope = ? AND network = ?"))
            .bind(&allowance.site)
            .bind(&allowance.scope)
            .bind(&allowance.network)
            .fetch_optional(&self.pool)
            .await?;
        let next_at = row.map(|row| row.try_get::<i64, _>("next_at")).transpose()?.unwrap_or(0);
        Ok(allowance.wait(next_at))
    }

    /// Forgets the networks whose buckets are full again.
    pub async fn purge_allowances(&self) -> Result<u64, sqlx::Error> {
        let done = sqlx::query(&self.sql("DELETE FROM network_allowances WHERE next_at <= ?")).bind(now_ms()).execute(&self.pool).await?;
        Ok(done.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_limit_is_no_allowance_and_an_interval_spreads_an_hour() {
        let network = IpAddr::from([192, 0, 2, 1]);
        assert!(Allowance::votes("acme", "colour", network, 0).is_none());
        let thirty = Allowance::votes("acme", "colour", network, 30).unwrap();
        assert_eq!(thirty.interval(), 120_000);
        assert_eq!(thirty.scope, "poll:colour");
        // A bucket used up just now frees its next use one interval later.
        let empty = now_ms() + HOUR_MS;
        let wait = thirty.wait(empty);
        assert!(wait > Duration::from_secs(110) && wait <= Duration::from_secs(120), "{wait:?}");
        assert_eq!(thirty.wait(0), Duration::from_secs(1), "never less than a second");
    }
}
