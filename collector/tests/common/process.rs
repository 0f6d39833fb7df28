//! The real `chapeau-collector` executable as a child process, as an operator runs it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A collector process on a free port, its standard error read line by line.
pub struct Collector {
    pub child: Child,
    pub port: u16,
    lines: mpsc::Receiver<String>,
    pub seen: Vec<String>,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Collector {
    pub fn start(dir: &std::path::Path, args: &[&str]) -> Collector {
        Collector::start_with_env(dir, args, &[])
    }

    /// As [`Collector::start`], with environment variables set (`RUST_LOG`…).
    pub fn start_with_env(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Collector {
        let port = free_port();
        let database = format!("sqlite://{}", dir.join("chapeau.db").display());
        let database: &[&str] = if args.contains(&"--database") { &[] } else { &["--database", &database] };
        let mut child = Command::new(env!("CARGO_BIN_EXE_chapeau-collector"))
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(database)
            .args(["--static-dir", dir.to_str().unwrap()])
            .args(args)
            .env_remove("CHAPEAU_ADMIN_PASSWORD")
            .env_remove("CHAPEAU_SITES")
            .env_remove("RUST_LOG")
            .envs(env.iter().copied())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        Collector { child, port, lines, seen: Vec::new() }
    }

    /// Reads standard error until a line contains `text`; `None` if the process ends first.
    pub fn wait_for(&mut self, text: &str) -> Option<String> {
        loop {
            match self.lines.recv_timeout(Duration::from_secs(30)) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(text) {
                        return Some(line);
                    }
                }
                Err(_) => return None,
            }
        }
    }

    pub fn ready(mut self) -> Collector {
        assert!(self.wait_for("Chapeau collector on").is_some(), "started:\n{}", self.seen.join("\n"));
        self
    }

    pub fn terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }

    pub fn exit_code(&mut self) -> Option<i32> {
        for _ in 0..200 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

