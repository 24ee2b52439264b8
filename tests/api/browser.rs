//! A real browser for the journey tests: Debian's Chromium driven through chromedriver
//! (WebDriver) with fantoccini. Where either is missing, `Browser::start` says so in one
//! line and the journey is skipped; CI installs both.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use fantoccini::{Client, ClientBuilder, Locator};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::helpers::{TestApp, PASSWORD};

pub struct Browser {
    pub client: Client,
    base: String,
    _driver: Child,
    _profile: tempfile::TempDir,
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Where the journeys save their screenshots: `target/screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("screenshots")
}

impl Browser {
    /// Starts chromedriver on a free port and a headless Chromium with a fresh profile,
    /// `width` pixels wide. None (after one line on stderr) when they are not installed.
    pub async fn start(app: &TestApp, width: u32) -> Option<Browser> {
        let (Some(driver), Some(chromium)) = (on_path("chromedriver"), on_path("chromium")) else {
            eprintln!(
                "skipping browser journey: chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
            );
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver");
        // chromedriver says when it listens; reading that line needs no timing guess
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        while let Some(line) = lines.next_line().await.expect("chromedriver output") {
            if line.contains("started successfully") {
                break;
            }
        }
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let profile = tempfile::tempdir().expect("profile dir");
        let mut caps = serde_json::Map::new();
        // headless windows have a minimum width near 500 px, so narrower viewports (a
        // phone) come from device emulation
        let emulation = (width < 600).then(|| {
            serde_json::json!({ "deviceMetrics": { "width": width, "height": 780, "pixelRatio": 1.0 } })
        });
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "mobileEmulation": emulation.unwrap_or_else(|| serde_json::json!({})),
                "binary": chromium,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    format!("--user-data-dir={}", profile.path().display()),
                    format!("--window-size={width},1000"),
                ],
            }),
        );
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session");
        Some(Browser {
            client,
            base: app.address.clone(),
            _driver: child,
            _profile: profile,
        })
    }

    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("navigate");
    }

    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        let mut p = url.path().to_string();
        if let Some(q) = url.query() {
            p.push('?');
            p.push_str(q);
        }
        p
    }

    pub async fn text(&self) -> String {
        self.client
            .find(Locator::Css("body"))
            .await
            .expect("body")
            .text()
            .await
            .expect("body text")
    }

    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.client.find(Locator::Css(css)).await.expect(css);
        field.clear().await.expect("clear");
        field.send_keys(value).await.expect("type");
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .expect(css)
            .click()
            .await
            .expect("click");
    }

    /// Logs in through the login form with the test password.
    pub async fn login(&self, username: &str) {
        self.open("/login").await;
        self.fill("input[name=username]", username).await;
        self.fill("input[name=password]", PASSWORD).await;
        self.click("form[action=\"/login\"] button[type=submit]")
            .await;
        self.wait_for("nav.main-nav").await;
    }

    /// Waits until an element appears: a click that submits a form returns before the
    /// next page has loaded.
    pub async fn wait_for(&self, css: &str) {
        self.client
            .wait()
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} never appeared: {e}"));
    }

    /// Saves a PNG of the page as `target/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// The page's document width: wider than the window means a horizontal scroll bar.
    pub async fn overflows(&self) -> bool {
        let v = self
            .client
            .execute(
                "return document.documentElement.scrollWidth > window.innerWidth;",
                vec![],
            )
            .await
            .expect("measure");
        v.as_bool().unwrap_or(false)
    }

    /// The HTTP status of a GET made by the page itself (with its cookies).
    pub async fn fetch_status(&self, path: &str) -> u16 {
        let v = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch(arguments[0], { credentials: 'same-origin' })
                   .then(r => r.arrayBuffer().then(b => done([r.status, b.byteLength])))
                   .catch(() => done([0, 0]));",
                vec![serde_json::json!(path)],
            )
            .await
            .expect("fetch");
        v[0].as_u64().unwrap_or(0) as u16
    }

    /// The computed value of a CSS property of the first element `css` matches: what the
    /// stylesheet made of it, or the browser's default where no stylesheet applied.
    pub async fn computed_style(&self, css: &str, property: &str) -> String {
        let v = self
            .client
            .execute(
                "const e = document.querySelector(arguments[0]);
                 return e ? getComputedStyle(e).getPropertyValue(arguments[1]) : null;",
                vec![serde_json::json!(css), serde_json::json!(property)],
            )
            .await
            .expect("computed style");
        v.as_str().unwrap_or_default().to_string()
    }

    /// The HTTP status of the page the browser shows (Navigation Timing), without a
    /// second request; 0 where the browser does not say.
    pub async fn page_status(&self) -> u16 {
        let v = self
            .client
            .execute(
                "const n = performance.getEntriesByType('navigation')[0];
                 return n && n.responseStatus ? n.responseStatus : 0;",
                vec![],
            )
            .await
            .expect("navigation timing");
        v.as_u64().unwrap_or(0) as u16
    }

    /// The page's `html[lang]`.
    pub async fn html_lang(&self) -> Option<String> {
        self.client
            .find(Locator::Css("html"))
            .await
            .expect("html")
            .attr("lang")
            .await
            .expect("lang")
    }

    /// Switches the interface language with the header's buttons, unless it is already on.
    pub async fn choose_language(&self, lang: &str) {
        if self.html_lang().await.as_deref() != Some(lang) {
            self.click(&format!(".lang-switch button[value=\"{lang}\"]"))
                .await;
            self.wait_for(&format!("html[lang=\"{lang}\"]")).await;
        }
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// The visible text of the page that contains Chinese (CJK ideographs and CJK punctuation),
/// one entry per text node, whitespace collapsed, each once; the options of a visible
/// select count as visible. Left out, as text that is
/// Chinese on purpose: elements (and their descendants) whose nearest `lang` is `zh-CN`,
/// marked `translate="no"`, or of class `data` (names of towns, items and people).
pub async fn cjk_fragments(b: &Browser) -> Vec<String> {
    let v = b
        .client
        .execute(
            r#"const cjk = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
               const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
               const out = [];
               const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
               for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                 const text = n.nodeValue.replace(/\s+/g, ' ').trim();
                 if (!text || !cjk.test(text)) continue;
                 const el = n.parentElement;
                 if (!el || skip.has(el.tagName)) continue;
                 const langed = el.closest('[lang]');
                 if (langed && langed.getAttribute('lang') === 'zh-CN') continue;
                 if (el.closest('[translate="no"], .data')) continue;
                 // a select's options show when it opens: they count when it does
                 const shown = el.closest('select') || el;
                 if (shown.getClientRects().length === 0) continue;
                 const style = getComputedStyle(shown);
                 if (style.visibility === 'hidden' || style.display === 'none') continue;
                 if (!out.includes(text)) out.push(text);
               }
               return out;"#,
            vec![],
        )
        .await
        .expect("text nodes");
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
