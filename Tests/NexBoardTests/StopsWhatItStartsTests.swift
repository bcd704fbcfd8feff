import Foundation
import Synchronization
import NexBoardTesting
import TestScopes
import Testing

@Suite("What a test starts is stopped when it fails")
struct StopsWhatItStartsTests {
    struct Failed: Error {}

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func listening(on port: Int) -> Bool {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    @Test("an application and a fake Discord left running by a test that throws are stopped by the trait")
    func stoppedAfterAThrow() async throws {
        let ports = Mutex<[Int]>([])
        let test = try #require(Test.current)
        await #expect(throws: Failed.self) { () async throws in
            try await StopsWhatItStarts().provideScope(for: test, testCase: Test.Case.current) {
                let app = try await TestApplication.make()
                let discord = try await FakeDiscord.start()
                let simulator = try #require(URLComponents(string: app.simulatorBaseURL)?.port)
                let gateway = try #require(URLComponents(string: discord.gatewayURL)?.port)
                ports.withLock { $0 = [simulator, gateway] }
                #expect(ports.withLock { $0 }.allSatisfy(Self.listening(on:)), "running while the test runs")
                throw Failed()
            }
        }
        let started = ports.withLock { $0 }
        #expect(started.count == 2)
        #expect(!started.contains(where: Self.listening(on:)), "stopped once the test failed: \(started)")
    }
}
