//! Hostile input against the real server: each gets a clear error and changes nothing.

use rapport_class::session::{Phase, Token};
use rapport_class::{Bind, ClassServer, Follow, Session, StartError};
use rapport_core::content::QuestionKind;

use crate::common::{drill_of, get, join, json, pack, post, request, serve, valid};

const CODE: &str = "QK7M2X";

/// What the session holds: learners, and answers per question.
fn snapshot(server: &ClassServer) -> (Vec<String>, Vec<usize>) {
    server.with_session(|s, _| {
        (
            s.learners().iter().map(|l| l.name.clone()).collect(),
            (0..s.questions().len()).map(|i| s.answered(i)).collect(),
        )
    })
}

fn open(server: &ClassServer, item: usize) {
    server.follow(Follow {
        item: Some(item),
        phase: Phase::Open,
        remaining: None,
    });
}

#[test]
fn hostile_requests_get_clear_errors_and_change_nothing() {
    let pack = pack();
    let drill = drill_of(
        &pack,
        &[QuestionKind::SingleBest, QuestionKind::SingleBest],
        &[],
    );
    let server = serve(&drill, &pack, CODE);
    let addr = server.local_addr();
    let ann = join(addr, CODE, "Ann", None);
    open(&server, 0);
    let q = server.with_session(|s, _| s.questions()[0].clone());
    let before = snapshot(&server);

    // A wrong join code.
    let r = post(addr, "/join", None, r#"{"code":"ZZZZZZ","name":"Eve"}"#);
    assert_eq!(r.status, 403);
    assert!(r.error().contains("join code"), "{}", r.body);
    assert!(r.cookie().is_none());

    // A name with HTML in it.
    let r = post(
        addr,
        "/join",
        None,
        &serde_json::json!({"code": CODE, "name": "<script>alert(1)</script>"}).to_string(),
    );
    assert_eq!(r.status, 422);
    assert!(r.error().contains("no < > &"), "{}", r.body);
    assert!(r.cookie().is_none());

    // A forged cookie: well formed, never issued; and one not even well formed.
    let answer = json(&valid(&q, 0, 0));
    let forged = format!("rapport_class={}", Token::fresh().to_hex());
    for cookie in [forged.as_str(), "rapport_class=../../etc/passwd", "other=1"] {
        let r = post(addr, "/answer", Some(cookie), &answer);
        assert_eq!(r.status, 401, "{cookie}");
        assert!(r.error().contains("join"), "{}", r.body);
    }
    // No cookie at all.
    assert_eq!(post(addr, "/answer", None, &answer).status, 401);

    // A 10 MB body, to answer and to join.
    let big = vec![b'a'; 10 * 1024 * 1024];
    for path in ["/answer", "/join"] {
        let r = request(addr, "POST", path, Some(&ann), Some(&big));
        assert_eq!(r.status, 413, "{path}: {}", r.body);
        assert!(r.error().contains("too large"), "{}", r.body);
    }

    // An option index out of range, and options sent twice.
    for bad in [
        format!(r#"{{"item":0,"choices":[{}]}}"#, q.option_count()),
        r#"{"item":0,"choices":[18446744073709551615]}"#.to_owned(),
        r#"{"item":0,"choices":[0,0]}"#.to_owned(),
        r#"{"item":0,"choices":[]}"#.to_owned(),
    ] {
        let r = post(addr, "/answer", Some(&ann), &bad);
        assert_eq!(r.status, 422, "{bad}: {}", r.body);
        assert!(!r.error().is_empty());
    }
    // Not JSON, or fields the page never sends.
    for bad in [
        "{",
        r#"{"item":0,"choices":[0],"score":99}"#,
        r#"{"item":-1}"#,
    ] {
        let r = post(addr, "/answer", Some(&ann), bad);
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
    }
    // A question not open yet.
    let r = post(addr, "/answer", Some(&ann), &json(&valid(&q, 1, 0)));
    assert_eq!(r.status, 409);
    assert!(r.error().contains("not open"), "{}", r.body);
    assert_eq!(snapshot(&server), before, "nothing changed");

    // One answer taken; the same request replayed is refused and the first answer stands.
    assert_eq!(post(addr, "/answer", Some(&ann), &answer).status, 200);
    let other = json(&valid(&q, 0, 1));
    let r = post(addr, "/answer", Some(&ann), &other);
    assert_eq!(r.status, 409);
    assert!(r.error().contains("already answered"), "{}", r.body);
    let kept = server.with_session(|s, _| s.given(0, 0).unwrap().submission.choices.clone());
    assert_eq!(kept, Some(vec![0]));

    // An answer for a closed question.
    let bob = join(addr, CODE, "Bob", None);
    open(&server, 1);
    let r = post(addr, "/answer", Some(&bob), &answer);
    assert_eq!(r.status, 409);
    assert!(r.error().contains("closed"), "{}", r.body);
    assert_eq!(snapshot(&server).1, vec![1, 0]);

    // A cookie of another class is not one of this class.
    let other_server = serve(&drill, &pack, "ABCDEF");
    let r = get(other_server.local_addr(), "/state", Some(&ann));
    assert_eq!(r.status, 401);
}

#[test]
fn no_other_route_and_no_file_is_served() {
    let pack = pack();
    let drill = drill_of(&pack, &[QuestionKind::SingleBest], &[]);
    let server = serve(&drill, &pack, CODE);
    let addr = server.local_addr();
    for path in [
        "/etc/passwd",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/Cargo.toml",
        "/page.js/../../Cargo.toml",
        "/static/",
        "/index.html",
    ] {
        let r = get(addr, path, None);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.body.contains("root:"), "{path}");
        assert!(r.error().contains("only serves"), "{path}: {}", r.body);
    }
    // The page itself, with headers that keep any injected markup from running.
    let r = get(addr, "/", None);
    assert_eq!(r.status, 200);
    assert!(
        r.head
            .contains("content-security-policy: default-src 'none'; script-src 'self'")
    );
    assert!(r.head.contains("x-content-type-options: nosniff"));
    // The script writes every text as text.
    assert!(!rapport_class::page::JS.contains("innerHTML"));
    assert!(!rapport_class::page::JS.contains("insertAdjacentHTML"));
    assert_eq!(get(addr, "/page.js", None).status, 200);
    assert_eq!(request(addr, "DELETE", "/state", None, None).status, 405);
}

#[test]
fn a_learner_flooding_the_server_is_slowed_down() {
    let pack = pack();
    let drill = drill_of(&pack, &[QuestionKind::SingleBest], &[]);
    let server = serve(&drill, &pack, CODE);
    let addr = server.local_addr();
    let ann = join(addr, CODE, "Ann", None);
    let statuses: Vec<u16> = (0..120)
        .map(|_| get(addr, "/state", Some(&ann)).status)
        .collect();
    assert_eq!(statuses[0], 200);
    assert!(statuses.contains(&429), "{statuses:?}");
    let r = get(addr, "/state", Some(&ann));
    if r.status == 429 {
        assert!(r.error().contains("Too many requests"));
    }
    // Another learner is not slowed by Ann.
    let bob = join(addr, CODE, "Bob", None);
    assert_eq!(get(addr, "/state", Some(&bob)).status, 200);
}

#[test]
fn a_port_in_use_is_named() {
    let pack = pack();
    let drill = drill_of(&pack, &[QuestionKind::SingleBest], &[]);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let session = Session::new(&drill, &pack, CODE.into());
    let Err(e) = ClassServer::start(session, port, Bind::Loopback) else {
        panic!("a port in use cannot be listened on");
    };
    assert!(matches!(e, StartError::PortTaken(p) if p == port));
    assert!(
        e.to_string()
            .contains(&format!("port {port} is already in use"))
    );
}
