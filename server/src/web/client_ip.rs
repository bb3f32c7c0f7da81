//! Who is asking: the client's IP address, for per-IP login limits and the
//! audit log.
//!
//! The peer of the TCP connection is the client, unless that peer is one of
//! the trusted proxies (`GMIS_TRUSTED_PROXIES`: addresses or CIDR ranges of
//! the load balancers in front of G-MIS). Then the client is the right-most
//! address in `X-Forwarded-For` that is not itself a trusted proxy: every
//! entry to its left was written by the client and proves nothing. Without
//! trusted proxies the header is ignored, so nobody can pick their own IP.

use crate::WebState;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

/// The client address of this request, when known (put into the request's
/// extensions by [`resolve`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// Parses `GMIS_TRUSTED_PROXIES`: comma-separated addresses or CIDR ranges.
pub fn parse_trusted(list: &str) -> Result<Vec<IpNet>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<IpNet>().or_else(|_| s.parse::<IpAddr>().map(IpNet::from)).map_err(|_| s.to_owned()))
        .collect()
}

/// The client of a request from `peer` carrying `forwarded_for`
/// (the `X-Forwarded-For` values, in order).
pub fn client_of<'a>(peer: IpAddr, forwarded_for: impl Iterator<Item = &'a str>, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> =
        forwarded_for.flat_map(|v| v.split(',')).filter_map(|s| s.trim().parse::<IpAddr>().ok()).collect();
    hops.into_iter().rev().find(|ip| !is_trusted(ip)).unwrap_or(peer)
}

/// Middleware: resolves the client address once for every handler.
pub async fn resolve(State(state): State<WebState>, mut req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    if let Some(peer) = peer {
        let forwarded = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
        let ip = client_of(peer, forwarded, &state.config.trusted_proxies);
        req.extensions_mut().insert(ClientIp(ip));
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn the_header_counts_only_behind_a_trusted_proxy() {
        let trusted = parse_trusted("10.0.0.0/8, 192.0.2.7").unwrap_or_default();
        assert_eq!(trusted.len(), 2);
        // Directly connected: the header is the client's own claim.
        assert_eq!(client_of(ip("198.51.100.9"), ["203.0.113.5"].into_iter(), &trusted), ip("198.51.100.9"));
        // Through the balancer: the right-most untrusted hop.
        assert_eq!(
            client_of(ip("10.1.2.3"), ["1.1.1.1, 203.0.113.5", "10.9.9.9"].into_iter(), &trusted),
            ip("203.0.113.5")
        );
        assert_eq!(client_of(ip("192.0.2.7"), ["garbage"].into_iter(), &trusted), ip("192.0.2.7"));
        assert!(parse_trusted("10.0.0.0/33").is_err());
        assert!(parse_trusted("").is_ok_and(|t| t.is_empty()));
    }
}
