//! Helpers the tests share: a drill from the built-in content, a server on loopback, and a
//! small blocking HTTP/1.1 client (one request per connection).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use rapport_class::question::{ClassQuestion, Form, Submission};
use rapport_class::{Bind, ClassServer, Session};
use rapport_core::content::{Pack, QuestionKind, load_builtin};
use rapport_core::drill::{Drill, DrillSetup};

pub fn pack() -> Pack {
    load_builtin().pack
}

/// A drill of `count` scenarios of every type the built-in content has, drawn from `seed`.
pub fn drill(pack: &Pack, count: usize, seed: u64, teams: &[&str]) -> Drill {
    let setup = DrillSetup {
        count,
        seed,
        discussion_seconds: 60,
        teams: teams.iter().map(|t| t.to_string()).collect(),
        ..DrillSetup::default()
    };
    setup
        .prepare(pack)
        .expect("the built-in content makes a drill")
        .0
}

/// A drill with one question of each of `kinds`, in that order.
pub fn drill_of(pack: &Pack, kinds: &[QuestionKind], teams: &[&str]) -> Drill {
    let mut items = Vec::new();
    for (n, kind) in kinds.iter().enumerate() {
        let setup = DrillSetup {
            kinds: vec![*kind],
            count: 1,
            seed: 11 + n as u64,
            ..DrillSetup::default()
        };
        let (d, _) = setup
            .prepare(pack)
            .expect("the built-in content has every type");
        items.extend(d.items);
    }
    let setup = DrillSetup {
        count: items.len(),
        discussion_seconds: 60,
        teams: teams.iter().map(|t| t.to_string()).collect(),
        ..DrillSetup::default()
    };
    Drill::new(setup, items)
}

pub fn serve(drill: &Drill, pack: &Pack, code: &str) -> ClassServer {
    let session = Session::new(drill, pack, code.to_owned());
    ClassServer::start(session, 0, Bind::Loopback).expect("the server starts on loopback")
}

/// A valid answer to `q` (question `item`); `variant` picks among the choices so that answers
/// spread over the options.
pub fn valid(q: &ClassQuestion, item: usize, variant: usize) -> Submission {
    let mut s = Submission {
        item,
        ..Submission::default()
    };
    match &q.form {
        Form::Single { options, .. } => s.choices = Some(vec![variant % options.len()]),
        Form::Multiple { options, .. } => s.choices = Some(vec![variant % options.len()]),
        Form::Order { stages, .. } => s.order = Some((0..stages.len()).collect()),
        Form::Match { terms, .. } => s.picks = Some(vec![Some(0); terms.len()]),
        Form::Classify { items, .. } => s.picks = Some(vec![Some(variant % 2); items.len()]),
        Form::Written => {
            s.text = Some("I would listen, ask open questions and agree a goal.".into())
        }
    }
    s
}

/// The submission as the page sends it.
pub fn json(s: &Submission) -> String {
    let mut v = serde_json::json!({ "item": s.item });
    if let Some(c) = &s.choices {
        v["choices"] = serde_json::json!(c);
    }
    if let Some(o) = &s.order {
        v["order"] = serde_json::json!(o);
    }
    if let Some(p) = &s.picks {
        v["picks"] = serde_json::json!(p);
    }
    if let Some(t) = &s.text {
        v["text"] = serde_json::json!(t);
    }
    v.to_string()
}

pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }

    pub fn error(&self) -> String {
        self.json()["error"].as_str().unwrap_or("").to_owned()
    }

    /// The session cookie set by a join, as `name=value`.
    pub fn cookie(&self) -> Option<String> {
        self.head
            .lines()
            .find_map(|l| l.strip_prefix("set-cookie: "))
            .and_then(|c| c.split(';').next())
            .map(str::to_owned)
    }
}

/// One request on a fresh connection. A write the server cut short (a body it refused) is
/// not an error: the reply is read all the same.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: Option<&[u8]>,
) -> Reply {
    let mut c = TcpStream::connect(addr).expect("connect to the server");
    // A server that never answers fails the test instead of hanging it.
    let _ = c.set_read_timeout(Some(std::time::Duration::from_secs(60)));
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(k) = cookie {
        head.push_str(&format!("Cookie: {k}\r\n"));
    }
    if let Some(b) = body {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    head.push_str("\r\n");
    c.write_all(head.as_bytes()).expect("send the request head");
    if let Some(b) = body {
        for chunk in b.chunks(64 * 1024) {
            if c.write_all(chunk).is_err() {
                break;
            }
        }
    }
    let raw = read_reply(&mut c);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_lowercase(),
        body: body.to_owned(),
    }
}

/// Reads one reply: up to its Content-Length when it has one (chromedriver keeps the
/// connection open), else to the end.
fn read_reply(c: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..end]).to_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|n| raw.len() >= end + 4 + n) {
                return raw;
            }
        }
        match c.read(&mut buf) {
            Ok(0) | Err(_) => return raw,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
}

pub fn get(addr: SocketAddr, path: &str, cookie: Option<&str>) -> Reply {
    request(addr, "GET", path, cookie, None)
}

pub fn post(addr: SocketAddr, path: &str, cookie: Option<&str>, body: &str) -> Reply {
    request(addr, "POST", path, cookie, Some(body.as_bytes()))
}

/// Joins as `name`; returns the cookie.
pub fn join(addr: SocketAddr, code: &str, name: &str, team: Option<usize>) -> String {
    let body = match team {
        Some(t) => serde_json::json!({ "code": code, "name": name, "team": t }),
        None => serde_json::json!({ "code": code, "name": name }),
    };
    let r = post(addr, "/join", None, &body.to_string());
    assert_eq!(r.status, 200, "{name} joins: {}", r.body);
    r.cookie().expect("a join sets the session cookie")
}

/// The resident memory of this process, in kB (Linux).
pub fn rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
