//! `rapport drill-serve`: a drill with class answers and no window, advanced with Enter, as a
//! tutor projecting from another machine runs it; two learners answer over loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

/// One request on its own connection; returns the status, the cookie set and the body.
pub(crate) fn http(
    addr: &str,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: &str,
) -> (u16, Option<String>, String) {
    let mut c = TcpStream::connect(addr).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(k) = cookie {
        req.push_str(&format!("Cookie: {k}\r\n"));
    }
    req.push_str(&format!(
        "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    ));
    c.write_all(req.as_bytes()).unwrap();
    let mut raw = String::new();
    c.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let cookie = head
        .lines()
        .find_map(|l| {
            l.to_lowercase()
                .strip_prefix("set-cookie: ")
                .map(str::to_owned)
        })
        .and_then(|c| c.split(';').next().map(str::to_owned));
    (status, cookie, body.to_owned())
}

#[test]
fn a_drill_runs_from_the_terminal_with_class_answers() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("results.csv");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["drill-serve", "--seed", "5", "--count", "2", "--port", "0"])
        .args(["--discussion", "0", "--loopback", "--csv"])
        .arg(&csv)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut read_until = |want: &str| -> String {
        for line in out.by_ref() {
            let line = line.unwrap();
            if line.contains(want) {
                return line;
            }
        }
        panic!("drill-serve never printed {want}");
    };
    let line = read_until("join with the code");
    // "Class answers: open http://127.0.0.1:PORT/ and join with the code XXXXXX"
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap()
        .to_owned();
    let code = line.rsplit(' ').next().unwrap().to_owned();

    let mut cookies = Vec::new();
    for name in ["Ann", "Bob"] {
        let body = serde_json::json!({"code": code, "name": name}).to_string();
        let (status, cookie, body) = http(&addr, "POST", "/join", None, &body);
        assert_eq!(status, 200, "{body}");
        cookies.push(cookie.unwrap());
    }
    let (_, _, state) = http(&addr, "GET", "/state", Some(&cookies[0]), "");
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert_eq!(state["phase"], "open");
    let answer = match state["question"]["form"].as_str().unwrap() {
        "written" => {
            serde_json::json!({"item": 0, "text": "I would agree confidentiality and its limits."})
        }
        "single" | "multiple" => serde_json::json!({"item": 0, "choices": [0]}),
        other => panic!("seed 5 starts with a written or choice question, not {other}"),
    };
    for c in &cookies {
        let (status, _, body) = http(&addr, "POST", "/answer", Some(c), &answer.to_string());
        assert_eq!(status, 200, "{body}");
    }
    read_until("2 of 2 answered");
    // Enter twice: the question, then the answer, when the class's answers are printed.
    stdin.write_all(b"\n\n").unwrap();
    read_until("2 answers:");
    stdin.write_all(b"q\n").unwrap();
    read_until("End of the drill. 2 learners answered.");
    let status = child.wait().unwrap();
    assert!(status.success());
    let results = std::fs::read_to_string(&csv).unwrap();
    assert!(results.starts_with("level,question,title,criterion,marking_point,"));
    let first = results.lines().nth(1).unwrap();
    assert!(first.starts_with("question,1,"), "{results}");
    assert_eq!(first.split(',').nth(5), Some("2"), "two answers: {first}");
    assert!(
        !results.contains("Ann") && !results.contains("Bob"),
        "no names kept"
    );
    // The server stopped with the drill.
    assert!(TcpStream::connect(&addr).is_err());
}
