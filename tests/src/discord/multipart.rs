//! Request bodies as the bot sends them: JSON, or multipart with a `payload_json` part and files.

use axum::body::Bytes;
use axum::http::HeaderMap;
use serde_json::Value;

/// The JSON of a request body, and its files when it is multipart.
pub(super) fn decode_body(
    headers: &HeaderMap,
    body: &Bytes,
) -> (Value, Vec<(String, String, Vec<u8>)>) {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some(boundary) = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .or_else(|| content_type.split("boundary=").nth(1))
    else {
        return (
            serde_json::from_slice(body).unwrap_or(Value::Null),
            Vec::new(),
        );
    };
    let mut json_body = Value::Null;
    let mut files = Vec::new();
    for part in multipart_parts(body, boundary.trim_matches('"')) {
        let (head, data) = part;
        let name = header_param(&head, " name").unwrap_or_default();
        match header_param(&head, "filename") {
            Some(filename) => files.push((name, filename, data)),
            None if name == "payload_json" => {
                json_body = serde_json::from_slice(&data).unwrap_or(Value::Null)
            }
            None => {}
        }
    }
    (json_body, files)
}

/// Splits a multipart body into (headers, data) parts.
fn multipart_parts(body: &[u8], boundary: &str) -> Vec<(String, Vec<u8>)> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let Some(head_end) = find(rest, b"\r\n\r\n") else {
            break;
        };
        let head = String::from_utf8_lossy(&rest[..head_end]).into_owned();
        let data_start = head_end + 4;
        let Some(next) = find(&rest[data_start..], format!("\r\n{delimiter}").as_bytes()) else {
            break;
        };
        parts.push((head, rest[data_start..data_start + next].to_vec()));
        rest = &rest[data_start + next + 2..];
    }
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn header_param(head: &str, key: &str) -> Option<String> {
    let marker = format!("{key}=\"");
    let start = head.find(&marker)? + marker.len();
    let end = head[start..].find('"')?;
    Some(head[start..start + end].to_string())
}
