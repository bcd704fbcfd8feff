import NexBoardCore
import NexBoardTesting
import Testing

@Suite("AnyClock and the manual clock")
struct ClockTests {
    @Test("AnyClock counts from when it wrapped its clock and sleeps until the wrapped clock passes the deadline")
    func anyClockFollowsItsClock() async throws {
        let manual = ManualClock()
        manual.advance(by: .seconds(100))
        let clock = AnyClock(manual)
        #expect(clock.now.sinceStart == .zero)
        manual.advance(by: .seconds(3))
        #expect(clock.now.sinceStart == .seconds(3))

        let sleeper = Task { try await clock.sleep(until: AnyClock.Instant(sinceStart: .seconds(5))) }
        try await manual.waitForSleepers()
        #expect(manual.requestedSleeps == [.seconds(2)], "the deadline, on the wrapped clock")
        manual.advance(by: .seconds(2))
        try await sleeper.value
        #expect(clock.now.sinceStart == .seconds(5))
        #expect(AnyClock(clock).now == clock.now, "wrapping an AnyClock keeps its start")
    }

    @Test("the manual clock wakes sleepers only when advanced to their deadline")
    func manualClockWakesAtDeadlines() async throws {
        let clock = ManualClock()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for seconds in [30, 10, 20] {
                group.addTask {
                    try await clock.sleep(for: .seconds(seconds))
                    return seconds
                }
            }
            try await clock.waitForSleepers(3)
            clock.advance(by: .seconds(9))
            #expect(clock.sleepers == 3)
            #expect(clock.advanceToNextDeadline() == .seconds(1))
            #expect(clock.sleepers == 2)
            #expect(try await group.next() == 10)
            clock.advance(by: .seconds(20))
            var rest: Set<Int> = []
            for try await seconds in group { rest.insert(seconds) }
            #expect(rest == [20, 30])
        }
        #expect(clock.now.sinceStart == .seconds(30))
        #expect(clock.sleepers == 0)
        #expect(Set(clock.requestedSleeps) == [.seconds(10), .seconds(20), .seconds(30)])
    }

    @Test("a sleeper cancelled on the manual clock throws at once and leaves; a deadline already passed does not wait")
    func manualClockCancellationAndPastDeadlines() async throws {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(60)) }
        try await clock.waitForSleepers()
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleepers == 0)
        try await clock.sleep(until: clock.now)
        try await clock.sleep(for: .seconds(-1))
        await #expect(throws: ManualClock.Timeout.self) { try await clock.waitForSleepers(timeout: .milliseconds(20)) }
    }
}
