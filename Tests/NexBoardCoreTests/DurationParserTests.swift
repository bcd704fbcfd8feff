import NexBoardCore
import Testing

@Suite("DurationParser")
struct DurationParserTests {
    @Test("parses every unit and combinations of them", arguments: [
        ("500ms", Duration.milliseconds(500)),
        ("10s", .seconds(10)),
        ("5m", .seconds(300)),
        ("1h", .seconds(3600)),
        ("1h30m", .seconds(5400)),
        ("2d", .seconds(172_800)),
        ("1s500ms", .milliseconds(1500)),
        ("1d2h3m4s5ms", .milliseconds(93_784_005)),
        ("0s", .zero),
        (" 30s\n", .seconds(30)),
        ("10S", .seconds(10)),
    ])
    func parsesValidDurations(text: String, expected: Duration) {
        #expect(DurationParser.parse(text) == expected)
    }

    @Test("rejects text that is not a duration", arguments: [
        "", "10", "10x", "s", "ms10", "1m1h", "1h1h", "-5s", "1.5h", "10 s", "1h 30m", "${T}", "9999999999999s",
    ])
    func rejectsInvalidText(text: String) {
        #expect(DurationParser.parse(text) == nil)
    }

    @Test("formats durations in the form it parses", arguments: [
        (Duration.seconds(5400), "1h30m"),
        (.milliseconds(1500), "1s500ms"),
        (.milliseconds(500), "500ms"),
        (.zero, "0s"),
        (.seconds(60), "1m"),
        (.seconds(90_000), "1d1h"),
        (.seconds(-90), "-1m30s"),
        (.nanoseconds(1_999_999), "1ms"),
    ])
    func formatsDurations(duration: Duration, expected: String) {
        #expect(DurationParser.format(duration) == expected)
    }

    @Test("a formatted duration parses back to itself", arguments: [
        Duration.milliseconds(1), .seconds(59), .seconds(3661), .milliseconds(86_400_001), .seconds(604_800),
    ])
    func roundTrips(duration: Duration) {
        #expect(DurationParser.parse(DurationParser.format(duration)) == duration)
    }

    @Test("a duration converts to seconds, whole milliseconds and whole nanoseconds")
    func units() {
        let duration = Duration.seconds(90) + .milliseconds(250) + .nanoseconds(7)
        #expect(duration.timeInterval == 90.250000007)
        #expect(duration.wholeMilliseconds == 90_250)
        #expect(duration.wholeNanoseconds == 90_250_000_007)
        #expect(Duration.milliseconds(-1500).wholeMilliseconds == -1_500)
    }
}
