import Foundation
import Logging
import NexBoard
import NexBoardCore
import NexBoardTesting
import Prometheus
import TestScopes
import Testing

@Suite("A cluster that does not answer", .stopsWhatItStarts)
struct UnreachableClusterTests {
    @Test("is answered at once, without waiting for the deadline, with a clear message and no secret")
    func unreachable() async throws {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused.
        let config = NexBoardConfig(
            dataDirectory: "unused",
            clusters: [ClusterConfig(name: "home", source: .remote(
                url: "http://127.0.0.1:9", auth: .token(id: "nexboard@pve!bot", secret: Secret("s3cr3t-token-value")),
                caFile: nil, insecureTLS: false), timeout: .seconds(60))],
            bindings: [BindingConfig(role: "admin", subjects: [TestApplication.admin])])
        let app = try await NexBoardApplication.build(
            config: config, catalog: try CommandCatalog.load(directory: RepositoryPaths.commands),
            metrics: PrometheusCollectorRegistry(), options: .init(inMemoryStore: true, httpPort: 0, clock: ManualClock()),
            logger: Logger(label: "test"))
        let replies = RecordingResponder()
        // The 60 s deadline is on a clock that stands still: only the refused connection can end the call.
        let outcome = await app.dispatcher.handle(
            ChatRequest(id: "1", platform: "console", subject: TestApplication.admin, line: "nodes"), responder: replies)
        #expect(outcome == .failed)
        let text = await replies.last?.text ?? ""
        #expect(text.contains("home"), "\(text)")
        #expect(!text.contains("s3cr3t"))
        await app.shutdown()
    }
}
