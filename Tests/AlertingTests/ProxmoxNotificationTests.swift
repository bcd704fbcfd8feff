import Foundation
import NexBoardCore
import Testing

@testable import Alerting

/// What a Proxmox VE notification carries beyond its title, and how severe each sink says it is.
@Suite("Proxmox notifications keep their message and fields, and read as severe everywhere")
struct ProxmoxNotificationTests {
    static let vzdump = #"""
        {"title": "vzdump backup status (pve1): backup failed",
         "message": "Details\n=======\nVMID  Name   Status  Time\n104   db01   err     3s\n\nJob 'backup-5f1c' failed: storage full",
         "severity": "error",
         "fields": {"type": "vzdump", "hostname": "pve1", "job-id": "backup-5f1c"}}
        """#

    func notification(_ body: String) throws -> AlertNotification {
        try ProxmoxNotificationIntake.notification(from: Data(body.utf8), cluster: "homelab", received: Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test("the message and the type, host and job id reach the notification")
    func keptInTheNotification() throws {
        let notification = try notification(Self.vzdump)
        #expect(notification.detail?.hasPrefix("Details\n=======\nVMID") == true)
        #expect(notification.detail?.hasSuffix("storage full") == true)
        #expect(notification.fields == [.init("Type", "vzdump"), .init("Host", "pve1"), .init("Job", "backup-5f1c")])
        #expect(notification.node == "pve1")
        #expect(notification.eventKind == "backup-failed")
    }

    @Test("the message and fields reach the JSON webhook, the email and the console")
    func reachEverySink() throws {
        let message = try notification(Self.vzdump).message
        let (json, _) = WebhookFormat.json.request(for: message)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect((object["text"] as? String)?.contains("Job 'backup-5f1c' failed: storage full") == true)
        #expect((object["text"] as? String)?.contains("104   db01   err     3s") == true)
        let fields = try #require(object["fields"] as? [[String: String]])
        #expect(fields == [["name": "Type", "value": "vzdump"], ["name": "Host", "value": "pve1"], ["name": "Job", "value": "backup-5f1c"]])
        let email = EmailRenderer()
        #expect(email.plainText(for: message).contains("Job 'backup-5f1c' failed: storage full"))
        #expect(email.plainText(for: message).contains("Job   backup-5f1c"))
        #expect(email.html(for: message).contains("Job &#39;backup-5f1c&#39; failed: storage full"))
        #expect(email.html(for: message).contains("<th align=\"left\" style=\"padding-right:12px\">Host</th><td>pve1</td>"))
        let console = TextRenderer().render(message)
        #expect(console.contains("104   db01   err     3s"))
        #expect(console.contains("Host  pve1"))
        #expect(console.contains("Cluster homelab at 2027-01-15 08:00 UTC."))
        let (slack, _) = WebhookFormat.slack.request(for: message)
        #expect(String(decoding: slack, as: UTF8.self).contains("Job: backup-5f1c"))
    }

    @Test("a message longer than a sink takes is cut with an ellipsis: kept up to 16,000 characters, Discord's webhook at 2,000, ntfy at 4,096 bytes")
    func longMessagesAreCut() throws {
        let long = String(repeating: "é", count: 20_000)
        let notification = try notification(#"{"title": "fencing", "message": "\#(long)", "type": "fencing"}"#)
        let detail = try #require(notification.detail)
        #expect(detail.count == ProxmoxNotificationIntake.detailLimit && detail.hasSuffix("…"))
        let (discord, _) = WebhookFormat.discord.request(for: notification.message)
        let content = try #require(try JSONSerialization.jsonObject(with: discord) as? [String: String])["content"]
        #expect(content?.count == 2000 && content?.hasSuffix("…") == true)
        let (ntfy, _) = WebhookFormat.ntfy.request(for: notification.message)
        #expect(ntfy.count <= 4096 && String(decoding: ntfy, as: UTF8.self).hasSuffix("…"))
        #expect(String(data: ntfy, encoding: .utf8) != nil, "cut between characters, never inside one")
    }

    @Test("field values may be numbers or booleans; objects are dropped; at most 10 fields, long values cut")
    func looseFields() throws {
        var fields = (1...12).map { "\"extra\($0)\": \($0)" }
        fields += [#""type": "replication""#, #""ok": true"#, #""nested": {"a": 1}"#, "\"long\": \"\(String(repeating: "x", count: 300))\""]
        let loose = try notification(#"{"title": "replication", "fields": {\#(fields.joined(separator: ", "))}}"#)
        let kept = try #require(loose.fields)
        #expect(kept.count == ProxmoxNotificationIntake.fieldLimit)
        #expect(kept.first == .init("Type", "replication"))
        #expect(kept.contains(.init("extra1", "1")))
        #expect(!kept.contains { $0.name == "nested" })
        let all = try #require(try notification(#"{"title": "t", "fields": {"long": "\#(String(repeating: "x", count: 300))", "ok": false}}"#).fields)
        #expect(all.first { $0.name == "long" }?.value.count == ProxmoxNotificationIntake.fieldValueLimit)
        #expect(all.contains(.init("ok", "false")))
    }

    @Test("a notification without message or fields shows only where and when, as before")
    func withoutDetails() throws {
        let notification = try notification(#"{"title": "package updates available", "message": "  ", "severity": "info"}"#)
        #expect(notification.detail == nil && notification.fields == nil)
        #expect(notification.message.text == "Cluster homelab at 2027-01-15 08:00 UTC.")
    }

    @Test("a row written before messages were kept still decodes and renders")
    func oldPayload() throws {
        let old = #"{"kind": "event", "cluster": "homelab", "tags": [], "severity": "warning", "title": "t", "at": 0, "dedupeKey": "k"}"#
        let notification = try JSONDecoder().decode(AlertNotification.self, from: Data(old.utf8))
        #expect(notification.detail == nil && notification.message.fields.isEmpty)
    }

    @Test("Proxmox severities map once: error is critical, notice and info are info, the rest warning")
    func proxmoxSeverities() {
        #expect(AlertSeverity(proxmox: "error") == .critical)
        #expect(AlertSeverity(proxmox: "ERROR") == .critical)
        #expect(AlertSeverity(proxmox: "notice") == .info)
        #expect(AlertSeverity(proxmox: "info") == .info)
        #expect(AlertSeverity(proxmox: "warning") == .warning)
        #expect(AlertSeverity(proxmox: "unknown") == .warning)
        #expect(AlertSeverity(proxmox: nil) == .warning)
    }

    @Test("a Proxmox error reads critical in the email subject, the JSON webhook, ntfy and Gotify alike")
    func sameSeverityEverywhere() throws {
        for (given, label, ntfy) in [("error", "critical", 5), ("warning", "warning", 4), ("notice", "info", 3)] {
            let message = try notification(#"{"title": "t", "severity": "\#(given)"}"#).message
            #expect(EmailRenderer().subject(for: message).hasPrefix("[\(label.uppercased())] "))
            let (json, _) = WebhookFormat.json.request(for: message)
            #expect(try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])["severity"] as? String == label)
            #expect(WebhookFormat.ntfy.request(for: message).headers.contains { $0 == ("Priority", "\(ntfy)") })
            let (gotify, _) = WebhookFormat.gotify.request(for: message)
            #expect(try #require(try JSONSerialization.jsonObject(with: gotify) as? [String: Any])["priority"] as? Int == ntfy * 2 - 2)
        }
        let resolved = Message(title: "✔ Resolved: x", severity: .success)
        #expect(EmailRenderer().subject(for: resolved).hasPrefix("[OK] "))
        let (json, _) = WebhookFormat.json.request(for: resolved)
        #expect(try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])["severity"] as? String == "ok")
    }
}
