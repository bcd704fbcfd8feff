import Crypto
import Foundation

/// Authentication: API tokens, tickets from `POST /access/ticket` and their CSRF tokens.
extension SimulatedCluster {
    /// Who made a request, as PVE writes it into task UPIDs.
    struct Identity: Sendable {
        var user: String
        var viaTicket: Bool
    }

    static let ticketLifetime: Double = 7_200

    /// `POST /access/ticket`.
    func createTicket(parameters: [String: String]) throws(SimulatorAPIError) -> JSONValue {
        guard var username = parameters["username"], let password = parameters["password"] else {
            throw SimulatorAPIError(status: 400, message: "Parameter verification failed.",
                                    errors: parameters["username"] == nil ? ["username": "property is missing and it is not optional"]
                                        : ["password": "property is missing and it is not optional"])
        }
        if !username.contains("@"), let realm = parameters["realm"] { username += "@\(realm)" }
        guard let expected = options.users[username], expected == password else {
            appendLog(node: nodes[0].name, pid: 1_234, user: "root@pam", tag: "pvedaemon", priority: 3,
                      message: "authentication failure; rhost=::ffff:127.0.0.1 user=\(username) msg=invalid credentials")
            throw .authenticationFailure
        }
        let time = now()
        let stamp = String(Int(time), radix: 16, uppercase: true)
        let signature = Data(SHA256.hash(data: Data("\(username):\(stamp):\(Int.random(in: 0..<Int.max, using: &generator))".utf8)))
        let ticket = "PVE:\(username):\(stamp)::\(signature.base64EncodedString())"
        let csrf = "\(stamp):\(Data(SHA256.hash(data: Data(ticket.utf8))).base64EncodedString().prefix(43))"
        tickets[ticket] = TicketSession(username: username, csrfToken: csrf, issuedAt: time)
        return .object([
            ("username", .string(username)), ("ticket", .string(ticket)), ("CSRFPreventionToken", .string(csrf)),
            ("clustername", .string(options.clusterName)),
            ("cap", .object([("vms", .object([("VM.PowerMgmt", 1), ("VM.Audit", 1), ("VM.Config.Options", 1)])),
                             ("nodes", .object([("Sys.Audit", 1)]))])),
        ])
    }

    /// Checks the `Authorization` header, or the `PVEAuthCookie` cookie plus, on writes, the
    /// `CSRFPreventionToken` header.
    func authenticate(authorization: String?, cookieTicket: String?, csrfToken: String?, isWrite: Bool) throws(SimulatorAPIError) -> Identity {
        if let authorization {
            let prefix = "PVEAPIToken="
            guard authorization.hasPrefix(prefix) else { throw .authenticationFailure }
            let credentials = authorization.dropFirst(prefix.count)
            guard let separator = credentials.firstIndex(of: "=") else { throw .authenticationFailure }
            let tokenID = String(credentials[..<separator]).trimmingCharacters(in: .whitespaces)
            let secret = String(credentials[credentials.index(after: separator)...]).trimmingCharacters(in: .whitespaces)
            guard tokenID == options.tokenID, secret == options.tokenSecret else { throw .authenticationFailure }
            return Identity(user: tokenID, viaTicket: false)
        }
        if let cookieTicket {
            guard let session = tickets[cookieTicket], now() - session.issuedAt < Self.ticketLifetime else {
                throw .authenticationFailure
            }
            if isWrite && csrfToken != session.csrfToken { throw .invalidCSRFToken }
            return Identity(user: session.username, viaTicket: true)
        }
        throw .authenticationFailure
    }
}
