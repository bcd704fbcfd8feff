import ChatDiscord
import Testing

@Suite("The gateway state machine")
struct GatewayStateMachineTests {
    typealias Machine = GatewayStateMachine

    private static let ready = Machine.ReadyInfo(sessionID: "s1", resumeGatewayURL: "wss://resume.example")

    /// A machine that has identified and seen READY with sequence 1.
    private func readyMachine() -> Machine {
        var machine = Machine()
        _ = machine.handle(.connecting)
        _ = machine.handle(.hello(heartbeatInterval: .milliseconds(41250), jitter: 0.5))
        _ = machine.handle(.dispatch(name: "READY", sequence: 1, ready: Self.ready))
        return machine
    }

    @Test("A first connection goes to the configured gateway and identifies after HELLO")
    func firstConnectionIdentifies() {
        var machine = Machine()
        #expect(machine.handle(.connecting) == .connect(url: nil))
        #expect(machine.handle(.hello(heartbeatInterval: .milliseconds(40000), jitter: 0.25))
            == .startSession(firstBeat: .milliseconds(10000), interval: .milliseconds(40000), handshake: .identify))
    }

    @Test("READY keeps the session and the sequence, and a heartbeat carries the last sequence")
    func readyKeepsSession() {
        var machine = readyMachine()
        #expect(machine.isReady)
        #expect(machine.resumableSessionID == "s1")
        #expect(machine.handle(.dispatch(name: "INTERACTION_CREATE", sequence: 2, ready: nil)) == .deliver(name: "INTERACTION_CREATE"))
        #expect(machine.handle(.heartbeatDue) == .sendHeartbeat(sequence: 2))
    }

    @Test("A dispatch without a sequence keeps the last one")
    func dispatchWithoutSequence() {
        var machine = readyMachine()
        _ = machine.handle(.dispatch(name: "X", sequence: nil, ready: nil))
        #expect(machine.sequence == 1)
    }

    @Test("A heartbeat with no ACK since the last one marks a zombie connection and resumes")
    func missingAckIsZombie() {
        var machine = readyMachine()
        #expect(machine.handle(.heartbeatDue) == .sendHeartbeat(sequence: 1))
        #expect(machine.handle(.heartbeatDue) == .reconnect(resume: true, delay: nil))
    }

    @Test("An ACK between heartbeats keeps the connection alive")
    func ackKeepsAlive() {
        var machine = readyMachine()
        _ = machine.handle(.heartbeatDue)
        _ = machine.handle(.heartbeatAcknowledged)
        #expect(machine.handle(.heartbeatDue) == .sendHeartbeat(sequence: 1))
    }

    @Test("op 1 asks for a heartbeat at once")
    func heartbeatRequest() {
        var machine = readyMachine()
        #expect(machine.handle(.heartbeatRequested) == .sendHeartbeat(sequence: 1))
    }

    @Test("After a drop the next connection goes to the resume URL and resumes with the last sequence")
    func resumeAfterDrop() {
        var machine = readyMachine()
        _ = machine.handle(.dispatch(name: "INTERACTION_CREATE", sequence: 5, ready: nil))
        #expect(machine.handle(.closed(code: 1006)) == .reconnect(resume: true, delay: nil))
        #expect(machine.handle(.connecting) == .connect(url: "wss://resume.example"))
        #expect(machine.handle(.hello(heartbeatInterval: .seconds(40), jitter: 0))
            == .startSession(firstBeat: .zero, interval: .seconds(40), handshake: .resume(sessionID: "s1", sequence: 5)))
        #expect(!machine.isReady)
        #expect(machine.handle(.dispatch(name: "RESUMED", sequence: nil, ready: nil)) == .deliver(name: "RESUMED"))
        #expect(machine.isReady)
    }

    @Test("op 7 reconnects and resumes")
    func reconnectRequest() {
        var machine = readyMachine()
        #expect(machine.handle(.reconnectRequested) == .reconnect(resume: true, delay: nil))
        #expect(machine.handle(.closed(code: 1000)) == .none, "the close that follows our own reconnect is ignored")
        #expect(machine.handle(.connecting) == .connect(url: "wss://resume.example"))
    }

    @Test("op 9 with d=true resumes")
    func invalidSessionResumable() {
        var machine = readyMachine()
        #expect(machine.handle(.invalidSession(resumable: true)) == .reconnect(resume: true, delay: nil))
    }

    @Test("op 9 with d=false forgets the session and identifies again after 1 to 5 seconds")
    func invalidSessionNotResumable() {
        var machine = readyMachine()
        #expect(machine.handle(.invalidSession(resumable: false)) == .reconnect(resume: false, delay: .seconds(1)...Duration.seconds(5)))
        #expect(machine.resumableSessionID == nil)
        #expect(machine.handle(.connecting) == .connect(url: nil))
        #expect(machine.handle(.hello(heartbeatInterval: .seconds(40), jitter: 1))
            == .startSession(firstBeat: .seconds(40), interval: .seconds(40), handshake: .identify))
    }

    @Test("Close code 4004 (bad token) stops for good")
    func badTokenStops() {
        var machine = readyMachine()
        #expect(machine.handle(.closed(code: 4004)) == .stop(.authenticationFailed))
        #expect(machine.handle(.connecting) == .stop(.authenticationFailed))
    }

    @Test("Close codes 4010 to 4014 stop and say why", arguments: [
        (4010, Machine.StopReason.invalidShard), (4011, .shardingRequired), (4012, .invalidAPIVersion),
        (4013, .invalidIntents), (4014, .disallowedIntents),
    ])
    func fatalCloseCodes(code: Int, reason: Machine.StopReason) {
        var machine = readyMachine()
        #expect(machine.handle(.closed(code: code)) == .stop(reason))
    }

    @Test("Close codes 4007 and 4009 start a new session", arguments: [4007, 4009])
    func newSessionCloseCodes(code: Int) {
        var machine = readyMachine()
        #expect(machine.handle(.closed(code: code)) == .reconnect(resume: false, delay: nil))
        #expect(machine.handle(.connecting) == .connect(url: nil))
        #expect(machine.handle(.hello(heartbeatInterval: .seconds(1), jitter: 0)) == .startSession(firstBeat: .zero, interval: .seconds(1), handshake: .identify))
    }

    @Test("Other close codes resume", arguments: [4000, 4001, 4002, 4003, 4005, 4008, 1001, 1006])
    func otherCloseCodesResume(code: Int) {
        var machine = readyMachine()
        #expect(machine.handle(.closed(code: code)) == .reconnect(resume: true, delay: nil))
    }

    @Test("A drop before READY reconnects and identifies")
    func dropBeforeReady() {
        var machine = Machine()
        _ = machine.handle(.connecting)
        #expect(machine.handle(.closed(code: nil)) == .reconnect(resume: false, delay: nil))
    }

    @Test("A HELLO out of turn and heartbeats before HELLO are ignored")
    func outOfTurn() {
        var machine = readyMachine()
        #expect(machine.handle(.hello(heartbeatInterval: .seconds(1), jitter: 0)) == .none)
        var fresh = Machine()
        _ = fresh.handle(.connecting)
        #expect(fresh.handle(.heartbeatDue) == .none)
    }

    @Test("A resume URL that cannot be reached twice in a row gives way to a new session on the configured gateway")
    func unreachableResumeURL() {
        var machine = readyMachine()
        _ = machine.handle(.closed(code: 1006))
        #expect(machine.handle(.connecting) == .connect(url: "wss://resume.example"))
        #expect(machine.handle(.connectFailed) == .reconnect(resume: true, delay: nil))
        #expect(machine.handle(.connecting) == .connect(url: "wss://resume.example"))
        #expect(machine.handle(.connectFailed) == .reconnect(resume: false, delay: nil))
        #expect(machine.handle(.connecting) == .connect(url: nil))
        #expect(machine.handle(.hello(heartbeatInterval: .seconds(1), jitter: 0)) == .startSession(firstBeat: .zero, interval: .seconds(1), handshake: .identify))
    }

    @Test("One failed connection to the resume URL still resumes on the next try")
    func oneFailureStillResumes() {
        var machine = readyMachine()
        _ = machine.handle(.closed(code: 1006))
        _ = machine.handle(.connecting)
        _ = machine.handle(.connectFailed)
        _ = machine.handle(.connecting)
        #expect(machine.handle(.hello(heartbeatInterval: .seconds(1), jitter: 0))
            == .startSession(firstBeat: .zero, interval: .seconds(1), handshake: .resume(sessionID: "s1", sequence: 1)))
    }
}
