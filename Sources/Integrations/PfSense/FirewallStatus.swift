/// What `net status` shows of the firewall.
public struct FirewallStatus: Sendable, Equatable {
    /// `pfSense 2.7.2-RELEASE`.
    public var product: String
    /// As pfSense writes it: `12 Days 03 Hours 41 Minutes 10 Seconds`.
    public var uptime: String?
    /// Whole percentages.
    public var cpuUsage: Double?
    public var memoryUsage: Double?
    /// The IPv4 address of the interface named `wan`.
    public var wanAddress: String?
    public var gateways: [Gateway]
    public var interfaces: [Interface]

    public init(product: String, uptime: String?, cpuUsage: Double?, memoryUsage: Double?, wanAddress: String?,
                gateways: [Gateway], interfaces: [Interface]) {
        self.product = product
        self.uptime = uptime
        self.cpuUsage = cpuUsage
        self.memoryUsage = memoryUsage
        self.wanAddress = wanAddress
        self.gateways = gateways
        self.interfaces = interfaces
    }

    /// `uptime` in seconds; nil when pfSense wrote something else than "N Days N Hours N Minutes N Seconds"
    /// (any of the parts, singular or plural).
    public var uptimeSeconds: Int64? {
        guard let uptime else { return nil }
        let words = uptime.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty, words.count.isMultiple(of: 2) else { return nil }
        let units: [String: Int64] = ["day": 86_400, "hour": 3_600, "minute": 60, "second": 1]
        var seconds: Int64 = 0
        for index in stride(from: 0, to: words.count, by: 2) {
            var unit = words[index + 1].lowercased()
            if unit.hasSuffix("s") { unit.removeLast() }
            guard let number = Int64(words[index]), number >= 0, let factor = units[unit] else { return nil }
            seconds += number * factor
        }
        return seconds
    }

    /// A gateway as dpinger sees it.
    public struct Gateway: Sendable, Equatable {
        public var name: String
        public var monitorIP: String?
        /// Round-trip time in milliseconds.
        public var latency: Double?
        /// Packet loss, whole percent.
        public var loss: Double?
        /// `online`, `down`, … as pfSense reports it.
        public var status: String
        /// `none`, `highloss`, `highdelay`, `loss`, `delay`, … as pfSense reports it.
        public var substatus: String

        public init(name: String, monitorIP: String?, latency: Double?, loss: Double?, status: String, substatus: String) {
            self.name = name
            self.monitorIP = monitorIP
            self.latency = latency
            self.loss = loss
            self.status = status
            self.substatus = substatus
        }

        /// pfSense considers it down (dpinger's `down`, or no answer at all: `offline`).
        public var isDown: Bool { ["down", "offline"].contains(status.lowercased()) }
    }

    public struct Interface: Sendable, Equatable {
        /// pfSense's id: `wan`, `lan`, `opt1`.
        public var name: String
        public var description: String
        /// `up`, `down`, `no carrier`.
        public var status: String
        public var address: String?
        public var media: String?

        public init(name: String, description: String, status: String, address: String?, media: String?) {
            self.name = name
            self.description = description
            self.status = status
            self.address = address
            self.media = media
        }
    }
}
