import Foundation
import NexBoardCore
import Testing

@Suite("Text helpers")
struct TextTests {
    @Test("suggests close names first")
    func suggestions() {
        #expect(Suggestions.closest(to: "web1", in: ["web01", "web02", "db01", "plex"]) == ["web01", "web02"])
        #expect(Suggestions.closest(to: "zzzzzz", in: ["web01"]).isEmpty)
        #expect(Suggestions.didYouMean(["a", "b"]) == " Did you mean `a` or `b`?")
    }

    @Test("writes a date to the minute in UTC")
    func dateText() {
        #expect(DateText.minute(Date(timeIntervalSince1970: 1_795_598_460)) == "2026-11-25 09:21")
        #expect(DateText.minute(Date(timeIntervalSince1970: 59)) == "1970-01-01 00:00")
    }

    @Test("renders a message as console text with aligned tables and numbered buttons")
    func rendersText() {
        let message = Message(
            title: "Guests", fields: [.init("Node", "pve1"), .init("CPU", "12%")],
            table: Table(headers: ["vmid", "name"], rows: [["101", "web01"], ["1000", "db"]], alignments: [.right, .left]),
            buttons: [Button("Confirm", command: "confirm x", style: .danger), Button("Cancel", command: "cancel x")],
            severity: .success)
        #expect(TextRenderer().render(message) == """
        ✔ Guests
        Node  pve1
        CPU   12%
        vmid  name
        ────  ─────
         101  web01
        1000  db
        [1] Confirm  [2] Cancel
        """)
    }

    @Test("hides secrets when printed")
    func secretRedacts() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "Secret(<redacted>)")
        #expect(!"\([secret])".contains("hunter2"))
    }
}
