//! Sign-in attempts, slowed so that guessing the inbox's password takes forever, without
//! letting anyone lock the community manager out:
//!
//! - A browser that signed in before carries a device cookie, signed by the collector: its
//!   attempts count against that device alone, so that failures from the network it shares
//!   (an office, a proxy without `--client-ip-header`) cannot keep the manager out.
//! - Every other attempt counts against its network (an IPv4 address, an IPv6 /64: one
//!   machine's share): after [`MAX_FAILURES`] within [`WINDOW`], it waits for the window to pass.
//! - And against a budget of failures for all networks together ([`GLOBAL_FAILURES`] within
//!   [`WINDOW`]), so that guessing from many addresses is slow too.
//!
//! The map of devices and networks holds at most [`MAX_ENTRIES`]: past that, the stalest go.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Failures a device or a network may make within [`WINDOW`].
pub const MAX_FAILURES: u32 = 5;
/// Failures all networks together may make within [`WINDOW`].
pub const GLOBAL_FAILURES: u32 = 100;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Devices and networks remembered at most.
pub const MAX_ENTRIES: usize = 10_000;

/// Whose failures an attempt counts against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Who {
    /// A browser the collector signed in before (its device cookie's id).
    Device(String),
    /// An IPv4 address, or the first 64 bits of an IPv6 one.
    Network(IpAddr),
}

impl Who {
    /// The network of `ip`: itself for IPv4, its /64 for IPv6.
    pub fn network(ip: IpAddr) -> Who {
        Who::Network(crate::limits::network(ip))
    }
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    since: Instant,
}

impl Failures {
    fn fresh() -> Failures {
        Failures { count: 0, since: Instant::now() }
    }

    /// The wait left when `limit` failures were made within the window.
    fn wait(&self, limit: u32) -> Option<Duration> {
        let elapsed = self.since.elapsed();
        (self.count >= limit && elapsed < WINDOW).then(|| WINDOW - elapsed)
    }

    fn add(&mut self) {
        if self.since.elapsed() >= WINDOW {
            *self = Failures::fresh();
        }
        self.count += 1;
    }
}

/// Failed sign-ins, by device and by network, and in all.
pub struct SignInThrottle {
    entries: Mutex<HashMap<Who, Failures>>,
    global: Mutex<Failures>,
}

impl Default for SignInThrottle {
    fn default() -> Self {
        SignInThrottle { entries: Mutex::default(), global: Mutex::new(Failures::fresh()) }
    }
}

impl SignInThrottle {
    /// `Some(wait)` when `who` must wait before trying again.
    pub fn wait(&self, who: &Who) -> Option<Duration> {
        let own = self.entries.lock().unwrap_or_else(|e| e.into_inner()).get(who).and_then(|f| f.wait(MAX_FAILURES));
        let global = match who {
            Who::Device(_) => None,
            Who::Network(_) => self.global.lock().unwrap_or_else(|e| e.into_inner()).wait(GLOBAL_FAILURES),
        };
        own.max(global)
    }

    pub fn failed(&self, who: &Who) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(who) {
            entries.retain(|_, failures| failures.since.elapsed() < WINDOW);
            if entries.len() >= MAX_ENTRIES {
                if let Some(stalest) = entries.iter().min_by_key(|(_, f)| f.since).map(|(who, _)| who.clone()) {
                    entries.remove(&stalest);
                }
            }
        }
        entries.entry(who.clone()).or_insert_with(Failures::fresh).add();
        if let Who::Network(_) = who {
            self.global.lock().unwrap_or_else(|e| e.into_inner()).add();
        }
    }

    pub fn succeeded(&self, who: &Who) {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).remove(who);
    }

    /// How many devices and networks are remembered.
    pub fn remembered(&self) -> usize {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// The key that signs device cookies, kept in the database so that every process of a
/// collector knows the same devices.
#[derive(Clone)]
pub struct DeviceKey([u8; 32]);

/// The cookie a browser gets when it signs in.
pub const DEVICE_COOKIE: &str = "chapeau_device";

impl DeviceKey {
    pub fn from_bytes(bytes: [u8; 32]) -> DeviceKey {
        DeviceKey(bytes)
    }

    fn mac(&self, id: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("any key length works");
        mac.update(id.as_bytes());
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// A new device cookie's value: a random id and its signature.
    pub fn new_device(&self) -> String {
        let id = super::auth::random_token(16);
        format!("{id}.{}", self.mac(&id))
    }

    /// The device a cookie's value names, if this collector signed it.
    pub fn device(&self, value: &str) -> Option<String> {
        let (id, mac) = value.split_once('.')?;
        let genuine: bool = subtle::ConstantTimeEq::ct_eq(self.mac(id).as_bytes(), mac.as_bytes()).into();
        genuine.then(|| id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(throttle: &SignInThrottle, who: &Who, times: u32) {
        for _ in 0..times {
            throttle.failed(who);
        }
    }

    #[test]
    fn a_network_waits_after_its_failures_and_others_do_not() {
        let throttle = SignInThrottle::default();
        let (a, b) = (Who::network([10, 0, 0, 1].into()), Who::network([10, 0, 0, 2].into()));
        fail(&throttle, &a, MAX_FAILURES - 1);
        assert!(throttle.wait(&a).is_none());
        throttle.failed(&a);
        assert!(throttle.wait(&a).is_some_and(|w| w <= WINDOW));
        assert!(throttle.wait(&b).is_none(), "another address is not affected");
        throttle.succeeded(&a);
        assert!(throttle.wait(&a).is_none());
    }

    #[test]
    fn an_ipv6_network_is_its_64_bits() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let same: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(Who::network(one), Who::network(same));
        assert_ne!(Who::network(one), Who::network(other));
    }

    #[test]
    fn a_known_device_is_not_held_up_by_its_networks_failures() {
        let throttle = SignInThrottle::default();
        let network = Who::network([192, 0, 2, 7].into());
        fail(&throttle, &network, MAX_FAILURES * 3);
        assert!(throttle.wait(&network).is_some());
        assert!(throttle.wait(&Who::Device("manager".into())).is_none());
    }

    #[test]
    fn failures_from_many_networks_exhaust_the_global_budget() {
        let throttle = SignInThrottle::default();
        for n in 0..GLOBAL_FAILURES {
            throttle.failed(&Who::network(IpAddr::from((0x0a00_0000 + n).to_be_bytes())));
        }
        assert!(throttle.wait(&Who::network([203, 0, 113, 1].into())).is_some(), "a new network waits too");
        assert!(throttle.wait(&Who::Device("manager".into())).is_none(), "a known device does not");
    }

    #[test]
    fn the_map_stays_bounded() {
        let throttle = SignInThrottle::default();
        for n in 0..(MAX_ENTRIES as u32 + 50) {
            throttle.failed(&Who::Device(n.to_string()));
        }
        assert!(throttle.remembered() <= MAX_ENTRIES);
    }

    #[test]
    fn device_cookies_are_the_collectors_own() {
        let key = DeviceKey::from_bytes([7; 32]);
        let cookie = key.new_device();
        let id = key.device(&cookie).expect("its own");
        assert_eq!(cookie.split_once('.').unwrap().0, id);
        assert_eq!(DeviceKey::from_bytes([8; 32]).device(&cookie), None, "another key's");
        assert_eq!(key.device(&format!("{id}.forged")), None);
        assert_eq!(key.device("no-dot"), None);
    }
}
