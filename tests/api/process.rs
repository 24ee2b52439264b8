//! `devolve serve` as a child process, configured only by its environment: the tests that
//! need the real binary (two processes on one database, the backup lock, the log) share it.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::Client;
use serde_json::Value;

/// One `devolve serve` process with its own outbox folder. Dropping it kills the process,
/// so a failing assertion never leaves a server running.
pub struct ServerProcess {
    pub name: &'static str,
    pub child: Child,
    lines: mpsc::Receiver<String>,
    log: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
    /// `http://127.0.0.1:<port>`, once `listening` has seen the port.
    pub base: String,
    pub outbox: PathBuf,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ServerProcess {
    /// Starts the binary on port 0 with JSON logs and no mail worker; `env` adds to or
    /// overrides that (e.g. `DEVOLVE_MAIL_WORKER_SECONDS`, `RUST_LOG`).
    pub fn spawn(
        name: &'static str,
        database_url: &str,
        outbox: PathBuf,
        env: &[(&str, &str)],
    ) -> ServerProcess {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_devolve"));
        cmd.arg("serve");
        // only what is set here: no stray DEVOLVE_* of the machine running the tests
        for (key, _) in std::env::vars() {
            if key.starts_with("DEVOLVE_") {
                cmd.env_remove(key);
            }
        }
        cmd.env("DATABASE_URL", database_url)
            .env("DEVOLVE_BIND", "127.0.0.1:0")
            .env("DEVOLVE_MAIL_TRANSPORT", "file")
            .env("DEVOLVE_OUTBOX_DIR", &outbox)
            .env("DEVOLVE_MAIL_WORKER_SECONDS", "0")
            .env("DEVOLVE_LOG_FORMAT", "json")
            .env("RUST_LOG", "warn,devolve::cli=info");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start devolve serve");
        let stdout = child.stdout.take().expect("stdout");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, lines) = mpsc::channel();
        let kept = log.clone();
        // reads until the process ends, so its output never blocks it
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                kept.lock().unwrap().push(line.clone());
                let _ = tx.send(line);
            }
        });
        ServerProcess {
            name,
            child,
            lines,
            log,
            reader: Some(reader),
            base: String::new(),
            outbox,
        }
    }

    /// Every line the process has written so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Waits for the "listening" line (JSON logs: `fields.port`) and returns the port.
    pub fn listening(&mut self, deadline: Instant) -> u16 {
        let port = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = match self.lines.recv_timeout(left) {
                Ok(line) => line,
                Err(e) => panic!(
                    "process {} did not say where it listens ({e}); exit: {:?}; output:\n{}",
                    self.name,
                    self.child.try_wait(),
                    self.log().join("\n")
                ),
            };
            let Ok(v) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            if v["fields"]["message"] == "devolve listening" {
                break v["fields"]["port"].as_u64().expect("port in the log line") as u16;
            }
        };
        self.base = format!("http://127.0.0.1:{port}");
        port
    }

    /// Waits until the process listens and `/readyz` answers 200.
    pub async fn ready(&mut self, client: &Client, deadline: Instant) {
        self.listening(deadline);
        loop {
            let ok = client
                .get(format!("{}/readyz", self.base))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200);
            if ok {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "process {} never became ready",
                self.name
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Kills the process and waits for it and for the end of its output, so `log` is
    /// complete afterwards.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }
}
