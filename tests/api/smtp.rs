//! Mail through a real SMTP conversation: a small SMTP server runs in the test process.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use chrono::Duration;
use devolve::mail::outbox::{deliver_due, enqueue, list};
use devolve::mail::transport::{MailTransport, SmtpSettings, SmtpTls};
use devolve::mail::Mail;

use crate::helpers::spawn_app;

/// Accepts SMTP sessions and keeps each message's envelope recipient and raw data.
fn smtp_server(listener: TcpListener) -> Arc<Mutex<Vec<(String, String)>>> {
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let store = store.clone();
            std::thread::spawn(move || serve(stream, store));
        }
    });
    received
}

fn serve(stream: TcpStream, store: Arc<Mutex<Vec<(String, String)>>>) {
    let mut out = stream.try_clone().unwrap();
    let mut lines = BufReader::new(stream);
    let mut say = |s: &str| out.write_all(format!("{s}\r\n").as_bytes());
    let _ = say("220 test.smtp ESMTP");
    let mut rcpt = String::new();
    let mut line = String::new();
    while lines.read_line(&mut line).unwrap_or(0) > 0 {
        let cmd = line.trim_end().to_string();
        line.clear();
        let upper = cmd.to_uppercase();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            let _ = say("250-test.smtp\r\n250 8BITMIME");
        } else if upper.starts_with("RCPT TO:") {
            rcpt = cmd[8..].trim().trim_matches(['<', '>']).to_string();
            let _ = say("250 OK");
        } else if upper.starts_with("DATA") {
            let _ = say("354 go ahead");
            let mut data = String::new();
            loop {
                let mut l = String::new();
                if lines.read_line(&mut l).unwrap_or(0) == 0 || l == ".\r\n" {
                    break;
                }
                data.push_str(&l);
            }
            store.lock().unwrap().push((rcpt.clone(), data));
            let _ = say("250 queued");
        } else if upper.starts_with("QUIT") {
            let _ = say("221 bye");
            break;
        } else {
            let _ = say("250 OK");
        }
    }
}

#[tokio::test]
async fn mail_waits_in_the_outbox_while_smtp_is_down_and_goes_once_it_is_back() {
    let app = spawn_app().await;
    // find a free port, then leave it closed: the server is "down"
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let transport = MailTransport::smtp(
        &SmtpSettings {
            host: "127.0.0.1".into(),
            port,
            tls: SmtpTls::None,
            username: None,
            password: None,
        },
        "招远市公共服务下沉培训平台 <noreply@devolve.invalid>",
    )
    .unwrap();
    let mut conn = app.pool.get().unwrap();
    let now = app.clock.now_naive();
    let mail = Mail {
        to: "wang@zhaoyuan.example".into(),
        subject: "【培训通知】经济困难老年人补贴给付".into(),
        text: "王晓梅，您好：请按时参加培训。".into(),
        html: "<p>王晓梅，您好：请按时参加培训。</p>".into(),
    };
    enqueue(&mut conn, &[mail], now).unwrap();

    let d = deliver_due(&mut conn, &transport, "test", now, 10).unwrap();
    assert_eq!((d.sent, d.failed), (0, 1));
    let row = &list(&mut conn, None, 10, 0).unwrap()[0];
    assert_eq!(
        (row.status.as_str(), row.attempts),
        ("queued", 1),
        "nothing is lost"
    );
    assert!(row.last_error.as_deref().unwrap_or("").contains("SMTP"));

    // the server comes back; the retry waits for its backoff
    let received = smtp_server(TcpListener::bind(("127.0.0.1", port)).unwrap());
    let d = deliver_due(&mut conn, &transport, "test", now, 10).unwrap();
    assert_eq!((d.sent, d.failed), (0, 0), "not due again yet");
    let later = now + Duration::minutes(3);
    let d = deliver_due(&mut conn, &transport, "test", later, 10).unwrap();
    assert_eq!((d.sent, d.failed), (1, 0));
    let d = deliver_due(&mut conn, &transport, "other-process", later, 10).unwrap();
    assert_eq!(d.sent, 0, "a sent message is never sent again");

    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "wang@zhaoyuan.example");
    let parsed = mailparse::parse_mail(got[0].1.as_bytes()).unwrap();
    use mailparse::MailHeaderMap;
    assert_eq!(
        parsed.headers.get_first_value("Subject").unwrap(),
        "【培训通知】经济困难老年人补贴给付"
    );
    let text = parsed
        .subparts
        .iter()
        .find(|p| p.ctype.mimetype == "text/plain")
        .unwrap();
    assert_eq!(text.ctype.charset.to_lowercase(), "utf-8");
    assert_eq!(
        text.get_body().unwrap().trim(),
        "王晓梅，您好：请按时参加培训。"
    );
    let row = &list(&mut conn, None, 10, 0).unwrap()[0];
    assert_eq!(row.status, "sent");
}

#[tokio::test]
async fn the_file_transport_writes_eml_files() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let transport =
        MailTransport::file(dir.path().to_path_buf(), "平台 <noreply@devolve.invalid>").unwrap();
    let mut conn = app.pool.get().unwrap();
    let now = app.clock.now_naive();
    let mail = Mail {
        to: "li@zhaoyuan.example".into(),
        subject: "测试".into(),
        text: "正文".into(),
        html: "<p>正文</p>".into(),
    };
    enqueue(
        &mut conn,
        &[
            mail.clone(),
            Mail {
                to: "not an address".into(),
                ..mail
            },
        ],
        now,
    )
    .unwrap();
    let d = deliver_due(&mut conn, &transport, "t", now, 10).unwrap();
    assert_eq!((d.sent, d.failed), (1, 1));
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].path().extension().is_some_and(|e| e == "eml"));
    let rows = list(&mut conn, Some("queued"), 10, 0).unwrap();
    assert!(rows[0]
        .last_error
        .as_deref()
        .unwrap()
        .contains("收件地址无效"));
}
