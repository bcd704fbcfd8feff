/*
 A platform that must acknowledge a request within a deadline (Discord's and Slack's 3 s) can answer
 a fast command with its reply itself, and only a slow one with an acknowledgement followed by edits:

   open ──claim──▶ answered        (the reply is the acknowledgement)
   open ──expire─▶ acknowledging ──acknowledgementSent─▶ acknowledged
                   (a claim waits here, then edits what was acknowledged)

 The adapter starts a window per request, runs the handler, and at the deadline calls `expire`;
 the handler's first reply calls `claim`.
 */

import NexBoardCore

/// Decides whether a request's first reply is its acknowledgement, or comes after one.
public actor FirstReplyWindow {
    /// What the first reply does.
    public enum Claim: Sendable, Equatable {
        /// Answer the request with the reply itself.
        case answerDirectly
        /// An acknowledgement went out: edit it.
        case editAcknowledgement
    }

    private enum State { case open, answered, acknowledging, acknowledged }
    private var state = State.open
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init() {}

    /// The first reply asks how to go out.
    public func claim() async -> Claim {
        switch state {
        case .open:
            state = .answered
            return .answerDirectly
        case .acknowledging:
            await withCheckedContinuation { waiting.append($0) }
            return .editAcknowledgement
        case .answered, .acknowledged:
            return .editAcknowledgement
        }
    }

    /// The deadline came: true when nothing answered yet, so the adapter must acknowledge now and
    /// then call `acknowledgementSent`.
    public func expire() -> Bool {
        guard state == .open else { return false }
        state = .acknowledging
        return true
    }

    /// The acknowledgement went out (or failed: replies go on as edits either way).
    public func acknowledgementSent() {
        state = .acknowledged
        for continuation in waiting { continuation.resume() }
        waiting = []
    }
}

extension FirstReplyWindow {
    /// Runs the request's handling (`handle`, whose first reply claims this window) against the
    /// deadline: when nothing claimed the window by then, `acknowledge` sends the platform's
    /// acknowledgement and later replies edit it. Returns the handling's outcome.
    public nonisolated func race(deadline: Duration, sleep: @escaping @Sendable (Duration) async throws -> Void,
                     acknowledge: @escaping @Sendable () async -> Void,
                     handle: @escaping @Sendable () async -> DispatchOutcome) async -> DispatchOutcome {
        // The handler's outcome ends the wait; the deadline's task only acknowledges when it must.
        await withTaskGroup(of: DispatchOutcome?.self) { group in
            group.addTask { await handle() }
            group.addTask {
                do { try await sleep(deadline) } catch { return nil }
                guard await self.expire() else { return nil }
                await acknowledge()
                await self.acknowledgementSent()
                return nil
            }
            var outcome = DispatchOutcome.internalError
            for await result in group {
                guard let result else { continue }
                outcome = result
                group.cancelAll()
            }
            return outcome
        }
    }
}
