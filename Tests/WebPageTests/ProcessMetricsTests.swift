import Foundation
import Prometheus
import Testing

@testable import WebPage

@Suite("Process metrics from /proc/self")
struct ProcessMetricsTests {
    @Test("/metrics shows this process's memory, CPU time, descriptors and start time, read at each request")
    func readAtEachRequest() async throws {
        try await withRunningServer(metrics: PrometheusCollectorRegistry()) { port in
            let page = try await fetch("/metrics", port: port)
            func value(_ name: String) -> Double? {
                page.body.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
            }
            #expect(page.body.contains("# HELP process_resident_memory_bytes "))
            #expect(page.body.contains("# TYPE process_cpu_seconds_total counter"))
            #expect((value("process_resident_memory_bytes") ?? 0) > 1_000_000)
            #expect((value("process_virtual_memory_bytes") ?? 0) > (value("process_resident_memory_bytes") ?? 0))
            #expect((value("process_open_fds") ?? 0) >= 3)
            #expect((value("process_max_fds") ?? 0) >= (value("process_open_fds") ?? 0))
            #expect((value("process_cpu_seconds_total") ?? 0) > 0)
            let start = try #require(value("process_start_time_seconds"))
            #expect(start <= Date().timeIntervalSince1970 + 1 && start > Date().timeIntervalSince1970 - 86_400)
        }
    }

    @Test("a command name with spaces and parentheses does not shift the fields of /proc/self/stat")
    func statWithAwkwardName() throws {
        let line = "4242 (nex (board) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 9 0 123456 987654321 2048 18446744073709551615"
        let stat = try #require(ProcessStat(line))
        #expect(stat.userTicks == 250 && stat.systemTicks == 50 && stat.startTicks == 123_456)
        #expect(stat.virtualBytes == 987_654_321 && stat.residentPages == 2048)
    }

    @Test("a truncated or garbled /proc/self/stat is ignored, not trusted")
    func garbledStat() {
        #expect(ProcessStat("4242 (nexboard) S 1 2 3") == nil)
        #expect(ProcessStat("no parenthesis at all") == nil)
        #expect(ProcessStat("") == nil)
    }
}
