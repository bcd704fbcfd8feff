#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NexBoardCore
import Prometheus
import Synchronization

/*
 The process_* families, read from /proc/self each time /metrics is asked (as Prometheus's own
 clients do): resident and virtual memory and CPU time from /proc/self/stat, open descriptors from
 /proc/self/fd, the limit from getrlimit, the start time from the process's start in clock ticks
 after the boot time in /proc/stat. Where /proc is missing (not Linux) they stay at zero.
 */

/// The process metrics of one registry; `update()` before each emit.
final class ProcessMetrics: Sendable {
    private let resident: Prometheus.Gauge
    private let virtual: Prometheus.Gauge
    private let cpu: Prometheus.Counter
    private let openFDs: Prometheus.Gauge
    private let maxFDs: Prometheus.Gauge
    private let startTime: Prometheus.Gauge
    /// The CPU seconds already added to the counter (it only goes up by the difference).
    private let counted = Mutex<Double>(0)

    init(registry: PrometheusCollectorRegistry) {
        func gauge(_ family: MetricFamily) -> Prometheus.Gauge {
            registry.makeGauge(descriptor: MetricNameDescriptor(metricName: family.name, unitName: "", helpText: family.help))
        }
        resident = gauge(.residentMemory)
        virtual = gauge(.virtualMemory)
        openFDs = gauge(.openFDs)
        maxFDs = gauge(.maxFDs)
        startTime = gauge(.startTime)
        cpu = registry.makeCounter(descriptor: MetricNameDescriptor(metricName: MetricFamily.cpuSeconds.name, unitName: "",
                                                                    helpText: MetricFamily.cpuSeconds.help))
        update()
    }

    /// Reads /proc/self and sets every process metric.
    func update() {
        if let stat = Self.read("/proc/self/stat").flatMap(ProcessStat.init) {
            let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
            let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
            resident.set(Double(stat.residentPages) * pageSize)
            virtual.set(Double(stat.virtualBytes))
            let seconds = Double(stat.userTicks + stat.systemTicks) / ticks
            let added = counted.withLock { counted -> Double in
                let delta = max(0, seconds - counted)
                counted += delta
                return delta
            }
            if added > 0 { cpu.increment(by: added) }
            if let boot = Self.bootTime() { startTime.set(boot + Double(stat.startTicks) / ticks) }
        }
        if let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            openFDs.set(Double(descriptors.count))
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 { maxFDs.set(Double(limit.rlim_cur)) }
    }

    private static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The boot time in seconds since the epoch (`btime` in /proc/stat).
    private static func bootTime() -> Double? {
        guard let stat = read("/proc/stat") else { return nil }
        for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}

/// The fields of /proc/self/stat that the metrics use (proc(5)).
struct ProcessStat: Equatable {
    var userTicks: Int64
    var systemTicks: Int64
    var startTicks: Int64
    var virtualBytes: Int64
    var residentPages: Int64

    /// Parses the line; the command name in parentheses may hold spaces and parentheses itself,
    /// so the fields are counted after its last ")".
    init?(_ line: String) {
        guard let close = line.lastIndex(of: ")") else { return nil }
        // Field 3 (state) is the first after the name.
        let fields = line[line.index(after: close)...].split(separator: " ")
        func field(_ number: Int) -> Int64? { fields.count > number - 3 ? Int64(fields[number - 3]) : nil }
        guard let user = field(14), let system = field(15), let start = field(22), let virtual = field(23), let resident = field(24)
        else { return nil }
        userTicks = user
        systemTicks = system
        startTicks = start
        virtualBytes = virtual
        residentPages = resident
    }
}
