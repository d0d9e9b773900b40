//! Two learners' pages in a real headless Chromium, driven through a whole drill against the
//! real server: joining, answering each type of question on the page, the lock, the reveal and
//! the end. Chromium is driven by chromedriver over WebDriver (JSON over HTTP, with the small
//! client of `common`). Needs Debian's `chromium` and `chromium-driver`
//! (`.ci/setup.d/70-chromium.sh` installs them).

use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rapport_class::question::Form;
use rapport_class::session::Phase;
use rapport_class::{ClassServer, Follow};
use rapport_core::content::QuestionKind;
use serde_json::{Value, json};

use crate::common::{drill_of, pack, request, serve};

const CODE: &str = "BRW5ER";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_program(names: &[&str]) -> Option<String> {
    let path = std::env::var("PATH").unwrap_or_default();
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .find(|p| p.is_file())
            .map(|p| p.display().to_string())
    })
}

fn driver() -> Driver {
    let (Some(chromedriver), Some(_)) = (
        find_program(&["chromedriver"]),
        find_program(&["chromium", "chromium-browser"]),
    ) else {
        panic!(
            "this test drives a real browser: install Debian's packages `chromium` and \
             `chromium-driver` (apt-get install chromium chromium-driver, as \
             .ci/setup.d/70-chromium.sh does)"
        );
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let d = Driver { child, addr };
    // chromedriver takes a moment to listen.
    let until = Instant::now() + Duration::from_secs(30);
    loop {
        if std::net::TcpStream::connect(addr).is_ok()
            && wd(addr, "GET", "/status", None)["value"]["ready"] == true
        {
            break d;
        }
        assert!(
            Instant::now() < until,
            "chromedriver did not start listening"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn wd(addr: SocketAddr, method: &str, path: &str, body: Option<Value>) -> Value {
    let body = body.map(|b| b.to_string());
    let r = request(addr, method, path, None, body.as_deref().map(str::as_bytes));
    serde_json::from_str(&r.body).unwrap_or(Value::Null)
}

/// One browser: one learner's phone.
struct Page {
    addr: SocketAddr,
    session: String,
    who: &'static str,
}

impl Page {
    fn open(d: &Driver, url: &str, who: &'static str) -> Page {
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": find_program(&["chromium", "chromium-browser"]).unwrap(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=390,844"]
            }
        }}});
        let r = wd(d.addr, "POST", "/session", Some(caps));
        let session = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("chromedriver opens Chromium: {r}"))
            .to_owned();
        let p = Page {
            addr: d.addr,
            session,
            who,
        };
        // Finding an element waits up to this long for it: the page polls once a second.
        p.cmd("POST", "timeouts", json!({"implicit": 15000}));
        p.cmd("POST", "url", json!({ "url": url }));
        p
    }

    fn cmd(&self, method: &str, what: &str, body: Value) -> Value {
        let path = format!("/session/{}/{what}", self.session);
        let body = (method == "POST").then_some(body);
        let r = wd(self.addr, method, &path, body);
        assert!(
            r["value"]["error"].is_null(),
            "{}: {method} {what}: {}",
            self.who,
            r["value"]
        );
        r["value"].clone()
    }

    /// The element `css`, waited for.
    fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "element",
            json!({"using": "css selector", "value": css}),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("{}: no element {css}: {v}", self.who))
            .to_owned()
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.cmd("POST", &format!("element/{e}/click"), json!({}));
    }

    fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.cmd(
            "POST",
            &format!("element/{e}/value"),
            json!({ "text": text }),
        );
    }

    fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.cmd("GET", &format!("element/{e}/text"), Value::Null)
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    /// Waits for the page to reach `phase` (the attribute its script sets).
    fn wait_phase(&self, phase: &str, item: Option<usize>) {
        self.find(&format!("#phase[data-phase=\"{phase}\"]"));
        if let Some(i) = item {
            let want = format!("Question {} of", i + 1);
            let until = Instant::now() + Duration::from_secs(15);
            while !self.text("#progress").starts_with(&want) {
                assert!(Instant::now() < until, "{} never showed {want}", self.who);
                self.find(&format!("#phase[data-phase=\"{phase}\"]"));
            }
        }
    }

    fn screenshot(&self, name: &str) {
        if let Ok(dir) = std::env::var("CLASS_SCREENSHOTS") {
            let b64 = self.cmd("GET", "screenshot", Value::Null);
            let png = decode_base64(b64.as_str().unwrap_or(""));
            let _ = std::fs::write(format!("{dir}/{name}.png"), png);
        }
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        let _ = wd(
            self.addr,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
    }
}

fn decode_base64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let bits: Vec<u8> = s.bytes().filter_map(val).collect();
    bits.chunks(4)
        .flat_map(|c| {
            let n = c.iter().fold(0u32, |a, &v| (a << 6) | u32::from(v)) << (6 * (4 - c.len()));
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            bytes.into_iter().take(c.len().saturating_sub(1))
        })
        .collect()
}

fn step(server: &ClassServer, item: Option<usize>, phase: Phase) {
    server.follow(Follow {
        item,
        phase,
        remaining: None,
    });
}

#[test]
fn two_learners_answer_a_whole_drill_in_chromium() {
    let d = driver();
    let pack = pack();
    let kinds = [
        QuestionKind::SingleBest,
        QuestionKind::OrderStages,
        QuestionKind::Classify,
        QuestionKind::Written,
    ];
    let drill = drill_of(&pack, &kinds, &["Red", "Blue"]);
    let server = serve(&drill, &pack, CODE);
    let url = server.url();
    let qs = server.with_session(|s, _| s.questions().to_vec());
    let ann = Page::open(&d, &url, "Ann");
    let bob = Page::open(&d, &url, "Bob");

    // Joining: a wrong code is refused on the page; the right one lets each in.
    ann.type_in("#code", "WRONG1");
    ann.type_in("#name", "Ann");
    ann.find("#team-row:not([hidden])");
    ann.click("#team option[value=\"0\"]");
    ann.click("#join-btn");
    ann.find("#join-error:not(:empty)");
    assert!(ann.text("#join-error").contains("join code"));
    let code = ann.find("#code");
    ann.cmd("POST", &format!("element/{code}/clear"), json!({}));
    ann.type_in("#code", &CODE.to_lowercase());
    ann.click("#join-btn");
    bob.type_in("#code", CODE);
    bob.type_in("#name", "Bob");
    bob.click("#team option[value=\"1\"]");
    bob.click("#join-btn");
    for p in [&ann, &bob] {
        p.wait_phase("waiting", None);
    }
    assert_eq!(ann.text("#who"), "Ann · Red");
    assert_eq!(bob.text("#who"), "Bob · Blue");
    ann.screenshot("0-joined");

    // 1. Single best answer: Ann right, Bob wrong.
    step(&server, Some(0), Phase::Open);
    let right = qs[0].correct.iter().position(|c| *c).unwrap();
    let wrong = qs[0].correct.iter().position(|c| !*c).unwrap();
    for p in [&ann, &bob] {
        p.wait_phase("open", Some(0));
        assert_eq!(p.text("#title"), qs[0].title);
    }
    ann.screenshot("1-open");
    ann.click(&format!("button.opt[data-k=\"{right}\"]"));
    ann.click("#send");
    bob.click(&format!("button.opt[data-k=\"{wrong}\"]"));
    bob.click("#send");
    ann.find("#mine li");
    bob.find("#mine li");
    assert_eq!(ann.text("#mine li"), qs[0].option_labels()[right]);
    assert!(ann.text("#status").contains("Wait for the tutor"));
    step(&server, Some(0), Phase::Locked);
    step(&server, Some(0), Phase::Revealed);
    for p in [&ann, &bob] {
        p.wait_phase("revealed", Some(0));
    }
    assert!(
        ann.text("#verdict").starts_with("Right!"),
        "{}",
        ann.text("#verdict")
    );
    assert!(bob.text("#verdict").starts_with("Not quite."));
    assert!(bob.text("#correction").contains(&qs[0].answer[0]));
    ann.screenshot("2-revealed");
    let t = server.with_session(|s, _| s.tally(0).unwrap());
    assert_eq!(
        (t.answered, t.rows[right].count, t.rows[wrong].count),
        (2, 1, 1)
    );

    // 2. Order the stages: Ann taps them in the right order; Bob does not answer in time.
    step(&server, Some(1), Phase::Open);
    ann.wait_phase("open", Some(1));
    let Form::Order { content, .. } = &qs[1].form else {
        panic!("question 2 orders stages")
    };
    for place in 0..content.len() {
        let k = content.iter().position(|&c| c == place).unwrap();
        ann.click(&format!("button.opt[data-k=\"{k}\"]"));
    }
    ann.screenshot("3-order");
    ann.click("#send");
    ann.find("#mine li");
    step(&server, Some(1), Phase::Locked);
    bob.wait_phase("locked", Some(1));
    assert!(bob.text("#status").contains("Time is up"));
    step(&server, Some(1), Phase::Revealed);
    ann.wait_phase("revealed", Some(1));
    bob.wait_phase("revealed", Some(1));
    assert!(ann.text("#verdict").starts_with("Right!"));
    assert_eq!(bob.text("#verdict"), "No answer from you.");

    // 3. Classify: a category picked for each item, on both pages.
    step(&server, Some(2), Phase::Open);
    let Form::Classify { items, .. } = &qs[2].form else {
        panic!("question 3 classifies")
    };
    for p in [&ann, &bob] {
        p.wait_phase("open", Some(2));
        for i in 0..items.len() {
            p.click(&format!("button.pick[data-row=\"{i}\"][data-k=\"0\"]"));
        }
        p.click("#send");
        p.find("#mine li");
    }
    ann.screenshot("4-classify-sent");
    step(&server, Some(2), Phase::Revealed);
    ann.wait_phase("revealed", Some(2));
    assert!(!ann.text("#lines").is_empty());

    // 4. Written: marked by the marker; the page lists each rubric point.
    step(&server, Some(3), Phase::Open);
    ann.wait_phase("open", Some(3));
    ann.type_in(
        "#text",
        "I would agree confidentiality and its limits, listen and ask open questions.",
    );
    ann.click("#send");
    ann.find("#mine li");
    step(&server, Some(3), Phase::Revealed);
    ann.wait_phase("revealed", Some(3));
    let lines = ann.text("#lines");
    assert_eq!(lines.lines().count(), qs[3].rubric.len(), "{lines}");
    ann.screenshot("5-written");
    let written = server.with_session(|s, _| s.given(3, 0).unwrap().scored.mark.clone());
    assert!(
        written.is_some(),
        "the tutor has the written answer's marks"
    );

    // The end: each page shows its total.
    step(&server, None, Phase::Revealed);
    for p in [&ann, &bob] {
        p.wait_phase("ended", None);
        assert!(p.text("#prompt").starts_with("You scored"));
    }
    let scores = server.with_session(|s, _| s.learner_scores());
    assert!(scores[0].2 > scores[1].2, "{scores:?}");
}
