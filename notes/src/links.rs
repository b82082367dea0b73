//! Classifies links as conference page, slides, video, code repository or other.

use crate::model::LinkKind;

/// What a link with this label and URL points to. The label wins when it says what it is
/// ("Slides" pointing at a conference site is slides); otherwise the URL decides.
pub fn classify(label: &str, url: &str) -> LinkKind {
    by_label(label).unwrap_or_else(|| by_url(url))
}

fn by_label(label: &str) -> Option<LinkKind> {
    let label = label.to_lowercase();
    let has = |words: &[&str]| {
        label
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| words.contains(&w))
    };
    if has(&[
        "slides",
        "slide",
        "deck",
        "slideshare",
        "speakerdeck",
        "presentation",
    ]) {
        Some(LinkKind::Slides)
    } else if has(&["video", "recording", "youtube", "vimeo", "watch", "replay"]) {
        Some(LinkKind::Video)
    } else if has(&["code", "repo", "repository", "github", "gitlab", "source"]) {
        Some(LinkKind::Code)
    } else if has(&["conference", "schedule", "session", "abstract"]) {
        Some(LinkKind::Conference)
    } else {
        None
    }
}

/// The host (lower case, without `www.`) and path of `url`, parsed by the `url` crate. A web
/// address written without its scheme (`youtube.com/watch?v=x`) is read as `https://`; anything
/// else (a relative path, an anchor) has no host.
fn host_and_path(url: &str) -> (String, String) {
    let parsed = url::Url::parse(url.trim())
        .ok()
        .filter(|u| u.host_str().is_some())
        .or_else(|| {
            let bare = url.trim();
            let first = bare.split(['/', '?', '#']).next().unwrap_or("");
            (first.contains('.') && !first.contains(':'))
                .then(|| url::Url::parse(&format!("https://{bare}")).ok())
                .flatten()
        });
    match parsed {
        Some(u) => {
            let host = u.host_str().unwrap_or("").to_lowercase();
            let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
            (host, u.path().to_lowercase())
        }
        None => (String::new(), url.to_lowercase()),
    }
}

fn by_url(url: &str) -> LinkKind {
    let lower = url.to_lowercase();
    let (host, path) = host_and_path(url);
    let host = host.as_str();
    let path = path.as_str();
    let host_is = |names: &[&str]| {
        names
            .iter()
            .any(|n| host == *n || host.ends_with(&format!(".{n}")))
    };
    if host_is(&[
        "youtube.com",
        "youtu.be",
        "vimeo.com",
        "twitch.tv",
        "infoq.com",
    ]) {
        LinkKind::Video
    } else if host_is(&[
        "speakerdeck.com",
        "slideshare.net",
        "slides.com",
        "slid.es",
        "noti.st",
    ]) || lower.contains("docs.google.com/presentation")
        || path.ends_with(".pdf")
        || path.ends_with(".pptx")
        || path.contains("/slides")
    {
        LinkKind::Slides
    } else if host_is(&["github.com", "gitlab.com", "bitbucket.org", "codeberg.org"])
        && path.trim_matches('/').split('/').count() >= 2
    {
        LinkKind::Code
    } else if host.starts_with("conferences.")
        || host.contains("conf")
        || path.contains("/schedule")
        || path.contains("/session")
        || path.contains("/talk")
        || path.contains("/speaker")
    {
        LinkKind::Conference
    } else {
        LinkKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_wins_over_url() {
        let url = "https://conferences.oreilly.com/velocity/vl-eu/public/schedule/detail/70994";
        assert_eq!(classify("Slides", url), LinkKind::Slides);
        assert_eq!(classify("Conference link", url), LinkKind::Conference);
        assert_eq!(classify("Details", url), LinkKind::Conference);
    }

    #[test]
    fn url_decides_otherwise() {
        assert_eq!(
            classify(
                "Serverless security: the theory",
                "https://www.youtube.com/watch?v=x"
            ),
            LinkKind::Video
        );
        assert_eq!(
            classify("Terratest", "https://github.com/gruntwork-io/terratest"),
            LinkKind::Code
        );
        assert_eq!(classify("x", "https://github.com/bbc"), LinkKind::Other);
        assert_eq!(
            classify("x", "https://cdn.example.com/Kubernetes%20Presentation.pdf"),
            LinkKind::Slides
        );
        assert_eq!(
            classify("x", "https://speakerdeck.com/tammielis/emotion-through-css"),
            LinkKind::Slides
        );
        assert_eq!(
            classify("x", "https://springone.io/2021/sessions/a"),
            LinkKind::Conference
        );
        assert_eq!(
            classify("Watchman", "https://facebook.github.io/watchman"),
            LinkKind::Other
        );
    }

    #[test]
    fn non_ascii_hosts_and_paths_do_not_panic() {
        // The slice after "www." used to land inside a character here.
        assert_eq!(classify("x", "https://www.日本.jp/"), LinkKind::Other);
        assert_eq!(
            classify("x", "https://www.日本.jp/slides"),
            LinkKind::Slides
        );
        assert_eq!(classify("x", "www.ÿ"), LinkKind::Other);
        assert_eq!(
            classify("x", "https://café.example/talk/ü"),
            LinkKind::Conference
        );
        assert_eq!(classify("x", "youtube.com/watch?v=1"), LinkKind::Video);
        assert_eq!(classify("x", "#anchor"), LinkKind::Other);
        assert_eq!(classify("x", "mailto:a@b.c"), LinkKind::Other);
    }
}
