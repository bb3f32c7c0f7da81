//! Recognising Internet Explorer, which G-MIS refuses for security (SPEC §9).

/// True for Internet Explorer 6–11 and for Edge in IE mode: every such
/// User-Agent carries `MSIE ` (IE ≤ 10, and IE 11 in compatibility view) or
/// `Trident/` (IE 11 and IE mode). Nothing else is matched, so curl and API
/// clients pass.
pub fn is_internet_explorer(user_agent: &str) -> bool {
    user_agent.contains("MSIE ") || user_agent.contains("Trident/")
}

#[cfg(test)]
mod tests {
    use super::is_internet_explorer;

    const REFUSED: &[(&str, &str)] = &[
        ("IE 6", "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)"),
        ("IE 7", "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.0)"),
        ("IE 8", "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)"),
        ("IE 9", "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)"),
        ("IE 10", "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0)"),
        ("IE 11", "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko"),
        ("Edge IE mode", "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; rv:11.0) like Gecko"),
        (
            "IE 11 compatibility view",
            "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E)",
        ),
    ];

    const ALLOWED: &[(&str, &str)] = &[
        (
            "Edge",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        ),
        (
            "Chrome Windows",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        ),
        ("Firefox", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"),
        (
            "Safari macOS",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        ),
        (
            "Safari iOS",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        ),
        (
            "Safari iPadOS",
            "Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        ),
        (
            "Chrome Android",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        ),
        ("curl", "curl/8.5.0"),
        ("API client", "gmis-facility-sync/2.1 (+https://example.jp)"),
        ("no user agent", ""),
    ];

    #[test]
    fn internet_explorer_is_refused() {
        for (name, ua) in REFUSED {
            assert!(is_internet_explorer(ua), "{name} must be refused");
        }
    }

    #[test]
    fn current_browsers_and_clients_pass() {
        for (name, ua) in ALLOWED {
            assert!(!is_internet_explorer(ua), "{name} must be allowed");
        }
    }
}
