/// Why a console link or session was not opened. The page shows `pageMessage`, which names no
/// guest: whoever holds a stale or stolen link learns nothing from it.
enum ConsoleRefusal: Error, Equatable {
    /// No link has this token: never issued, mistyped or tampered with.
    case unknownLink
    /// The link was opened before; a link opens once.
    case reused(ConsoleGrant)
    /// The link was not opened within `console.link_ttl`.
    case expired(ConsoleGrant)
    /// Too many failed attempts from this address within a minute.
    case rateLimited
    /// The requester may no longer open this guest's console (role or scope changed, guest gone).
    case denied(ConsoleGrant, reason: String)
    /// No session with this id and cookie: never opened, another console's cookie, or none at all.
    case noSession
    /// The session outlived `console.max_session`.
    case sessionEnded(ConsoleGrant)
    /// Proxmox did not give the console (a stopped guest, SPICE not configured, the API down).
    case proxmoxFailed(ConsoleGrant, reason: String)

    var httpStatus: Int {
        switch self {
        case .unknownLink, .noSession: 404
        case .reused, .expired, .sessionEnded: 410
        case .rateLimited: 429
        case .denied: 403
        case .proxmoxFailed: 502
        }
    }

    var pageMessage: String {
        switch self {
        case .unknownLink: "This console link is not valid. Ask the bot for a new one."
        case .reused: "This console link was used already. A link opens once; ask the bot for a new one."
        case .expired: "This console link has expired. Links are valid for a short time; ask the bot for a new one."
        case .rateLimited: "Too many invalid console links from your address. Wait a minute, then ask the bot for a new link."
        case .denied: "You may not open this console any more."
        case .noSession: "This console is not open in this browser. Ask the bot for a new link."
        case .sessionEnded: "This console session has ended. Ask the bot for a new link."
        case .proxmoxFailed: "Proxmox did not open this console (is the guest running?). Ask the bot for a new link to try again."
        }
    }

    /// The grant the refusal concerns, when the token named one.
    var grant: ConsoleGrant? {
        switch self {
        case .reused(let grant), .expired(let grant), .denied(let grant, _), .sessionEnded(let grant), .proxmoxFailed(let grant, _): grant
        case .unknownLink, .rateLimited, .noSession: nil
        }
    }

    /// The audit log's detail.
    var detail: String {
        switch self {
        case .unknownLink: "unknown or tampered console link"
        case .reused: "console link used a second time"
        case .expired: "console link expired"
        case .rateLimited: "too many failed console link attempts"
        case .denied(_, let reason), .proxmoxFailed(_, let reason): reason
        case .noSession: "no console session for this cookie"
        case .sessionEnded: "console session ended (max_session)"
        }
    }
}
