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

    @Test("keeps to its width: a wider table's last column wraps under itself, buttons wrap onto rows")
    func keepsToWidth() {
        let message = Message(
            table: Table(headers: ["backup", "notes"], rows: [["local/2026-12-01T02:00", "monthly, synced from offsite and kept for a year"]]),
            buttons: [Button("Back up now", command: "b"), Button("Restore latest…", command: "r"), Button("Show", command: "s")])
        #expect(TextRenderer(width: 44).render(message) == """
        backup                  notes
        ──────────────────────  ────────────────────
        local/2026-12-01T02:00  monthly, synced from
                                offsite and kept for
                                a year
        [1] Back up now  [2] Restore latest…
        [3] Show
        """)
        #expect(TextRenderer().render(message).split(separator: "\n").count == 4)
    }

    @Test("keeps to its width: long title, text, field and footer lines break at spaces; short lines stay as they are; a longer word (a UPID, a link) stays whole to be copied")
    func wrapsLongLines() {
        let message = Message(
            title: "Restore the backup of VM 100 (web01) as new VM 125?", text: "a  b\nOnly you can confirm it.",
            fields: [.init("DNS", "Pi-hole blocking on, 15% blocked today"), .init("Offline nodes", "none")],
            footer: "cluster homelab · task UPID:pve2:000B:vzdump:100:root@pam!nexboard:")
        #expect(TextRenderer(width: 30).render(message) == """
        ℹ Restore the backup of VM 100
        (web01) as new VM 125?
        a  b
        Only you can confirm it.
        DNS            Pi-hole
                       blocking on,
                       15% blocked
                       today
        Offline nodes  none
        cluster homelab · task
        UPID:pve2:000B:vzdump:100:root@pam!nexboard:
        """)
    }

    @Test("hides secrets when printed")
    func secretRedacts() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "Secret(<redacted>)")
        #expect(!"\([secret])".contains("hunter2"))
    }

    @Test("JSON written by hand reads back: every ASCII character and some beyond in strings, numbers exact, no number JSON lacks")
    func jsonText() throws {
        let texts = (0...0x7F).map { String(UnicodeScalar(UInt8($0))) } + ["", "Zürich", "🖥 web01", "e\u{301}", "\u{2028}", "a\"b\\c"]
        for text in texts {
            var json: [UInt8] = []
            json.appendJSONString(text)
            #expect(try JSONDecoder().decode(String.self, from: Data(json)) == text, "\(json)")
        }
        for number in [0, -0.0, 1, -1.5, 0.1, 0x1p53, -0x1p53, 0x1p53 + 2, 1e300, .leastNonzeroMagnitude, 1_764_700_000, 786_000_000.25, .greatestFiniteMagnitude] {
            var json: [UInt8] = []
            json.appendJSONNumber(number)
            #expect(try JSONDecoder().decode(Double.self, from: Data(json)) == number, "\(String(decoding: json, as: UTF8.self))")
        }
        var integral: [UInt8] = []
        integral.appendJSONNumber(1_764_700_000.0)
        #expect(String(decoding: integral, as: UTF8.self) == "1764700000")
        for number in [Double.infinity, -.infinity, .nan] {
            var json: [UInt8] = []
            json.appendJSONNumber(number)
            #expect(String(decoding: json, as: UTF8.self) == "null")
        }
    }
}
