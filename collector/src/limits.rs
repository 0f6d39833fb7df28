//! Rate limits: token buckets per client address and per site, kept in memory.
//!
//! Each collector process keeps its own buckets, so behind a load balancer with N processes
//! the effective limits are up to N times the configured ones.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The network an address belongs to, as far as limits go: an IPv4 address itself, the first
/// 64 bits of an IPv6 one (a single home or machine is given a whole /64, so its addresses
/// are cheap to change).
pub fn network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
    }
}

/// Allows `per_minute` events per key and minute, in bursts of up to a minute's worth.
/// `per_minute = 0` turns the limit off.
pub struct RateLimit<K> {
    per_minute: u32,
    buckets: Mutex<HashMap<K, (f64, Instant)>>,
}

/// Beyond this many keys, full buckets are forgotten: a flood of new addresses cannot make
/// the map grow without bound.
const MAX_KEYS: usize = 100_000;

impl<K: Eq + Hash + Clone> RateLimit<K> {
    pub fn per_minute(per_minute: u32) -> Self {
        RateLimit { per_minute, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one token for `key`, or says how long to wait for the next one.
    pub fn take(&self, key: &K) -> Result<(), Duration> {
        self.take_at(key, Instant::now())
    }

    fn take_at(&self, key: &K, now: Instant) -> Result<(), Duration> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if !buckets.contains_key(key) {
            if buckets.len() >= MAX_KEYS {
                buckets.retain(|_, (tokens, at)| *tokens + now.duration_since(*at).as_secs_f64() * per_second < capacity);
            }
            // The key is copied once, when first seen: not at every request.
            buckets.insert(key.clone(), (capacity, now));
        }
        let (tokens, at) = buckets.get_mut(key).expect("the bucket is there");
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * per_second).min(capacity);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - *tokens) / per_second))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_refills_at_the_rate() {
        let limit = RateLimit::per_minute(3);
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limit.take_at(&"a", start).is_ok());
        }
        let wait = limit.take_at(&"a", start).unwrap_err();
        assert!(wait > Duration::from_secs(19) && wait <= Duration::from_secs(20), "{wait:?}");
        assert!(limit.take_at(&"b", start).is_ok(), "another key has its own bucket");
        assert!(limit.take_at(&"a", start + Duration::from_secs(20)).is_ok(), "one token back after 20 s");
        assert!(limit.take_at(&"a", start + Duration::from_secs(21)).is_err());
    }

    #[test]
    fn zero_means_no_limit() {
        let limit = RateLimit::per_minute(0);
        for _ in 0..1000 {
            assert!(limit.take(&1).is_ok());
        }
    }
}
