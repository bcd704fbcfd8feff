/// An API error as pve-api-daemon reports it: an HTTP status, the message in the reason
/// phrase, a body of `{"data":null}` and, for parameter errors, an `errors` map.
struct SimulatorAPIError: Error, Sendable {
    var status: Int
    var message: String
    var errors: [String: String]?

    init(status: Int, message: String, errors: [String: String]? = nil) {
        self.status = status
        self.message = message
        self.errors = errors
    }

    static let authenticationFailure = SimulatorAPIError(status: 401, message: "authentication failure")
    static let invalidCSRFToken = SimulatorAPIError(status: 401, message: "Permission denied - invalid csrf token")

    static func notImplemented(_ method: String, _ path: String) -> SimulatorAPIError {
        SimulatorAPIError(status: 501, message: "Method '\(method) \(path)' not implemented")
    }

    static func noRoute(node: String) -> SimulatorAPIError {
        SimulatorAPIError(status: 595, message: "No route to host")
    }

    static func parameter(_ name: String, _ problem: String) -> SimulatorAPIError {
        SimulatorAPIError(status: 400, message: "Parameter verification failed.", errors: [name: problem])
    }
}
