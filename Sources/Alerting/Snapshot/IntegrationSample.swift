import Foundation

/// One reading of the homelab services beside Proxmox, for the integration alert rules. A part
/// that is nil was not read (not configured, or it did not answer): the alerts about it keep their
/// state, as a cluster's do while it is unreachable.
public struct IntegrationSample: Sendable, Equatable {
    public struct Gateway: Sendable, Equatable {
        public var name: String
        public var isDown: Bool
        /// Percent.
        public var loss: Double?

        public init(name: String, isDown: Bool, loss: Double?) {
            self.name = name
            self.isDown = isDown
            self.loss = loss
        }
    }

    /// The latest change of the WAN address.
    public struct WANChange: Sendable, Equatable {
        public var from: String
        public var to: String
        public var at: Date

        public init(from: String, to: String, at: Date) {
            self.from = from
            self.to = to
            self.at = at
        }
    }

    /// A DNS filter and whether it blocks.
    public struct Filter: Sendable, Equatable {
        public var name: String
        public var isBlocking: Bool

        public init(name: String, isBlocking: Bool) {
            self.name = name
            self.isBlocking = isBlocking
        }
    }

    /// A certificate and when it expires.
    public struct Certificate: Sendable, Equatable {
        /// `proxy:cloud.example.net`, `app:Nextcloud`.
        public var id: String
        public var label: String
        public var expires: Date

        public init(id: String, label: String, expires: Date) {
            self.id = id
            self.label = label
            self.expires = expires
        }
    }

    public struct App: Sendable, Equatable {
        public var name: String
        public var isUp: Bool

        public init(name: String, isUp: Bool) {
            self.name = name
            self.isUp = isUp
        }
    }

    public var gateways: [Gateway]?
    /// nil: the WAN address was not read; `.some(nil)`: read, and no change seen yet.
    public var wanChange: WANChange??
    public var filters: [Filter]?
    public var certificates: [Certificate]?
    public var apps: [App]?

    public init(gateways: [Gateway]? = nil, wanChange: WANChange?? = nil, filters: [Filter]? = nil, certificates: [Certificate]? = nil,
                apps: [App]? = nil) {
        self.gateways = gateways
        self.wanChange = wanChange
        self.filters = filters
        self.certificates = certificates
        self.apps = apps
    }

    /// The alerts of the homelab services are kept under this name where a cluster's name goes.
    public static let source = "integrations"

    /// How long a WAN address change stays an alert.
    public static let wanChangeWindow: TimeInterval = 3600

    /// Whether this sample read what `metric` watches.
    func covers(_ metric: AlertMetric) -> Bool {
        switch metric {
        case .gatewayDown, .gatewayLoss: gateways != nil
        case .wanAddressChanged: wanChange != nil
        case .dnsBlockingOff: filters != nil
        case .certificateExpiry: certificates != nil
        case .appDown: apps != nil
        default: false
        }
    }
}
