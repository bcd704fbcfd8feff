import Foundation

/// How far back `rrddata` reads, and how finely: PVE returns about 70 points per timeframe.
public enum RRDTimeframe: String, Sendable, CaseIterable {
    /// One point a minute.
    case hour
    /// One point every 30 minutes.
    case day
    /// One point every 3 hours.
    case week
    /// One point every 12 hours.
    case month
    /// One point a week.
    case year

    /// The shortest timeframe that covers `seconds` back from now.
    public init(covering seconds: Double) {
        self = Self.allCases.first { $0.span >= seconds } ?? .year
    }

    /// How far back the timeframe reaches, in seconds.
    public var span: Double {
        switch self {
        case .hour: 3_600
        case .day: 86_400
        case .week: 604_800
        case .month: 2_592_000
        case .year: 31_536_000
        }
    }
}

/// How RRD points are consolidated: the average over each step, or its peak.
public enum RRDConsolidation: String, Sendable {
    case average = "AVERAGE"
    case max = "MAX"
}

/// One point of `GET /nodes/{node}/rrddata` or a guest's `rrddata`. A point with no data (the
/// guest was stopped, the collector missed it) has only its time and the maxima.
///
/// Nodes and guests name some fields differently (`memused`/`mem`, `rootused`/`disk`); both read
/// into the same properties. Sizes are bytes, network rates bytes per second.
public struct RRDPoint: Sendable, Hashable, Decodable {
    public var time: Date
    /// CPU use as a fraction of the cores (0...1).
    public var cpu: Double?
    public var memory: Int64?
    public var memoryTotal: Int64?
    /// A node's root file system, a container's root disk (VMs report 0 without the agent).
    public var disk: Int64?
    public var diskTotal: Int64?
    public var netIn: Double?
    public var netOut: Double?

    public init(time: Date, cpu: Double? = nil, memory: Int64? = nil, memoryTotal: Int64? = nil, disk: Int64? = nil,
                diskTotal: Int64? = nil, netIn: Double? = nil, netOut: Double? = nil) {
        self.time = time
        self.cpu = cpu
        self.memory = memory
        self.memoryTotal = memoryTotal
        self.disk = disk
        self.diskTotal = diskTotal
        self.netIn = netIn
        self.netOut = netOut
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        time = Date(timeIntervalSince1970: c.lenientDouble("time") ?? 0)
        cpu = c.lenientDouble("cpu").flatMap { $0.isFinite ? $0 : nil }
        memory = c.lenientInt64("memused") ?? c.lenientInt64("mem")
        memoryTotal = c.lenientInt64("memtotal") ?? c.lenientInt64("maxmem")
        disk = c.lenientInt64("rootused") ?? c.lenientInt64("disk")
        diskTotal = c.lenientInt64("roottotal") ?? c.lenientInt64("maxdisk")
        netIn = c.lenientDouble("netin")
        netOut = c.lenientDouble("netout")
    }

    /// Memory use as a fraction; nil without data.
    public var memoryFraction: Double? { Self.fraction(memory, memoryTotal) }

    /// Disk use as a fraction; nil without data.
    public var diskFraction: Double? { Self.fraction(disk, diskTotal) }

    private static func fraction(_ used: Int64?, _ total: Int64?) -> Double? {
        guard let used, let total, total > 0 else { return nil }
        return Double(used) / Double(total)
    }
}
