//! The collector's Prometheus metrics: submissions by kind and outcome, and request latency.
//!
//! Kept by hand in a few atomics and a map rather than through a global recorder, so that
//! each collector (and each test server) has its own, and rendering stays trivial.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

#[derive(Default)]
pub struct Metrics {
    submissions: Mutex<BTreeMap<(&'static str, &'static str), u64>>,
    latency: Histogram,
}

#[derive(Default)]
struct Histogram {
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Metrics {
    /// One submission handled: `kind` is feedback, question, vote or unknown; `outcome` is
    /// created, replayed, spam, or the error code.
    pub fn submission(&self, kind: &'static str, outcome: &'static str) {
        let mut map = self.submissions.lock().unwrap_or_else(|e| e.into_inner());
        *map.entry((kind, outcome)).or_default() += 1;
    }

    pub fn request(&self, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        for (bucket, bound) in self.latency.buckets.iter().zip(BUCKETS) {
            if seconds <= bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency.count.fetch_add(1, Ordering::Relaxed);
        self.latency.sum_micros.fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
    }

    /// The Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP chapeau_submissions_total Submissions handled, by kind and outcome.\n");
        out.push_str("# TYPE chapeau_submissions_total counter\n");
        for ((kind, outcome), n) in self.submissions.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            let _ = writeln!(out, "chapeau_submissions_total{{kind=\"{kind}\",outcome=\"{outcome}\"}} {n}");
        }
        out.push_str("# HELP chapeau_http_request_duration_seconds Time to answer an HTTP request.\n");
        out.push_str("# TYPE chapeau_http_request_duration_seconds histogram\n");
        let h = &self.latency;
        for (bucket, bound) in h.buckets.iter().zip(BUCKETS) {
            let _ = writeln!(out, "chapeau_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {}", bucket.load(Ordering::Relaxed));
        }
        let count = h.count.load(Ordering::Relaxed);
        let _ = writeln!(out, "chapeau_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}");
        let sum = h.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "chapeau_http_request_duration_seconds_sum {sum}");
        let _ = writeln!(out, "chapeau_http_request_duration_seconds_count {count}");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_buckets_render_in_prometheus_format() {
        let m = Metrics::default();
        m.submission("feedback", "created");
        m.submission("feedback", "created");
        m.submission("vote", "poll_closed");
        m.request(Duration::from_millis(3));
        m.request(Duration::from_secs(5));
        let text = m.render();
        assert!(text.contains("chapeau_submissions_total{kind=\"feedback\",outcome=\"created\"} 2\n"), "{text}");
        assert!(text.contains("chapeau_submissions_total{kind=\"vote\",outcome=\"poll_closed\"} 1\n"));
        assert!(text.contains("chapeau_http_request_duration_seconds_bucket{le=\"0.0025\"} 0\n"));
        assert!(text.contains("chapeau_http_request_duration_seconds_bucket{le=\"0.005\"} 1\n"));
        assert!(text.contains("chapeau_http_request_duration_seconds_bucket{le=\"2.5\"} 1\n"));
        assert!(text.contains("chapeau_http_request_duration_seconds_bucket{le=\"+Inf\"} 2\n"));
        assert!(text.contains("chapeau_http_request_duration_seconds_count 2\n"));
    }
}
