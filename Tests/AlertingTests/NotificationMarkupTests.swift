import Alerting
import Foundation
import NexBoardCore
import Testing

@Suite("Notification titles are literal text")
struct NotificationMarkupTests {
    @Test("a Proxmox notification's title cannot format the chat message, and plain sinks read it unescaped")
    func proxmoxTitle() throws {
        let body = Data(#"{"title": "vzdump `backup` of [web](http://x) **failed**", "severity": "error"}"#.utf8)
        let notification = try ProxmoxNotificationIntake.notification(from: body, cluster: "home", received: Date())
        let message = notification.message
        #expect(message.title?.contains(#"vzdump \`backup\` of \[web\]\(http://x\) \*\*failed\*\*"#) == true, "\(message.title ?? "")")
        #expect(message.plain.title?.hasSuffix("vzdump `backup` of [web](http://x) **failed**") == true)
        #expect(EmailRenderer().subject(for: message) == "[CRITICAL] vzdump `backup` of [web](http://x) **failed**")
        let (json, _) = WebhookFormat.json.request(for: message)
        #expect(String(decoding: json, as: UTF8.self).contains(#"vzdump `backup` of [web](http:\/\/x) **failed**"#))
    }
}
