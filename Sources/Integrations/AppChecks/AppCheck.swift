import Foundation

/// One homelab app NexBoard checks over HTTP(S) on its own schedule (an entry of `integrations.apps`).
public struct AppCheck: Sendable, Equatable {
    /// What users call it (`Nextcloud`), unique among the apps.
    public var name: String
    /// The URL fetched with GET.
    public var url: String
    /// The status that counts as up; nil: any 2xx or 3xx.
    public var expectedStatus: Int?
    /// Text the body must contain to count as up; nil: any body.
    public var expectedText: String?
    /// How often it is checked.
    public var interval: Duration
    /// How long a check may take.
    public var timeout: Duration
    public var tls: IntegrationTLS

    public init(name: String, url: String, expectedStatus: Int? = nil, expectedText: String? = nil, interval: Duration = .seconds(60),
                timeout: Duration = .seconds(10), tls: IntegrationTLS = .system) {
        self.name = name
        self.url = url
        self.expectedStatus = expectedStatus
        self.expectedText = expectedText
        self.interval = interval
        self.timeout = timeout
        self.tls = tls
    }
}

/// The outcome of one app check.
public struct AppCheckResult: Sendable, Equatable {
    public var name: String
    public var isUp: Bool
    /// Why it is down, as a user may read it (`HTTP 502`, `"Nextcloud" not in the page`, `unreachable`).
    public var problem: String?
    /// The HTTP status, when one came.
    public var status: Int?
    /// From request to the whole answer, on the injected clock.
    public var latency: Duration?
    /// The expiry of the certificate an https URL presents; nil for http or when it could not be read.
    public var certificateExpiry: Date?

    public init(name: String, isUp: Bool, problem: String?, status: Int?, latency: Duration?, certificateExpiry: Date?) {
        self.name = name
        self.isUp = isUp
        self.problem = problem
        self.status = status
        self.latency = latency
        self.certificateExpiry = certificateExpiry
    }
}
