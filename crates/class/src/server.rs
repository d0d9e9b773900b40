//! The class answers' web server: axum on a tokio runtime of its own, on a thread of its own.
//! The app and the command line hold a [`ClassServer`]: they tell it where the drill is and
//! read the answers through it, each call a short lock, so a frame never waits on the network.
//!
//! Six routes and nothing else: the page, its script and its style (strings built into the
//! binary), joining, the learner's state and answering. No file is ever read.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use crate::page;
use crate::question::Submission;
use crate::session::{Follow, Session, Token};
use crate::view::learner_view;

/// The largest request body taken, in bytes: a written answer of 4000 characters fits.
pub const MAX_BODY: usize = 32 * 1024;
/// The session cookie's name.
pub const COOKIE: &str = "rapport_class";

/// Requests one learner may make: a burst of this many, then `LEARNER_RATE` a second.
const LEARNER_BURST: f64 = 40.0;
const LEARNER_RATE: f64 = 10.0;
/// Requests without a learner's cookie from one address (a whole class may share one).
const ADDRESS_BURST: f64 = 600.0;
const ADDRESS_RATE: f64 = 300.0;
/// Joins from one address.
const JOIN_BURST: f64 = 80.0;
const JOIN_RATE: f64 = 1.0;

/// Where to listen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bind {
    /// Every interface; learners use the machine's address on the local network.
    Lan,
    /// 127.0.0.1 only (tests, and a tutor trying the page alone).
    Loopback,
}

#[derive(Debug)]
pub enum StartError {
    PortTaken(u16),
    NoNetwork,
    Io(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::PortTaken(p) => write!(
                f,
                "port {p} is already in use on this computer (another program, or class \
                 answers already running): choose another port"
            ),
            StartError::NoNetwork => write!(
                f,
                "this computer has no address on a local network, so phones cannot reach it: \
                 connect to the room's Wi-Fi or network and start again"
            ),
            StartError::Io(e) => write!(f, "could not start the class answers server: {e}"),
        }
    }
}

/// This computer's address on the local network: the one it would send from (no packet is
/// sent). `None` without a network.
pub fn lan_address() -> Option<IpAddr> {
    let s = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    // A documentation address (TEST-NET-1): only the route is looked up.
    s.connect((Ipv4Addr::new(192, 0, 2, 1), 80)).ok()?;
    let ip = s.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

struct Bucket {
    tokens: f64,
    at: f64,
}

/// Token buckets by key; a bucket full again is forgotten so the map stays small.
#[derive(Default)]
struct Limiter {
    buckets: HashMap<String, Bucket>,
}

impl Limiter {
    fn allow(&mut self, key: String, burst: f64, rate: f64, now: f64) -> bool {
        if self.buckets.len() > 10_000 {
            self.buckets
                .retain(|_, b| b.tokens + (now - b.at) * rate < burst);
        }
        let b = self.buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        b.tokens = (b.tokens + (now - b.at).max(0.0) * rate).min(burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

struct Shared {
    session: Mutex<Session>,
    limiter: Mutex<Limiter>,
    origin: Instant,
}

impl Shared {
    fn now(&self) -> f64 {
        self.origin.elapsed().as_secs_f64()
    }

    fn session(&self) -> MutexGuard<'_, Session> {
        // A handler that panicked leaves the answers as they were: keep serving them.
        self.session.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running server. Dropping it stops it.
pub struct ClassServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    lan: Option<IpAddr>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ClassServer {
    /// Starts serving `session` on `port` (0: any free port). Returns at once, with a clear
    /// error when the port is taken or there is no network address.
    pub fn start(session: Session, port: u16, bind: Bind) -> Result<ClassServer, StartError> {
        let (ip, lan) = match bind {
            Bind::Loopback => (IpAddr::V4(Ipv4Addr::LOCALHOST), None),
            Bind::Lan => match lan_address() {
                Some(lan) => (IpAddr::V4(Ipv4Addr::UNSPECIFIED), Some(lan)),
                None => return Err(StartError::NoNetwork),
            },
        };
        let listener = TcpListener::bind((ip, port)).map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => StartError::PortTaken(port),
            _ => StartError::Io(e.to_string()),
        })?;
        let addr = listener
            .local_addr()
            .map_err(|e| StartError::Io(e.to_string()))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| StartError::Io(e.to_string()))?;
        let shared = Arc::new(Shared {
            session: Mutex::new(session),
            limiter: Mutex::new(Limiter::default()),
            origin: Instant::now(),
        });
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| StartError::Io(e.to_string()))?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = router(shared.clone());
        let thread = std::thread::Builder::new()
            .name("class-answers".into())
            .spawn(move || {
                rt.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let serve = axum::serve(
                        listener,
                        app.into_make_service_with_connect_info::<SocketAddr>(),
                    );
                    tokio::spawn(async move {
                        let _ = serve.await;
                    });
                    // Runs until stopped (or the handle is dropped).
                    let _ = stopped.await;
                });
                // Open connections (pages polling) are dropped, not waited for.
                rt.shutdown_background();
            })
            .map_err(|e| StartError::Io(e.to_string()))?;
        Ok(ClassServer {
            shared,
            addr,
            lan,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address listened on (0.0.0.0 on the local network).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address learners type or scan: http://192.168.1.20:8080/
    pub fn url(&self) -> String {
        let ip = self.lan.unwrap_or(self.addr.ip());
        format!("http://{}/", SocketAddr::new(ip, self.addr.port()))
    }

    /// Seconds since the server started: the clock deadlines are kept in.
    pub fn now(&self) -> f64 {
        self.shared.now()
    }

    /// Tells the learners' pages where the drill is.
    pub fn follow(&self, f: Follow) {
        let now = self.shared.now();
        self.shared.session().follow(f, now);
    }

    /// Reads the session (a short lock: copy out what is needed).
    pub fn with_session<R>(&self, f: impl FnOnce(&Session, f64) -> R) -> R {
        let now = self.shared.now();
        f(&self.shared.session(), now)
    }

    /// Changes the session (a short lock).
    pub fn with_session_mut<R>(&self, f: impl FnOnce(&mut Session) -> R) -> R {
        f(&mut self.shared.session())
    }

    /// Stops listening; open connections are dropped.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for ClassServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { html(page::HTML, "text/html; charset=utf-8") }),
        )
        .route(
            "/page.js",
            get(|| async { html(page::JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/page.css",
            get(|| async { html(page::CSS, "text/css; charset=utf-8") }),
        )
        .route("/join", post(join))
        .route("/state", get(state))
        .route("/answer", post(answer))
        .fallback(|| async {
            error(
                StatusCode::NOT_FOUND,
                "Not found: this server only serves the class answers page.",
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::map_response(secure_headers))
        .with_state(shared)
}

async fn secure_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    let set = |h: &mut HeaderMap, k: header::HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
         img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::CACHE_CONTROL, "no-store");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    r
}

fn html(body: &'static str, kind: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

fn body_error(e: BytesRejection) -> Response {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "That request is too large: at most 32 KB.",
        )
    } else {
        error(
            StatusCode::BAD_REQUEST,
            "The request's body could not be read.",
        )
    }
}

fn too_many() -> Response {
    error(
        StatusCode::TOO_MANY_REQUESTS,
        "Too many requests: wait a moment and try again.",
    )
}

/// The learner's token from the cookie header, if it holds one well formed.
fn token(headers: &HeaderMap) -> Option<Token> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .and_then(|(_, v)| Token::parse(v))
}

impl Shared {
    fn allow_address(&self, ip: IpAddr, now: f64) -> bool {
        let mut l = self.limiter.lock().unwrap_or_else(|e| e.into_inner());
        l.allow(format!("a{ip}"), ADDRESS_BURST, ADDRESS_RATE, now)
    }

    fn allow(&self, key: String, burst: f64, rate: f64, now: f64) -> bool {
        let mut l = self.limiter.lock().unwrap_or_else(|e| e.into_inner());
        l.allow(key, burst, rate, now)
    }

    /// The learner behind the request, or the response refusing it.
    /// A learner's requests count against their own allowance; requests without a learner
    /// against their address's.
    fn learner(&self, ip: IpAddr, headers: &HeaderMap, now: f64) -> Result<usize, Refused> {
        let token = token(headers);
        let id = token.and_then(|t| self.session().learner(t));
        match (token, id) {
            (_, Some(id)) if self.allow(format!("l{id}"), LEARNER_BURST, LEARNER_RATE, now) => {
                Ok(id)
            }
            (_, Some(_)) => Err(Refused::TooMany),
            _ if !self.allow_address(ip, now) => Err(Refused::TooMany),
            (None, None) => Err(Refused::NotJoined),
            (Some(_), None) => Err(Refused::Unknown),
        }
    }
}

/// Why a request without a learner behind it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    TooMany,
    NotJoined,
    /// A cookie this class never issued (forged, or from another class).
    Unknown,
}

impl Refused {
    fn response(self) -> Response {
        match self {
            Refused::TooMany => too_many(),
            Refused::NotJoined => error(
                StatusCode::UNAUTHORIZED,
                "Join the class first: enter the join code and your name.",
            ),
            Refused::Unknown => error(
                StatusCode::UNAUTHORIZED,
                "This browser's session is not part of this class: join again with the code on \
                 the projector.",
            ),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JoinBody {
    code: String,
    name: String,
    #[serde(default)]
    team: Option<usize>,
}

async fn join(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let now = shared.now();
    if !shared.allow_address(from.ip(), now)
        || !shared.allow(format!("j{}", from.ip()), JOIN_BURST, JOIN_RATE, now)
    {
        return too_many();
    }
    let body = match body {
        Ok(b) => b,
        Err(e) => return body_error(e),
    };
    let Ok(j) = serde_json::from_slice::<JoinBody>(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Send the join code and a name as JSON.",
        );
    };
    match shared.session().join(&j.code, &j.name, j.team) {
        Ok((token, _)) => {
            let cookie = format!(
                "{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict",
                token.to_hex()
            );
            let mut r = axum::Json(json!({ "joined": true })).into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        }
        Err(crate::session::JoinError::WrongCode) => error(
            StatusCode::FORBIDDEN,
            &crate::session::JoinError::WrongCode.to_string(),
        ),
        Err(e) => error(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
    }
}

async fn state(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let now = shared.now();
    let learner = match shared.learner(from.ip(), &headers, now) {
        Ok(l) => l,
        // A page not joined yet is told which teams there are, to offer them.
        Err(r @ (Refused::NotJoined | Refused::Unknown)) => {
            let teams = shared.session().teams().to_vec();
            let mut body = serde_json::to_value(teams).map_or(json!({}), |t| json!({ "teams": t }));
            body["error"] = json!(match r {
                Refused::NotJoined => "Join the class first: enter the join code and your name.",
                _ =>
                    "This browser's session is not part of this class: join again with the code on the projector.",
            });
            return (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
        }
        Err(r) => return r.response(),
    };
    let s = shared.session();
    match learner_view(&s, learner, now) {
        Some(v) => axum::Json(v).into_response(),
        None => error(StatusCode::UNAUTHORIZED, "Join the class first."),
    }
}

async fn answer(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let now = shared.now();
    let learner = match shared.learner(from.ip(), &headers, now) {
        Ok(l) => l,
        Err(r) => return r.response(),
    };
    let body = match body {
        Ok(b) => b,
        Err(e) => return body_error(e),
    };
    let sub: Submission = match serde_json::from_slice(&body) {
        Ok(s) => s,
        Err(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "That answer is not in the form this page sends.",
            );
        }
    };
    // Checked under the lock; scored (the marker, for writing) outside it.
    let question = {
        let s = shared.session();
        match s.admit(learner, &sub, now) {
            Ok(q) => q.clone(),
            Err(e) => return answer_error(e),
        }
    };
    let response = match question.response(&sub) {
        Ok(r) => r,
        Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, &e.0),
    };
    let scored = question.score(&response);
    match shared.session().record(learner, sub, response, scored) {
        Ok(()) => axum::Json(json!({ "accepted": true })).into_response(),
        Err(e) => answer_error(e),
    }
}

fn answer_error(e: crate::session::AnswerError) -> Response {
    use crate::session::AnswerError as E;
    let status = match e {
        E::NotOpen | E::Closed | E::AlreadyAnswered => StatusCode::CONFLICT,
        E::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    error(status, &e.to_string())
}
