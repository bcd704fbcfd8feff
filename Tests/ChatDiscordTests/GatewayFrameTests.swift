import Testing

@testable import ChatDiscord

@Suite("Gateway frames read in one pass")
struct GatewayFrameTests {
    func event(_ text: String) throws -> GatewayStateMachine.Event {
        DiscordGatewaySession.event(of: try GatewayFrame(text: text), jitter: { 0.25 })
    }

    @Test("HELLO (with the injected jitter), READY, op 9, op 11 and op 7 become their state machine events")
    func events() throws {
        guard case .hello(let interval, let jitter) = try event(#"{"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null}"#) else {
            Issue.record("expected hello")
            return
        }
        #expect(interval == .milliseconds(41250))
        #expect(jitter == 0.25, "the session's injected jitter")
        #expect(try event(#"{"op":0,"s":1,"t":"READY","d":{"v":10,"session_id":"s1","resume_gateway_url":"wss://r","user":{"id":"1"}}}"#)
            == .dispatch(name: "READY", sequence: 1, ready: .init(sessionID: "s1", resumeGatewayURL: "wss://r")))
        #expect(try event(#"{"op":9,"d":true,"s":null,"t":null}"#) == .invalidSession(resumable: true))
        #expect(try event(#"{"op":9,"d":false}"#) == .invalidSession(resumable: false))
        #expect(try event(#"{"op":11,"d":null}"#) == .heartbeatAcknowledged)
        #expect(try event(#"{"op":7,"d":null}"#) == .reconnectRequested)
    }

    @Test("an interaction is decoded with the frame; an unreadable one still counts its sequence")
    func interactions() throws {
        let good = try GatewayFrame(text: #"{"op":0,"s":5,"t":"INTERACTION_CREATE","d":{"id":"9","application_id":"1","type":2,"token":"t","version":1,"data":{"name":"whoami"}}}"#)
        guard case .interaction(let interaction) = good.payload else {
            Issue.record("expected an interaction, got \(good.payload)")
            return
        }
        #expect(interaction.id == "9")
        let bad = try GatewayFrame(text: #"{"op":0,"s":6,"t":"INTERACTION_CREATE","d":{"unexpected":true}}"#)
        guard case .unreadableInteraction = bad.payload else {
            Issue.record("expected an unreadable interaction, got \(bad.payload)")
            return
        }
        #expect(DiscordGatewaySession.event(of: bad, jitter: { 0 }) == .dispatch(name: "INTERACTION_CREATE", sequence: 6, ready: nil))
        #expect(throws: (any Error).self) { try GatewayFrame(text: #"{"d":1}"#) }
    }
}
