import Foundation
import NexBoardCore

/// The console links and sessions of this process, in memory: a link lives `console.link_ttl`
/// (a minute) and opens once, a session lives at most `console.max_session`, so a restart only
/// costs the user a new link.
///
/// A link's token and a session's cookie are kept as SHA-256 digests only. Opening a link consumes
/// it (`consume`); the caller checks the permission again, then starts a session (`startSession`)
/// whose cookie the browser carries from then on. Failed lookups are counted per client address:
/// after `failureLimit` in a minute, that address is refused without a lookup.
actor ConsoleLinks {
    /// An opened console: its path id, what it is for, and until when.
    struct Session: Sendable, Equatable {
        let id: String
        let grant: ConsoleGrant
        let ends: Date
    }

    private struct Link {
        let grant: ConsoleGrant
        let expires: Date
    }

    private var links: [String: Link] = [:]
    /// Links opened already, until they would have expired: a second open says "used", not "unknown".
    private var consumed: [String: Link] = [:]
    /// Sessions by id, each with its cookie's digest.
    private var sessions: [String: (session: Session, cookie: String)] = [:]
    /// Live proxies by session id: Disconnect closes them.
    private var proxies: [String: [ObjectIdentifier: ConsoleProxyTraffic]] = [:]
    private var failures = FailedAttempts()
    let linkTTL: Duration
    let maxSession: Duration
    private let now: @Sendable () -> Date
    static let failureLimit = 10
    static let remembered: TimeInterval = 3600

    init(linkTTL: Duration, maxSession: Duration, now: @escaping @Sendable () -> Date) {
        self.linkTTL = linkTTL
        self.maxSession = maxSession
        self.now = now
    }

    /// A new link for `grant`; returns its token (the only copy).
    func issue(_ grant: ConsoleGrant) -> ConsoleToken {
        prune()
        let token = ConsoleToken.generate()
        links[token.digest] = Link(grant: grant, expires: now().addingTimeInterval(linkTTL.timeInterval))
        return token
    }

    /// Opens the link `token` from `address`: valid once, within its time.
    func consume(_ token: String, from address: String) -> Result<ConsoleGrant, ConsoleRefusal> {
        let time = now()
        prune()
        guard !failures.isLimited(address, at: time, limit: Self.failureLimit) else { return .failure(.rateLimited) }
        let digest = ConsoleToken.digest(of: token)
        let refusal: ConsoleRefusal
        if let link = links.removeValue(forKey: digest) {
            consumed[digest] = link
            if link.expires > time { return .success(link.grant) }
            refusal = .expired(link.grant)
        } else if let link = consumed[digest] {
            refusal = .reused(link.grant)
        } else {
            refusal = .unknownLink
        }
        failures.record(address, at: time)
        return .failure(refusal)
    }

    /// Starts the session of a consumed, re-authorized link; returns it and its cookie.
    func startSession(_ grant: ConsoleGrant) -> (Session, cookie: ConsoleToken) {
        let cookie = ConsoleToken.generate()
        let session = Session(id: ConsoleToken.consoleID(), grant: grant, ends: now().addingTimeInterval(maxSession.timeInterval))
        sessions[session.id] = (session, cookie.digest)
        return (session, cookie)
    }

    /// The session at `/console/<id>` for the cookie the browser sent.
    func session(_ id: String, cookie: String?) -> Result<Session, ConsoleRefusal> {
        guard let entry = sessions[id], let cookie, ConsoleToken.digest(of: cookie) == entry.cookie else { return .failure(.noSession) }
        guard entry.session.ends > now() else {
            sessions[id] = nil
            return .failure(.sessionEnded(entry.session.grant))
        }
        return .success(entry.session)
    }

    /// Ends a session (Disconnect, or its connection closed for good) and closes its live proxies.
    func end(_ id: String) {
        sessions[id] = nil
        for proxy in proxies.removeValue(forKey: id)?.values.map({ $0 }) ?? [] { proxy.end(.disconnected) }
    }

    /// Registers a live proxy of session `id`; false when the session has ended meanwhile.
    func attach(_ proxy: ConsoleProxyTraffic, to id: String) -> Bool {
        guard let entry = sessions[id], entry.session.ends > now() else { return false }
        proxies[id, default: [:]][ObjectIdentifier(proxy)] = proxy
        return true
    }

    /// Forgets a proxy that ended.
    func detach(_ proxy: ConsoleProxyTraffic, from id: String) {
        proxies[id]?[ObjectIdentifier(proxy)] = nil
        if proxies[id]?.isEmpty == true { proxies[id] = nil }
    }

    /// The live proxies of session `id`.
    func liveProxies(of id: String) -> [ConsoleProxyTraffic] {
        proxies[id]?.values.map { $0 } ?? []
    }

    /// Forgets links an hour after they expired (until then a late click reads "expired" or "used",
    /// not "not valid") and sessions that ended.
    private func prune() {
        let forgotten = now().addingTimeInterval(-Self.remembered)
        links = links.filter { $0.value.expires > forgotten }
        consumed = consumed.filter { $0.value.expires > forgotten }
        let time = now()
        sessions = sessions.filter { $0.value.session.ends > time }
    }
}

/// Failed attempts per client address within a sliding minute, bounded in size: an attacker
/// spraying addresses pushes out the oldest entries rather than growing memory.
struct FailedAttempts {
    private var attempts: [String: [Date]] = [:]
    static let window: TimeInterval = 60
    static let trackedAddresses = 10_000

    func isLimited(_ address: String, at time: Date, limit: Int) -> Bool {
        (attempts[address] ?? []).count { time.timeIntervalSince($0) < Self.window } >= limit
    }

    mutating func record(_ address: String, at time: Date) {
        attempts[address, default: []].append(time)
        attempts[address] = attempts[address]?.filter { time.timeIntervalSince($0) < Self.window }
        if attempts.count > Self.trackedAddresses {
            attempts = attempts.filter { entry in entry.value.contains { time.timeIntervalSince($0) < Self.window } }
            while attempts.count > Self.trackedAddresses,
                  let oldest = attempts.min(by: { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) }) {
                attempts[oldest.key] = nil
            }
        }
    }
}
