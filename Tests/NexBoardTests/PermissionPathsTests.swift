import Foundation
import NexBoard
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

/// Permissions on every path a request can take (typed, button, autocomplete, confirmation,
/// listings), with two clusters: `prod` (the first) and `lab`, which hold the same VMIDs and names.
@Suite("Permissions on every path, with two clusters", .serialized, .stopsWhatItStarts)
struct PermissionPathsTests {
    static let admin = TestApplication.admin
    static let stranger = TestApplication.stranger
    /// Operator on cluster lab, VMIDs 100-112 only.
    static let labOperator = Subject(kind: "discord", identifier: "222222222222222222")
    static let inScope = 100...112
    /// Admin on cluster lab only.
    static let labAdmin = Subject(kind: "discord", identifier: "333333333333333333")

    static func make() async throws -> TestApplication {
        try await TestApplication.make(
            clusters: ["prod", "lab"],
            bindings: [
                BindingConfig(role: "admin", subjects: [admin]),
                BindingConfig(role: "lab-ops", subjects: [labOperator], scope: ScopeConfig(clusters: ["lab"], vmids: [inScope])),
                BindingConfig(role: "admin", subjects: [labAdmin], scope: ScopeConfig(clusters: ["lab"])),
            ],
            customRoles: ["lab-ops": [.guestView, .guestPower, .guestTag, .alertsManage]])
    }

    /// Everything a reply shows, as one text: title, text, fields, table, code, footer and buttons.
    static func shown(_ replies: RecordingResponder) async -> String {
        await replies.entries.map { entry in
            let message = entry.message
            return ([message.title, message.text, message.code, message.footer].compactMap { $0 }
                + message.fields.flatMap { [$0.name, $0.value] }
                + (message.table.map { [$0.headers.joined(separator: " ")] + $0.rows.map { $0.joined(separator: " ") } } ?? [])
                + message.buttons.flatMap { [$0.label, $0.command] }).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Names of lab guests the lab operator may not see (and that no guest in scope shares).
    static func hiddenNames(_ test: TestApplication) async -> [String] {
        let guests = await test.cluster("lab").guestSnapshots()
        let visible = Set(guests.filter { inScope.contains($0.vmid) }.map(\.name))
        return guests.filter { !inScope.contains($0.vmid) && !visible.contains($0.name) }.map(\.name)
    }

    @Test("an unbound user is refused on every path: typed, pressed, autocomplete, someone else's confirmation")
    func unbound() async throws {
        let test = try await Self.make()
        let catalog = try CommandCatalog.load(directory: RepositoryPaths.commands)
        let running = try #require(await test.cluster("lab").guestSnapshots().first { $0.status == "running" && !$0.template })
        let before = await test.cluster("lab").guestSnapshots().map(\.status)
        for spec in catalog.commands where spec.permission != nil {
            let line = try #require(PermissionMatrixTests.sampleLine(for: spec.name, guest: running.vmid))
            for origin in [RequestOrigin.typed, .button] {
                let (outcome, replies) = await test.send(line + (spec.usesCluster ? " --cluster lab" : ""), as: Self.stranger, origin: origin)
                #expect(outcome == .denied, "\(spec.name) \(origin)")
                #expect(await replies.last?.visibility == .requester)
                #expect(!(await Self.shown(replies)).contains(running.name), "\(spec.name) named a guest")
            }
        }
        let denied = try await test.app.store.audit.recent(limit: 500, subject: Self.stranger.description, result: .denied)
        #expect(denied.count == catalog.commands.filter { $0.permission != nil }.count * 2)

        for (command, option) in [(["vm", "stop"], "guest"), (["node"], "name"), (["vm", "list"], "cluster")] {
            let query = SuggestionQuery(subject: Self.stranger, command: command, option: option, typed: "", cluster: "lab")
            #expect(await test.app.dispatcher.suggestions(query).isEmpty, "\(command) \(option)")
        }

        let (asked, question) = await test.send("vm stop \(running.vmid) --cluster lab")
        #expect(asked == .awaitingConfirmation)
        let press = try #require(await test.press("confirm", in: question, as: Self.stranger))
        #expect(press.outcome == .denied)
        #expect(await test.cluster("lab").guestSnapshots().map(\.status) == before)
        await test.shutdown()
    }

    @Test("a scoped user sees and acts only within their scope, on every path; outside it a guest does not exist")
    func scopedUser() async throws {
        let test = try await Self.make()
        let lab = test.cluster("lab")
        let guests = await lab.guestSnapshots().filter { !$0.template }
        let inside = try #require(guests.first { Self.inScope.contains($0.vmid) && $0.status == "running" })
        let outside = try #require(guests.first { !Self.inScope.contains($0.vmid) && $0.status == "running" })
        let hidden = await Self.hiddenNames(test)
        #expect(!hidden.isEmpty)
        let prodBefore = await test.cluster("prod").guestSnapshots().map(\.status)

        // Typed and pressed: a guest outside the scope reads exactly as one that does not exist.
        let (_, missing) = await test.send("vm show 999999 --cluster lab", as: Self.labOperator)
        let nonexistent = try #require(await missing.last?.text).replacingOccurrences(of: "999999", with: "\(outside.vmid)")
        for line in ["vm show \(outside.vmid)", "vm stop \(outside.vmid)", "vm start \(outside.vmid)", "vm tag add \(outside.vmid) x"] {
            for origin in [RequestOrigin.typed, .button] {
                let (outcome, replies) = await test.send(line + " --cluster lab", as: Self.labOperator, origin: origin)
                #expect(outcome == .denied, "\(line)")
                #expect(await replies.last?.text == nonexistent, "\(line)")
                #expect(await replies.last?.buttons.isEmpty == true)
            }
        }
        let (_, byName) = await test.send("vm show \(outside.name) --cluster lab", as: Self.labOperator)
        #expect(await byName.last?.text?.hasPrefix("There is no guest named `\(outside.name)`.") == true)
        let audited = try await test.app.store.audit.recent(limit: 50, subject: Self.labOperator.description, result: .denied)
        #expect(audited.contains { $0.target?.contains("\(outside.vmid) (\(outside.name))") == true }, "the audit log names the target")
        #expect(await lab.guestSnapshot(vmid: outside.vmid)?.status == "running")

        // Inside the scope: shown, and acted on after confirming, on lab and not on prod.
        #expect(await test.send("vm show \(inside.vmid) --cluster lab", as: Self.labOperator).outcome == .ok)
        let (asked, question) = await test.send("vm stop \(inside.vmid) --cluster lab", as: Self.labOperator)
        #expect(asked == .awaitingConfirmation)
        #expect(try #require(await test.press("confirm", in: question, as: Self.labOperator)).outcome == .ok)
        #expect(await lab.guestSnapshot(vmid: inside.vmid)?.status == "stopped")
        #expect(await test.cluster("prod").guestSnapshots().map(\.status) == prodBefore)

        // Autocomplete: only guests in scope, nothing on the other cluster, only lab among clusters.
        let suggested = await test.app.dispatcher.suggestions(
            SuggestionQuery(subject: Self.labOperator, command: ["vm", "stop"], option: "guest", typed: "", cluster: "lab"))
        #expect(Set(suggested.map(\.value)) == Set(guests.filter { Self.inScope.contains($0.vmid) }.map { String($0.vmid) }))
        #expect(await test.app.dispatcher.suggestions(
            SuggestionQuery(subject: Self.labOperator, command: ["vm", "stop"], option: "guest", typed: "", cluster: "prod")).isEmpty)
        #expect(await test.app.dispatcher.suggestions(
            SuggestionQuery(subject: Self.labOperator, command: ["vm", "list"], option: "cluster", typed: "")).map(\.value) == ["lab"])

        // Listings: nothing names a guest outside the scope.
        for line in ["vm list", "overview", "nodes", "node pve1", "tasks", "events", "storage"] {
            let (outcome, replies) = await test.send(line + " --cluster lab", as: Self.labOperator)
            #expect(outcome == .ok, "\(line)")
            let text = await Self.shown(replies)
            for name in hidden { #expect(!text.contains(name), "`\(line)` names \(name)") }
        }
        let (_, list) = await test.send("vm list --cluster lab", as: Self.labOperator)
        #expect(Set(await list.last?.table?.rows.map { $0[0] } ?? []) == Set(guests.filter { Self.inScope.contains($0.vmid) }.map { String($0.vmid) }))

        // The scope has no reach on the other cluster.
        for line in ["vm list --cluster prod", "vm show \(inside.vmid) --cluster prod", "nodes --cluster prod"] {
            let (outcome, replies) = await test.send(line, as: Self.labOperator)
            #expect(outcome == .denied, "\(line)")
            #expect(await replies.last?.text?.contains("only on cluster lab") == true, "\(line)")
        }
        // Without --cluster, a command acts on the first cluster the requester may use it on: lab for
        // them, prod (the first configured) for the admin.
        let (_, implicit) = await test.send("vm list", as: Self.labOperator)
        #expect(Set(await implicit.last?.table?.rows.map { $0[0] } ?? []) == Set(guests.filter { Self.inScope.contains($0.vmid) }.map { String($0.vmid) }))
        let (shown, show) = await test.send("vm show \(inside.vmid)", as: Self.labOperator)
        #expect(shown != .denied)
        let buttons = await show.last?.buttons.map(\.command) ?? []
        #expect(!buttons.isEmpty && buttons.allSatisfy { $0.contains("--cluster lab") }, "\(buttons)")
        let (prodReads, labReads) = (await test.cluster("prod").requestCount(pathPrefix: "/cluster/resources"),
                                     await test.cluster("lab").requestCount(pathPrefix: "/cluster/resources"))
        _ = await test.send("vm list", as: Self.admin)
        #expect(await test.cluster("prod").requestCount(pathPrefix: "/cluster/resources") > prodReads)
        #expect(await test.cluster("lab").requestCount(pathPrefix: "/cluster/resources") == labReads)
        await test.shutdown()
    }

    @Test("scoped alert commands: lists filtered, silences only of in-scope targets, subscriptions and the audit log refused")
    func scopedAlerts() async throws {
        let test = try await Self.make()
        let lab = test.cluster("lab")
        let guests = await lab.guestSnapshots().filter { !$0.template && $0.status == "running" }
        let inside = try #require(guests.first { Self.inScope.contains($0.vmid) })
        let outside = try #require(guests.first { !Self.inScope.contains($0.vmid) })
        await test.app.pollAlertsNow()
        await lab.crashGuest(vmid: inside.vmid)
        await lab.crashGuest(vmid: outside.vmid)
        await test.app.pollAlertsNow()

        let (_, adminHistory) = await test.send("alert history", as: Self.admin)
        #expect(await Self.shown(adminHistory).contains(outside.name), "the admin sees every crash")
        let (_, history) = await test.send("alert history", as: Self.labOperator)
        let seen = await Self.shown(history)
        #expect(seen.contains(inside.name))
        #expect(!seen.contains(outside.name))
        let (_, active) = await test.send("alert active", as: Self.labOperator)
        #expect(!(await Self.shown(active)).contains(outside.name))

        // Silences: `*`, rules and nodes need an unscoped grant; a guest outside reads as unknown.
        for matcher in ["*", "guest-stopped", "pve1"] {
            let (outcome, replies) = await test.send("alert silence \(matcher) 1h", as: Self.labOperator)
            #expect(outcome == .denied, "\(matcher)")
            #expect(await replies.last?.text?.contains("without a scope") == true, "\(matcher)")
        }
        let (hiddenOutcome, hiddenReply) = await test.send("alert silence \(outside.name) 1h", as: Self.labOperator)
        #expect(hiddenOutcome == .denied)
        #expect(await hiddenReply.last?.text?.hasPrefix("There is nothing named `\(outside.name)`") == true)
        let (_, unknownReply) = await test.send("alert silence no-such-thing 1h", as: Self.labOperator)
        #expect(await unknownReply.last?.text == (await hiddenReply.last?.text)?.replacingOccurrences(of: outside.name, with: "no-such-thing"))
        // A VMID both clusters have silences only the lab guest.
        #expect(await test.send("alert silence \(inside.vmid) 1h", as: Self.labOperator).outcome == .ok)
        let silences = try await test.app.store.alerts.activeSilences(at: test.date.now)
        #expect(silences.map(\.matcher) == ["lab:\(inside.vmid)"])
        // An admin's broad silence is neither listed to nor ended by the scoped user.
        #expect(await test.send("alert silence pve2 1h", as: Self.admin).outcome == .ok)
        let broad = try #require(try await test.app.store.alerts.activeSilences(at: test.date.now).last)
        let (_, listed) = await test.send("alert silences", as: Self.labOperator)
        #expect(await listed.last?.table?.rows.map { $0[1] } == ["lab:\(inside.vmid)"])
        #expect(await test.send("alert unsilence \(broad.id)", as: Self.labOperator).outcome == .denied)
        #expect(try await test.app.store.alerts.activeSilences(at: test.date.now).count == 2)

        for (line, user) in [("alert subscribe", Self.labOperator), ("alert unsubscribe", Self.labOperator),
                             ("alert test", Self.labOperator), ("audit", Self.labAdmin)] {
            let (outcome, replies) = await test.send(line, as: user)
            #expect(outcome == .denied, "\(line)")
            #expect(await replies.last?.text?.contains("without a scope") == true, "\(line)")
        }
        await test.shutdown()
    }

    @Test("every button of every reply about lab, pressed, acts on lab and never on prod")
    func buttonsKeepTheirCluster() async throws {
        let test = try await Self.make()
        let lab = test.cluster("lab")
        let prod = test.cluster("prod")
        let labGuests = await lab.guestSnapshots().filter { !$0.template }
        let running = try #require(labGuests.first { $0.status == "running" })
        let stopped = try #require(labGuests.first { $0.status == "stopped" })
        let prodBefore = await prod.guestSnapshots().map(\.status)
        #expect(await prod.guestSnapshot(vmid: stopped.vmid)?.status != nil)

        var pending = ["overview", "nodes", "node pve1", "storage", "tasks", "events", "vm list", "vm show \(running.vmid)",
                       "vm show \(stopped.vmid)"].map { $0 + " --cluster lab" }
        var pressed: Set<String> = []
        var buttonsSeen = 0
        while let line = pending.first {
            pending.removeFirst()
            let isPress = pressed.contains(line)
            let (_, replies) = await test.send(line, origin: isPress ? .button : .typed)
            for entry in await replies.entries {
                for button in entry.message.buttons {
                    buttonsSeen += 1
                    let words = button.command.split(separator: " ").map(String.init)
                    if !["confirm", "cancel", "alert"].contains(words[0]) {
                        #expect(button.command.hasSuffix("--cluster lab"), "`\(button.command)` from `\(line)`")
                    }
                    // Confirm what was asked; cancel nothing; press everything else once.
                    if words[0] == "cancel" || pressed.contains(button.command) { continue }
                    pressed.insert(button.command)
                    if words[0] == "confirm" {
                        let press = try #require(await test.press("confirm", in: replies))
                        #expect(press.outcome == .ok, "\(line) → confirm")
                    } else {
                        pending.append(button.command)
                    }
                }
            }
            if isPress, let last = await replies.last, last.buttons.first(where: { $0.command.hasPrefix("confirm") }) == nil {
                let about = [last.title, last.footer].compactMap { $0 }.joined(separator: " ")
                #expect(about.contains("lab") || last.visibility == .requester, "`\(line)` answered about: \(about)")
            }
        }
        #expect(buttonsSeen > 10)
        #expect(pressed.contains { $0.hasPrefix("vm start \(stopped.vmid)") })
        #expect(pressed.contains { $0.hasPrefix("vm stop \(running.vmid)") })
        #expect(await lab.guestSnapshot(vmid: stopped.vmid)?.status == "running", "Start acted on lab")
        #expect(await prod.guestSnapshots().map(\.status) == prodBefore, "nothing on prod changed")
        await test.shutdown()
    }

    @Test("Confirm acts on the guest the question named, and refuses when it was renamed, moved or removed")
    func confirmationIsPinned() async throws {
        let test = try await Self.make()
        let lab = test.cluster("lab")
        let guests = await lab.guestSnapshots().filter { !$0.template && $0.status == "running" }
        let renamed = try #require(guests.first)
        let moved = try #require(guests.dropFirst().first)

        // Asked by name; the name then moves to another guest: Confirm refuses, nothing stops.
        let (_, question) = await test.send("vm stop \(renamed.name) --cluster lab")
        #expect(await question.last?.title?.contains("in lab") == true, "the question names the cluster")
        await lab.renameGuest(vmid: renamed.vmid, to: "\(renamed.name)-old")
        await lab.renameGuest(vmid: moved.vmid, to: renamed.name)
        let refused = try #require(await test.press("confirm", in: question))
        #expect(refused.outcome == .invalid)
        #expect(await refused.replies.last?.text?.contains("changed since you were asked") == true)
        #expect(await lab.guestSnapshot(vmid: renamed.vmid)?.status == "running")
        #expect(await lab.guestSnapshot(vmid: moved.vmid)?.status == "running")

        // Moved to another node meanwhile: refused too.
        let (_, second) = await test.send("vm stop \(moved.vmid) --cluster lab")
        let other = moved.node == "pve1" ? "pve2" : "pve1"
        await lab.moveGuest(vmid: moved.vmid, toNode: other)
        let refusedMove = try #require(await test.press("confirm", in: second))
        #expect(await refusedMove.replies.last?.text?.contains("moved from \(moved.node) to \(other)") == true)
        #expect(await lab.guestSnapshot(vmid: moved.vmid)?.status == "running")

        // Unchanged: Confirm stops exactly that guest on lab, whatever the default cluster holds.
        let prodStatus = await test.cluster("prod").guestSnapshot(vmid: moved.vmid)?.status
        let (_, third) = await test.send("vm stop \(moved.vmid) --cluster lab")
        #expect(try #require(await test.press("confirm", in: third)).outcome == .ok)
        #expect(await lab.guestSnapshot(vmid: moved.vmid)?.status == "stopped")
        #expect(await test.cluster("prod").guestSnapshot(vmid: moved.vmid)?.status == prodStatus)
        await test.shutdown()
    }

    @Test("a tag that a scope names can be added or removed only by someone whose guest.tag has no scope")
    func scopeTags() async throws {
        let test = try await TestApplication.make(
            bindings: [
                BindingConfig(role: "admin", subjects: [Self.admin]),
                BindingConfig(role: "operator", subjects: [TestApplication.labOperator], scope: ScopeConfig(tags: ["lab"])),
                BindingConfig(role: "tagger", subjects: [Self.labOperator], scope: ScopeConfig(nodes: ["pve2"])),
            ],
            customRoles: ["tagger": [.guestView, .guestTag]])
        let guest = try #require(await test.cluster.guestSnapshots().first { $0.node == "pve2" && !$0.tags.contains("lab") && !$0.template })
        let (outcome, replies) = await test.send("vm tag add \(guest.vmid) lab", as: Self.labOperator)
        #expect(outcome == .denied)
        #expect(await replies.last?.text?.contains("a tag that permissions are scoped on") == true)
        #expect(await test.cluster.guestSnapshot(vmid: guest.vmid)?.tags.contains("lab") == false)
        // Any other tag is fine within the scope, and the admin may add this one.
        #expect(await test.send("vm tag add \(guest.vmid) blue", as: Self.labOperator).outcome == .ok)
        #expect(await test.send("vm tag add \(guest.vmid) lab", as: Self.admin).outcome == .ok)
        #expect(await test.cluster.guestSnapshot(vmid: guest.vmid)?.tags.contains("lab") == true)
        await test.shutdown()
    }

    @Test("a burst of autocomplete keystrokes is one /cluster/resources call per cluster")
    func autocompleteCache() async throws {
        let test = try await Self.make()
        let lab = test.cluster("lab")
        let before = await lab.requestCount(pathPrefix: "/cluster/resources")
        let dispatcher = test.app.dispatcher
        let typed = ["", "w", "we", "web", "web0", "web01", "1", "10", "100"]
        let answers = await withTaskGroup(of: [Suggestion].self) { group in
            for text in typed {
                group.addTask {
                    await dispatcher.suggestions(SuggestionQuery(subject: Self.admin, command: ["vm", "show"], option: "guest",
                                                                 typed: text, cluster: "lab"))
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.allSatisfy { !$0.isEmpty })
        #expect(await lab.requestCount(pathPrefix: "/cluster/resources") == before + 1)
        await test.shutdown()
    }
}
