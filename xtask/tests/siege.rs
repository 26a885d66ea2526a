//! The siege lines on the pages are what the real siege prints: the siege that Debian's
//! `apt-get install siege` installs (4.0.7, the course's default `loadTest.siegeVersion`),
//! run against a small HTTP server on 127.0.0.1 with a fresh home folder. Skipped, with a
//! message, only where siege is not installed (`.ci/run` installs it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The first lab page of the repository's course, as `cargo xtask render` makes it.
fn first_page() -> String {
    let files = xtask::render::course_files(
        &xtask::render::default_config(),
        xtask::render::FormatArg::Yaml,
    )
    .unwrap_or_else(|_| panic!("the course renders"));
    files
        .into_iter()
        .find(|f| f.path == "deploy_k8s/index.md")
        .unwrap()
        .contents
}

/// The text of the first code block after `marker` on `page`.
fn block_after(page: &str, marker: &str) -> String {
    let rest = &page[page.find(marker).unwrap_or_else(|| panic!("no {marker:?}"))..];
    let start = rest.find("```text\n").unwrap() + "```text\n".len();
    let end = start + rest[start..].find("\n```").unwrap();
    rest[start..end].to_owned()
}

/// The field names of a `- `name`: meaning` list after `marker`.
fn listed_fields(page: &str, marker: &str) -> Vec<String> {
    let rest = &page[page.find(marker).unwrap()..];
    rest.lines()
        .skip_while(|l| !l.starts_with("- `"))
        .take_while(|l| l.starts_with("- `"))
        .map(|l| l[3..].split('`').next().unwrap().to_owned())
        .collect()
}

fn siege_installed() -> bool {
    Command::new("siege")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// A server on 127.0.0.1 that answers every request with `200 ok` until dropped; its port.
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            while !stopped.load(Ordering::SeqCst) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((mut stream, _)) => {
                        stream.set_nonblocking(false).ok();
                        stream.set_read_timeout(Some(Duration::from_secs(2))).ok();
                        let mut buf = [0u8; 4096];
                        let _ = stream.read(&mut buf);
                        let _ = stream.write_all(
                            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                        );
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        Server { port, stop }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// `siege -c 2 -t <secs>S <url>` with `home` as its home folder, bounded in time.
fn siege(home: &std::path::Path, url: &str, secs: u32) -> Output {
    let mut child = Command::new("siege")
        .args(["-c", "2", "-t", &format!("{secs}S"), url])
        .env("HOME", home)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(u64::from(secs) + 30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("siege ran past its time");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// Without the terminal's colour codes.
fn plain(text: &[u8]) -> String {
    let text = String::from_utf8_lossy(text);
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn the_report_the_page_shows_is_the_one_the_installed_siege_prints() {
    if !siege_installed() {
        println!("skipped: siege is not installed here (apt-get install siege)");
        return;
    }
    let page = first_page();
    let sample = block_after(&page, "prints its report as one JSON object");
    let first_run = block_after(&page, "The first time you run siege");
    let fields = listed_fields(&page, "Your numbers differ. Note down");
    assert_eq!(fields.len(), 5, "{page}");

    let home = tempfile::tempdir().unwrap();
    let server = Server::start();
    let url = format!("http://127.0.0.1:{}/test", server.port);
    let run = siege(home.path(), &url, 2);
    assert!(run.status.success(), "{}", plain(&run.stderr));
    let stdout = plain(&run.stdout);
    // The first run: the two lines about its settings file, as the page says.
    let expected_first = first_run.replace("<home>", &home.path().display().to_string());
    assert!(
        stdout.starts_with(&format!("{expected_first}\n")),
        "siege printed:\n{stdout}\nthe page says:\n{expected_first}"
    );
    // Then only the JSON object: nothing else while it ran, on either stream.
    let json_text = &stdout[expected_first.len() + 1..];
    let report: serde_json::Value =
        serde_json::from_str(json_text.trim()).unwrap_or_else(|e| panic!("{e}: {json_text}"));
    assert!(
        plain(&run.stderr).trim().is_empty(),
        "siege printed while it ran: {}",
        plain(&run.stderr)
    );
    let keys = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| l.split('"').nth(1).map(str::to_owned))
            .collect()
    };
    // The page's sample has siege's fields, in siege's order and layout.
    assert_eq!(keys(&sample), keys(json_text));
    for field in &fields {
        assert!(report.get(field).is_some(), "siege has no field {field}");
    }
    assert!(report["transactions"].as_u64().unwrap() > 0, "{report}");
    // A second run prints the report alone.
    let again = siege(home.path(), &url, 1);
    serde_json::from_str::<serde_json::Value>(plain(&again.stdout).trim()).unwrap();
    drop(server);

    // A refused connection: the line the page quotes, on stderr.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let refused = siege(home.path(), &format!("http://127.0.0.1:{closed}/test"), 1);
    let quoted = page
        .split('`')
        .find(|s| s.starts_with("[error] socket:"))
        .unwrap();
    assert!(
        plain(&refused.stderr).lines().any(|l| l == quoted),
        "the page quotes {quoted:?}; siege printed:\n{}",
        plain(&refused.stderr)
    );
}
