import Alerting
import Foundation
import NexBoard
import NexBoardCore
import NexBoardTesting
import Store
import TestScopes
import Testing

@Suite("Scheduled reports", .stopsWhatItStarts)
struct ReportScheduleTests {
    private static func reportRows(_ test: TestApplication) async throws -> [OutboxRow] {
        try await test.app.store.alerts.outboxRows().filter { $0.kind == "report" }
    }

    /// Moves the application's date to `seconds` after the report's next run.
    private static func moveTo(nextRunOf test: TestApplication, plus seconds: TimeInterval) async throws {
        let report = try #require(try await test.app.store.reports.subscriptions(destination: nil).first)
        test.date.advance(by: report.nextRun.timeIntervalSince(test.date.now) + seconds)
    }

    @Test("A schedule finds the next slot in its time zone: daily, hourly at a minute, weekly on Mondays")
    func schedule() throws {
        let noonUTC = Date(timeIntervalSince1970: 1_795_003_200)  // a Wednesday, 12:00 UTC, in November (Berlin is UTC+1)
        let daily = try ReportSchedule(every: "1d", at: "08:00", timeZone: "UTC")
        let next = daily.next(after: noonUTC)
        #expect(next > noonUTC && next.timeIntervalSince(noonUTC) <= 86_400)
        #expect(Int(next.timeIntervalSince1970) % 86_400 == 8 * 3_600)
        let hourly = try ReportSchedule(every: "1h", at: "00:15", timeZone: nil)
        #expect(Int(hourly.next(after: noonUTC).timeIntervalSince1970) % 3_600 == 15 * 60)
        let berlin = try ReportSchedule(every: "1d", at: "08:00", timeZone: "Europe/Berlin")
        #expect(Int(berlin.next(after: noonUTC).timeIntervalSince1970) % 86_400 == 7 * 3_600)
        let weekly = try ReportSchedule(every: "1w", at: nil, timeZone: nil)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        #expect(calendar.component(.weekday, from: weekly.next(after: noonUTC)) == 2)
        #expect(ReportSchedule(encoded: berlin.encoded) == berlin)
        #expect(throws: ReportSchedule.Invalid.self) { try ReportSchedule(every: "1d", at: "25:00", timeZone: nil) }
        #expect(throws: ReportSchedule.Invalid.self) { try ReportSchedule(every: "1d", at: "8", timeZone: nil) }
        #expect(throws: ReportSchedule.Invalid.self) { try ReportSchedule(every: "1d", at: nil, timeZone: "Mars/Olympus") }
    }

    @Test("subscribe, list and unsubscribe; a bad time or zone is refused")
    func commands() async throws {
        let test = try await TestApplication.make()
        let (outcome, replies) = await test.send("report subscribe heatmap --every 1d --at 08:00")
        #expect(outcome == .ok)
        #expect(await replies.last?.title?.hasPrefix("Report 1: heatmap, every day at 08:00 UTC") == true)
        let (_, list) = await test.send("report list")
        #expect(await list.last?.table?.rows.first?[1] == "monitor heatmap --cluster homelab")
        for line in ["report subscribe heatmap 1d --at 8pm", "report subscribe overview 1w --timezone Moon/Base"] {
            let (bad, _) = await test.send(line)
            #expect(bad == .invalid, "\(line)")
        }
        #expect(await test.send("report unsubscribe 7").outcome == .invalid)
        #expect(await test.send("report unsubscribe 1").outcome == .ok)
        #expect(try await test.app.store.reports.subscriptions(destination: nil).isEmpty)
        await test.shutdown()
    }

    @Test("A report is queued on time, once, with the heatmap the subscriber may see")
    func onTimeOnce() async throws {
        let test = try await TestApplication.make()
        await test.send("report subscribe heatmap 1d --at 08:00", as: TestApplication.labOperator)
        #expect(await test.app.runReportsNow() == 0, "nothing before its time")
        try await Self.moveTo(nextRunOf: test, plus: 5)
        #expect(await test.app.runReportsNow() == 1)
        #expect(await test.app.runReportsNow() == 0, "the same slot is not posted again")
        let rows = try await Self.reportRows(test)
        #expect(rows.count == 1)
        #expect(rows.first?.destination == "discord:test")
        let guests = await test.simulatedGuests()
        let payload = try #require(rows.first?.payload)
        for guest in guests where guest.status == "running" && !guest.tags.contains("lab") {
            #expect(!payload.contains(" \(guest.name)"), "\(guest.name) is outside the subscriber's scope")
        }
        #expect(payload.contains("Heatmap"))
        let next = try #require(try await test.app.store.reports.subscriptions(destination: nil).first?.nextRun)
        #expect(next.timeIntervalSince(test.date.now) > 86_000)
        await test.shutdown()
    }

    @Test("A backups report is queued on time, once, with the subscriber's guests only, and its whole text")
    func backupsReport() async throws {
        let test = try await TestApplication.make()
        for name in ["newlab", "outsider"] {
            #expect(await test.send("deploy ct debian-12-standard --name \(name) --node pve1").outcome == .ok)
        }
        #expect(await test.send("vm tag add newlab lab").outcome == .ok)
        let (outcome, replies) = await test.send("report subscribe backups --every 1d --at 07:30", as: TestApplication.labOperator)
        #expect(outcome == .ok)
        #expect(await replies.last?.title?.hasPrefix("Report 1: backups, every day at 07:30 UTC") == true)
        let (_, list) = await test.send("report list", as: TestApplication.labOperator)
        #expect(await list.last?.table?.rows.first?[1] == "backup status --cluster homelab")
        #expect(await test.app.runReportsNow() == 0, "nothing before its time")
        try await Self.moveTo(nextRunOf: test, plus: 5)
        #expect(await test.app.runReportsNow() == 1)
        #expect(await test.app.runReportsNow() == 0, "the same slot is not posted again")
        let rows = try await Self.reportRows(test)
        #expect(rows.count == 1)
        let notification = try JSONDecoder().decode(AlertNotification.self, from: Data(try #require(rows.first?.payload).utf8))
        #expect(notification.title == "Backup status of homelab")
        let block = try #require(notification.code)
        #expect(block.contains("have no backup from the last 7 day(s)"), "the summary line goes with the report")
        #expect(block.contains("newlab"), "a guest of the subscriber's scope without a backup is listed")
        #expect(!block.contains("outsider"), "a guest outside the subscriber's scope is not")
        #expect(block.contains("Nightly to PBS"), "the backup jobs follow")
        await test.shutdown()
    }

    @Test("After downtime a report that missed several slots is posted once")
    func afterDowntime() async throws {
        let test = try await TestApplication.make()
        await test.send("report subscribe overview 1h")
        try await Self.moveTo(nextRunOf: test, plus: 5 * 3_600 + 60)
        #expect(await test.app.runReportsNow() == 1)
        #expect(await test.app.runReportsNow() == 0)
        #expect(try await Self.reportRows(test).count == 1)
        await test.shutdown()
    }

    @Test("A subscription and its posted slot survive a restart: due again only at its next slot")
    func acrossRestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-reports-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await TestApplication.make(dataDirectory: directory)
        await first.send("report subscribe heatmap 1d")
        await first.shutdown()

        let second = try await TestApplication.make(dataDirectory: directory)
        try await Self.moveTo(nextRunOf: second, plus: 30)
        #expect(await second.app.runReportsNow() == 1)
        #expect(try await Self.reportRows(second).count == 1)
        await second.shutdown()

        let third = try await TestApplication.make(dataDirectory: directory)
        third.date.advance(by: second.date.now.timeIntervalSince(third.date.now))
        #expect(await third.app.runReportsNow() == 0, "posted before the restart: not again")
        await third.shutdown()
    }
}
