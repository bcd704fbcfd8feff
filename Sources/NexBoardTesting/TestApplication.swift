import Foundation
import Logging
import NexBoard
import NexBoardCore
import Prometheus
import ProxmoxSimulator

/// A NexBoard wired like production over an embedded simulated cluster and an in-memory store,
/// with helpers to send chat lines as any subject and read the replies.
public struct TestApplication: Sendable {
    public let app: NexBoardApplication
    /// The application's wall-clock date (`Options.now`: confirmation expiry, audit times), moved by hand.
    public let date: ManualDate

    public static let admin = Subject(kind: "console", identifier: "local")
    public static let labOperator = Subject(kind: "discord", identifier: "111111111111111111")
    public static let viewer = Subject(kind: "slack", identifier: "U0VIEWER1")
    public static let stranger = Subject(kind: "discord", identifier: "999999999999999999")

    /// Bindings: admin for `console:local`, operator limited to tag `lab`, viewer; strangers get nothing.
    public static func defaultBindings() -> [BindingConfig] {
        [
            BindingConfig(role: "admin", subjects: [admin]),
            BindingConfig(role: "operator", subjects: [labOperator], scope: ScopeConfig(tags: ["lab"])),
            BindingConfig(role: "viewer", subjects: [viewer]),
        ]
    }

    /// - Parameters:
    ///   - clusters: simulated clusters by name, the first the default; each has the same guests
    ///     (VMIDs, names, tags) from its own seed (42, 43...), so their states differ.
    ///   - clock: what the application waits on (`Options.clock`); pass a `ManualClock` to move the
    ///     Proxmox deadline, task following and the services' periods by hand. The simulator keeps
    ///     its own real time (a task still takes its time to end).
    ///   - integrations: the homelab services (`simulator` sources start simulated ones).
    ///   - logger: the application's logger (default: critical only); a `LogCapture`'s to read the lines.
    ///   - configure: changes to the configuration before the application is built (`http`, `console`...).
    public static func make(nodes: Int = 3, guests: Int = 25, clusters: [String] = ["homelab"],
                            bindings: [BindingConfig] = defaultBindings(), customRoles: [String: [Permission]] = [:],
                            dataDirectory: String? = nil, timeout: Duration = .seconds(5), integrations: IntegrationsConfig = IntegrationsConfig(),
                            clock: some Clock<Duration> = ContinuousClock(), logger: Logger? = nil,
                            configure: (inout NexBoardConfig) -> Void = { _ in }) async throws -> TestApplication {
        var config = NexBoardConfig(
            logLevel: .warning, dataDirectory: dataDirectory ?? "unused",
            clusters: clusters.enumerated().map { index, name in
                ClusterConfig(name: name, source: .simulator(nodes: nodes, guests: guests, seed: 42 + UInt64(index)), timeout: timeout)
            },
            customRoles: customRoles, bindings: bindings)
        config.integrations = integrations
        configure(&config)
        let catalog = try CommandCatalog.load(directory: RepositoryPaths.commands)
        let date = ManualDate(Date())
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let app = try await NexBoardApplication.build(
            config: config, catalog: catalog, metrics: PrometheusCollectorRegistry(),
            options: .init(dataDirectory: dataDirectory, inMemoryStore: dataDirectory == nil, httpPort: 0,
                           taskPollInterval: .milliseconds(50), taskFollowLimit: .seconds(20), now: date.provider, clock: clock),
            logger: logger ?? quiet)
        StartedByTest.started(app) { await app.shutdown() }
        return TestApplication(app: app, date: date)
    }

    /// The first (default) simulated cluster.
    public var cluster: SimulatedCluster { app.simulatedClusters[app.config.clusters[0].name]! }

    /// A simulated cluster by name.
    public func cluster(_ name: String) -> SimulatedCluster { app.simulatedClusters[name]! }

    /// The first simulated cluster's URL, for clients other than NexBoard's own.
    public var simulatorBaseURL: String { app.simulatorBaseURLs[app.config.clusters[0].name]! }

    /// Sends a line as `subject` (as request `id`) and returns the responder holding every reply.
    /// - Parameter capabilities: what the requester's platform can do (everything unless said).
    @discardableResult
    public func send(_ line: String, as subject: Subject = admin, groups: [Subject] = [],
                     responder: RecordingResponder = RecordingResponder(), buttonMessage: ReplyHandle? = nil,
                     origin: RequestOrigin = .typed, capabilities: ChatCapabilities = .unlimited, id: String = UUID().uuidString)
        async -> (outcome: DispatchOutcome, replies: RecordingResponder) {
        let request = ChatRequest(id: id, platform: subject.kind.rawValue, capabilities: capabilities, subject: subject,
                                  groups: groups, channel: "test", line: line, origin: origin)
        let outcome = await app.dispatcher.handle(request, responder: responder, buttonMessage: buttonMessage)
        return (outcome, responder)
    }

    /// Presses the button whose command starts with `prefix` on the latest reply with buttons.
    public func press(_ prefix: String, in replies: RecordingResponder, as subject: Subject = admin)
        async -> (outcome: DispatchOutcome, replies: RecordingResponder)? {
        guard let (handle, buttons) = await replies.lastButtons,
              let button = buttons.first(where: { $0.command.hasPrefix(prefix) }) else { return nil }
        return await send(button.command, as: subject, responder: replies, buttonMessage: handle, origin: .button)
    }

    public func shutdown() async {
        await app.shutdown()
        StartedByTest.stopped(app)
    }
}

