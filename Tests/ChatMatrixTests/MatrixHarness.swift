import AsyncHTTPClient
@testable import ChatMatrix
import ChatKit
import Foundation
import Logging
import NexBoard
import NexBoardCore
import NexBoardTesting

/// A real Synapse with the bot and three people in a room: alice (admin), bob (viewer) and carol
/// (bound to nothing); NexBoard over the simulator; the Matrix platform in its adapter shell.
/// People are driven through the client-server API, as a Matrix client would.
final class MatrixHarness: Sendable {
    let synapse: SynapseServer
    let app: TestApplication
    let botUser: SynapseServer.User
    let alice: Person
    let bob: Person
    let carol: Person
    let room: String
    let state = InMemoryMatrixStateStore()
    let commands = InMemoryButtonCommandStore()
    let running = Running()

    static var quiet: Logger {
        var logger = Logger(label: "matrix-test")
        logger.logLevel = ProcessInfo.processInfo.environment["NEXBOARD_TEST_LOG"] == "1" ? .debug : .critical
        return logger
    }

    /// One person: their client and what they have seen in their syncs.
    final class Person: Sendable {
        let user: SynapseServer.User
        let client: MatrixClient
        let seen = Seen()

        init(_ user: SynapseServer.User, homeserver: String) {
            self.user = user
            self.client = MatrixClient(httpClient: .shared, homeserver: homeserver, accessToken: Secret(user.accessToken))
        }

        var id: String { user.userID }

        /// Sends a text message; returns its event id.
        @discardableResult
        func say(_ text: String, in room: String, relatesTo: MatrixRelation? = nil) async throws -> String {
            var content = MatrixMessageContent(msgtype: "m.text", body: text, html: nil, relatesTo: relatesTo)
            content.mentions = nil
            return try await client.send(content, type: "m.room.message", to: room, transaction: UUID().uuidString, logger: MatrixHarness.quiet)
        }

        /// Sends any content as an `m.room.message` (malformed and hostile events).
        @discardableResult
        func send(raw content: MatrixJSON, in room: String) async throws -> String {
            try await client.send(content, type: "m.room.message", to: room, transaction: UUID().uuidString, logger: MatrixHarness.quiet)
        }

        func react(_ key: String, to event: String, in room: String) async throws {
            _ = try await client.send(MatrixReactionContent(event: event, key: key), type: "m.reaction", to: room,
                                      transaction: UUID().uuidString, logger: MatrixHarness.quiet)
        }

        /// Waits until a sync shows an event from `sender` matching `predicate`; returns it.
        func waitFor(_ what: String, from sender: String, in room: String, timeout: Duration = .seconds(30),
                     _ predicate: @escaping @Sendable (MatrixEvent) -> Bool = { _ in true }) async throws -> MatrixEvent {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if let found = await seen.first(where: { $0.room == room && $0.event.sender == sender && predicate($0.event) }) {
                    return found.event
                }
                let since = await seen.position
                guard let response = try? await client.sync(since: since, timeout: .seconds(1), filter: "{}", logger: MatrixHarness.quiet)
                else { try await Task.sleep(for: .milliseconds(200)); continue }
                await seen.add(response)
            }
            throw Timeout(what: what)
        }

        /// Waits until a sync shows an invitation from `sender` to a room matching `room`; returns the room and the invitation.
        func waitForInvite(from sender: String, timeout: Duration = .seconds(30),
                           to room: @escaping @Sendable (String) -> Bool = { _ in true }) async throws -> (room: String, invite: MatrixEvent) {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if let found = await seen.invites.first(where: { $0.event.sender == sender && room($0.room) }) { return (found.room, found.event) }
                let since = await seen.position
                guard let response = try? await client.sync(since: since, timeout: .seconds(1), filter: "{}", logger: MatrixHarness.quiet)
                else { try await Task.sleep(for: .milliseconds(200)); continue }
                await seen.add(response)
            }
            throw Timeout(what: "an invitation from \(sender)")
        }

        /// Everything seen so far from `sender` in `room`.
        func events(from sender: String, in room: String) async -> [MatrixEvent] {
            await seen.all.filter { $0.room == room && $0.event.sender == sender }.map(\.event)
        }

        /// Reads up to now, so that later waits only see what comes after.
        func catchUp() async throws {
            let response = try await client.sync(since: await seen.position, timeout: .zero, filter: "{}", logger: MatrixHarness.quiet)
            await seen.add(response)
        }
    }

    actor Seen {
        private(set) var position: String?
        private(set) var all: [(room: String, event: MatrixEvent)] = []
        /// The membership events that invited this person, by room.
        private(set) var invites: [(room: String, event: MatrixEvent)] = []

        func add(_ response: MatrixSyncResponse) {
            position = response.nextBatch
            for (room, events) in response.timelines.sorted(by: { $0.key < $1.key }) {
                all += events.map { (room, $0) }
            }
            for (room, events) in response.invites.sorted(by: { $0.key < $1.key }) {
                invites += events.filter { $0.type == "m.room.member" && $0.content["membership"]?.string == "invite" }.map { (room, $0) }
            }
        }

        func first(where predicate: ((room: String, event: MatrixEvent)) -> Bool) -> (room: String, event: MatrixEvent)? {
            all.first(where: predicate)
        }
    }

    struct Timeout: Error, CustomStringConvertible {
        let what: String
        var description: String { "timed out waiting for \(what)" }
    }

    /// The running bot, started and stopped by the tests.
    actor Running {
        var task: Task<Void, Never>?
        var platform: MatrixPlatform?
        var health: [SessionHealth] = []

        func set(_ task: Task<Void, Never>?, _ platform: MatrixPlatform?) {
            self.task = task
            self.platform = platform
        }

        func report(_ entry: SessionHealth) { health.append(entry) }

        var isUp: Bool {
            switch health.last {
            case .up, .upNoting: true
            default: false
            }
        }
    }

    private init(synapse: SynapseServer, app: TestApplication, botUser: SynapseServer.User, alice: Person, bob: Person, carol: Person,
                 room: String) {
        self.synapse = synapse
        self.app = app
        self.botUser = botUser
        self.alice = alice
        self.bob = bob
        self.carol = carol
        self.room = room
    }

    /// Runs `body` with Synapse, the people, the room and the bot running (unless `startBot` is false).
    static func run(startBot: Bool = true, configure: @escaping @Sendable (inout MatrixAdapterConfiguration) -> Void = { _ in },
                    application: @escaping @Sendable (inout NexBoardConfig) -> Void = { _ in }, _ body: @Sendable (MatrixHarness) async throws -> Void) async throws {
        try await SynapseServer.with { synapse in
            let botUser = try await synapse.register("nexboard")
            let alice = Person(try await synapse.register("alice"), homeserver: synapse.baseURL)
            let bob = Person(try await synapse.register("bob"), homeserver: synapse.baseURL)
            let carol = Person(try await synapse.register("carol"), homeserver: synapse.baseURL)
            let room = try await alice.client.createRoom(MatrixCreateRoom(name: "ops", invite: [botUser.userID, bob.id, carol.id]),
                                                         logger: quiet)
            try await bob.client.join(room, logger: quiet)
            try await carol.client.join(room, logger: quiet)
            let bindings = [
                BindingConfig(role: "admin", subjects: [Subject(kind: MatrixIdentity.user, identifier: alice.id)]),
                BindingConfig(role: "viewer", subjects: [Subject(kind: MatrixIdentity.user, identifier: bob.id)]),
            ]
            let app = try await TestApplication.make(bindings: bindings, configure: application)
            let harness = MatrixHarness(synapse: synapse, app: app, botUser: botUser, alice: alice, bob: bob, carol: carol, room: room)
            let result: Result<Void, any Error>
            do {
                if startBot {
                    try await harness.startBot(configure: configure)
                    try await harness.waitUntilJoined()
                }
                try await body(harness)
                result = .success(())
            } catch {
                result = .failure(error)
            }
            await harness.stopBot()
            await app.shutdown()
            try result.get()
        }
    }

    /// Starts the bot (again), with the same stored state.
    func startBot(token: String? = nil, configure: @Sendable (inout MatrixAdapterConfiguration) -> Void = { _ in }) async throws {
        var configuration = MatrixAdapterConfiguration(homeserver: synapse.baseURL, credentials: .accessToken(Secret(token ?? botUser.accessToken)),
                                                       syncTimeout: .seconds(2), requestTimeout: .seconds(5), editInterval: .milliseconds(200))
        configure(&configuration)
        let platform = MatrixPlatform(configuration: configuration, state: state, commandStore: commands, logger: Self.quiet,
                                      handler: app.app.dispatcher)
        let running = self.running
        let adapter = ChatAdapter(platform: platform, runner: ReconnectRunner(initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(500)),
                                  dedupe: InboundDedupe(log: dedupeLog), health: { await running.report($0) }, logger: Self.quiet)
        await running.set(Task { try? await adapter.run() }, platform)
    }

    /// The durable record of handled events, kept across the bot's restarts like the store keeps it.
    let dedupeLog = MemoryHandledEventLog()

    actor MemoryHandledEventLog: HandledEventLog {
        private var keys: Set<String> = []
        func record(_ key: String, until expires: Date, now: Date) -> Bool { keys.insert(key).inserted }
    }

    func stopBot() async {
        guard let task = await running.task else { return }
        task.cancel()
        await task.value
        await running.platform?.shutdown()
        await running.set(nil, nil)
    }

    /// Waits until the bot joined the room (it accepted alice's invitation).
    func waitUntilJoined() async throws {
        _ = try await alice.waitFor("the bot to join", from: botUser.userID, in: room) {
            $0.type == "m.room.member" && $0.content["membership"]?.string == "join"
        }
        try await waitUntilUp()
    }

    func waitUntilUp(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while await !running.isUp {
            guard ContinuousClock.now < deadline else { throw Timeout(what: "the bot's session to be up") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// `person` sends `text` and waits for the bot's first notice that answers it (a rich reply to it).
    func ask(_ text: String, as person: Person, timeout: Duration = .seconds(30)) async throws -> (command: String, reply: MatrixEvent) {
        let command = try await person.say(text, in: room)
        let reply = try await person.waitFor("the reply to \(text)", from: botUser.userID, in: room, timeout: timeout) {
            $0.content["m.relates_to"]?["m.in_reply_to"]?["event_id"]?.string == command
        }
        return (command, reply)
    }

    /// The latest text of a bot message: its last edit's new content, else its own body.
    func currentBody(of event: String, as person: Person) async -> String? {
        let events = await person.events(from: botUser.userID, in: room)
        let edits = events.filter { $0.content["m.relates_to"]?["rel_type"]?.string == "m.replace"
            && $0.content["m.relates_to"]?["event_id"]?.string == event }
        if let last = edits.last { return last.content["m.new_content"]?["body"]?.string }
        return events.first { $0.eventID == event }?.content["body"]?.string
    }

    /// Waits until the bot's message `event` reads something matching `predicate`.
    func waitForBody(of event: String, as person: Person, _ what: String, timeout: Duration = .seconds(30),
                     _ predicate: @escaping @Sendable (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let body = await currentBody(of: event, as: person), predicate(body) { return body }
            _ = try? await person.waitFor("anything", from: botUser.userID, in: room, timeout: .seconds(1)) { _ in false }
        }
        throw Timeout(what: what)
    }

    /// Waits until `person` has seen `count` events of the bot's matching `predicate`; returns how many they saw.
    func waitForCount(_ count: Int, as person: Person, _ what: String, timeout: Duration = .seconds(30),
                      _ predicate: @escaping @Sendable (MatrixEvent) -> Bool) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let seen = await person.events(from: botUser.userID, in: room).filter(predicate).count
            if seen >= count { return seen }
            _ = try? await person.waitFor("anything", from: botUser.userID, in: room, timeout: .seconds(1)) { _ in false }
        }
        throw Timeout(what: what)
    }

    /// A running guest VMID.
    func runningGuest() async throws -> Int {
        for vmid in 100..<500 {
            if let guest = await app.cluster.guestSnapshot(vmid: vmid), guest.status == "running" { return vmid }
        }
        throw Timeout(what: "a running guest")
    }
}
