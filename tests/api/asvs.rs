//! OWASP ASVS level 1, the items that apply to a server-rendered app behind a TLS proxy.
//! Covered elsewhere and not repeated here: login throttling (auth.rs:
//! `repeated_failures_lock_the_account_name_until_the_window_passes`,
//! `one_address_trying_many_names_is_throttled`), session renewal at login, end at logout,
//! at the idle and absolute timeouts and when the account is disabled (auth.rs), CSRF on
//! every POST and no state change on GET (access_table.rs).

use std::io::Write;
use std::process::{Command, Stdio};

use devolve::domain::role::Role;

use crate::helpers::{csrf_in, spawn_app, spawn_app_with, PASSWORD};
use crate::process::ServerProcess;
use crate::routes::registered_routes;

/// The `Set-Cookie` headers of a response.
fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

fn cookie_value(set_cookie: &str) -> (String, String) {
    let pair = set_cookie.split(';').next().unwrap();
    let (name, value) = pair.split_once('=').unwrap();
    (name.to_string(), value.to_string())
}

/// V3.4: every cookie the app sets is HttpOnly, SameSite and, over HTTPS, Secure. The
/// client sends cookies by hand: a cookie jar would rightly keep Secure cookies off plain
/// HTTP, which is how the test server is reached.
#[tokio::test]
async fn every_cookie_is_http_only_same_site_and_secure_over_https() {
    let app = spawn_app_with(|s| s.secure_cookies = true).await;
    app.create_user(Role::Worker, "cookieworker", Some("linglong"));
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let mut seen = Vec::new();
    let res = bare.get(app.url("/login")).send().await.unwrap();
    let pre = set_cookies(&res);
    let (pre_name, pre_value) = cookie_value(&pre[0]);
    let token = csrf_in(&res.text().await.unwrap());
    seen.extend(pre);

    let res = bare
        .post(app.url("/login"))
        .header("cookie", format!("{pre_name}={pre_value}"))
        .form(&[
            ("_csrf", token.as_str()),
            ("username", "cookieworker"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let login = set_cookies(&res);
    let session = login
        .iter()
        .map(|c| cookie_value(c))
        .find(|(n, _)| n == "devolve_session")
        .expect("a session cookie");
    seen.extend(login);
    let session_header = format!("{}={}", session.0, session.1);

    let page = bare
        .get(app.url("/account"))
        .header("cookie", &session_header)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200, "the Secure session cookie works");
    let token = csrf_in(&page.text().await.unwrap());
    let res = bare
        .post(app.url("/lang"))
        .header("cookie", &session_header)
        .form(&[("_csrf", token.as_str()), ("lang", "en")])
        .send()
        .await
        .unwrap();
    seen.extend(set_cookies(&res));
    let res = bare
        .post(app.url("/logout"))
        .header("cookie", &session_header)
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    seen.extend(set_cookies(&res));

    let names: Vec<String> = seen.iter().map(|c| cookie_value(c).0).collect();
    for wanted in ["devolve_pre", "devolve_session", "devolve_lang"] {
        assert!(names.iter().any(|n| n == wanted), "{wanted} in {names:?}");
    }
    for cookie in &seen {
        let attrs = cookie.to_ascii_lowercase();
        assert!(attrs.contains("; httponly"), "{cookie}");
        assert!(attrs.contains("; secure"), "{cookie}");
        assert!(
            attrs.contains("; samesite=lax") || attrs.contains("; samesite=strict"),
            "{cookie}"
        );
        assert!(attrs.contains("; path=/"), "{cookie}");
    }
}

/// V14.4: HSTS is sent when the app is served over HTTPS, and only then (over plain HTTP
/// a browser ignores it, and a test server on HTTP must not pin `localhost`).
#[tokio::test]
async fn hsts_is_sent_exactly_when_tls_is_configured() {
    let plain = spawn_app().await;
    let res = plain.get("/login").await;
    assert!(res.headers().get("strict-transport-security").is_none());

    let https = spawn_app_with(|s| s.secure_cookies = true).await;
    for path in ["/login", "/healthz", "/static/app.css", "/no-such-page"] {
        let res = https.get(path).await;
        let hsts = res
            .headers()
            .get("strict-transport-security")
            .unwrap_or_else(|| panic!("HSTS on {path}"))
            .to_str()
            .unwrap()
            .to_string();
        let max_age: u64 = hsts
            .split(';')
            .find_map(|p| p.trim().strip_prefix("max-age="))
            .unwrap()
            .parse()
            .unwrap();
        assert!(max_age >= 31_536_000, "{path}: {hsts}");
    }
}

/// Where a page runs script it did not load from the app itself, or can be framed.
fn inline_script_problems(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut problems = Vec::new();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("<script") {
        let tag_end = rest[at..].find('>').map(|e| at + e).unwrap_or(rest.len());
        let tag = &rest[at..tag_end];
        if !tag.contains(" src=") {
            problems.push(format!("inline <script>: {}", &tag[..tag.len().min(80)]));
        }
        rest = &rest[tag_end..];
    }
    // event-handler attributes (onclick=, onload=, …) inside tags
    for (i, _) in lower.match_indices(" on") {
        let word: String = lower[i + 3..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let after = &lower[i + 3 + word.len()..];
        let in_tag = lower[..i].rfind('<') > lower[..i].rfind('>');
        if !word.is_empty() && after.starts_with('=') && in_tag {
            problems.push(format!("event handler attribute on{word}="));
        }
    }
    if lower.contains("javascript:") {
        problems.push("javascript: URL".into());
    }
    problems
}

#[test]
fn the_inline_script_finder_finds_inline_script() {
    let table = [
        ("<script src=\"/static/app.js\" defer></script>", 0),
        ("<script>alert(1)</script>", 1),
        ("<a href=\"#\" onclick=\"x()\">x</a>", 1),
        ("<p>turn on=off</p>", 0),
        ("<a href=\"javascript:alert(1)\">x</a>", 1),
    ];
    for (html, n) in table {
        assert_eq!(inline_script_problems(html).len(), n, "{html}");
    }
}

/// V14.4 / V50: the CSP allows script from the app only (no inline script, no eval) and
/// forbids framing; and no page relies on inline script, so the policy breaks nothing.
#[tokio::test]
async fn the_csp_forbids_inline_script_and_framing_and_no_page_needs_it() {
    let app = spawn_app_with(|s| s.demo = true).await;
    let res = app.get("/login").await;
    let csp = res
        .headers()
        .get("content-security-policy")
        .expect("a CSP")
        .to_str()
        .unwrap()
        .to_string();
    let directive = |name: &str| {
        csp.split(';')
            .map(str::trim)
            .find(|d| d.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in {csp}"))
            .to_string()
    };
    assert_eq!(directive("script-src"), "script-src 'self'");
    assert_eq!(directive("frame-ancestors"), "frame-ancestors 'none'");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    assert_eq!(res.headers().get("x-frame-options").unwrap(), "DENY");

    // every page without a path parameter, as each role that may see it
    let pages: Vec<String> = registered_routes()
        .into_iter()
        .filter(|r| r.method == "GET" && r.params().is_empty())
        .map(|r| r.pattern)
        .filter(|p| {
            !p.contains('.') && !p.starts_with("/api/") && p != "/healthz" && p != "/readyz"
        })
        .collect();
    assert!(pages.len() > 30, "{pages:?}");
    let mut checked = 0;
    for username in ["", "admin", "orgdept", "trainer", "manager", "worker"] {
        let browser = app.new_browser();
        if !username.is_empty() {
            let res = browser.login(username, "demo").await;
            assert_eq!(res.status(), 303, "{username}");
        }
        for page in &pages {
            let res = browser.get(page).await;
            let is_html = res
                .headers()
                .get("content-type")
                .is_some_and(|v| v.to_str().unwrap().starts_with("text/html"));
            if !is_html {
                continue;
            }
            let html = res.text().await.unwrap();
            let problems = inline_script_problems(&html);
            assert!(problems.is_empty(), "{username} {page}: {problems:?}");
            checked += 1;
        }
    }
    eprintln!("CSP: {checked} HTML pages checked for inline script");
}

/// V2.1.7: the 3,000 most common passwords are refused wherever a password is chosen.
#[tokio::test]
async fn the_most_common_passwords_are_refused() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "pwadmin", None).await;
    for common in ["password1", "Qwertyuiop", "iloveyou"] {
        let res = app
            .post_form(
                "/account/password",
                &[
                    ("current", PASSWORD),
                    ("password", common),
                    ("confirm", common),
                ],
            )
            .await;
        assert_eq!(res.status(), 400, "{common}");
        assert!(res.text().await.unwrap().contains("太常见"), "{common}");
        let res = app
            .post_form(
                "/admin/users",
                &[
                    ("username", "newbie"),
                    ("display_name", "新人"),
                    ("role", "orgdept"),
                    ("password", common),
                    ("confirm", common),
                ],
            )
            .await;
        assert_eq!(res.status(), 400, "{common}");
        assert!(res.text().await.unwrap().contains("太常见"), "{common}");
    }
    // the old password still works, no account was made
    let other = app.new_browser();
    assert_eq!(other.login("pwadmin", PASSWORD).await.status(), 303);
    assert_eq!(other.login("newbie", "password1").await.status(), 401);
}

/// V3.2.2: session tokens carry at least 128 bits of randomness, and login issues a new one
/// (the pre-login nonce is never promoted to a session).
#[tokio::test]
async fn session_tokens_are_long_random_and_new_at_each_login() {
    let app = spawn_app().await;
    app.create_user(Role::Worker, "tokenworker", Some("linglong"));
    let mut tokens = Vec::new();
    for _ in 0..3 {
        let browser = app.new_browser();
        browser.get("/login").await;
        let pre = browser.cookie("devolve_pre").expect("pre cookie");
        assert_eq!(browser.login("tokenworker", PASSWORD).await.status(), 303);
        let token = browser.cookie("devolve_session").expect("session cookie");
        assert_ne!(token, pre);
        // 64 hex digits: 256 bits from the OS generator
        assert_eq!(token.len(), 64, "{token}");
        assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
        tokens.push(token);
    }
    tokens.sort();
    tokens.dedup();
    assert_eq!(tokens.len(), 3);
}

/// V7.1/V7.2: authentication and authorization failures are logged, with who and what,
/// and without the password, the session token or the CSRF token. Runs the real binary
/// and reads its log.
#[tokio::test]
async fn auth_failures_are_logged_without_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("devolve.db");
    let db = db.to_str().unwrap();
    let add = |role: &str, name: &str, unit: &[&str]| {
        let mut args = vec!["user", "add", "--role", role, "--username", name];
        args.extend_from_slice(unit);
        args.extend_from_slice(&["--database", db]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_devolve"))
            .args(&args)
            .env_remove("DATABASE_URL")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{PASSWORD}").unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    add("worker", "logworker", &["--center", "linglong"]);

    let mut server = ServerProcess::spawn(
        "log",
        db,
        dir.path().join("outbox"),
        &[("RUST_LOG", "info")],
    );
    server.listening(std::time::Instant::now() + std::time::Duration::from_secs(60));
    let base = server.base.clone();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let token = csrf_in(
        &client
            .get(format!("{base}/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let wrong = "Wrong-Secret-Password-77";
    let typed_as_name = "MyPasswordInTheNameField-91";
    for (name, password) in [("logworker", wrong), (typed_as_name, wrong)] {
        let res = client
            .post(format!("{base}/login"))
            .form(&[
                ("_csrf", token.as_str()),
                ("username", name),
                ("password", password),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
    }
    let res = client
        .post(format!("{base}/login"))
        .form(&[
            ("_csrf", token.as_str()),
            ("username", "logworker"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let session = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| cookie_value(v.to_str().unwrap()))
        .find(|(n, _)| n == "devolve_session")
        .unwrap()
        .1;
    assert_eq!(
        client
            .get(format!("{base}/admin/users"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let res = client
        .post(format!("{base}/logout"))
        .form(&[("_csrf", "forged-token-0123")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // each request's log line is written before its response is sent, and stopping the
    // process waits for it, so the log is complete here
    server.stop();
    let log = server.log();
    let text = log.join("\n");

    let has = |needle: &[&str]| log.iter().any(|l| needle.iter().all(|n| l.contains(n)));
    assert!(has(&["login failed", "logworker"]), "{text}");
    assert!(has(&["login failed: no such account"]), "{text}");
    assert!(has(&["authorization failure", "/admin/users"]), "{text}");
    assert!(has(&["CSRF token rejected"]), "{text}");
    for secret in [
        wrong,
        typed_as_name,
        PASSWORD,
        session.as_str(),
        token.as_str(),
        "forged-token-0123",
    ] {
        assert!(!text.contains(secret), "the log holds {secret}:\n{text}");
    }
}
