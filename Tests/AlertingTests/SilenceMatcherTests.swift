import Testing
import ProxmoxSimulator

@testable import Alerting

@Suite("Silence matchers: every name an alert answers to, case aside, on its cluster")
struct SilenceMatcherTests {
    let guest = TrackedAlert(id: "guest-memory@lab:101", cluster: "lab", rule: "guest-memory",
                             target: AlertTarget(id: "101", label: "VM 101 (Web01)", alias: "Web01", node: "pve2"),
                             severity: .warning, label: "VM 101 (Web01) memory")

    @Test("the id, rule, target id, name, label and node:<node> name an alert; <cluster>: limits them to its cluster",
          arguments: ["*", "guest-memory@lab:101", "GUEST-MEMORY", "101", "web01", "vm 101 (web01)", "node:PVE2", "lab:101",
                      "Lab:Web01", "lab:node:pve2", "lab:*"])
    func names(_ matcher: String) {
        #expect(guest.isSilenced(by: [SilenceMatcher(matcher)]))
    }

    @Test("other names, other clusters, and parts of names do not", arguments: [
        "guest-cpu", "102", "web", "web01 ", "node:pve", "node:", "pve2", "home:101", "home:*", "lab", "lab:", "lab:node:pve3",
        "lab:guest-memory", "VM 101", "guest-memory@lab:1010", "",
    ])
    func others(_ matcher: String) {
        #expect(!guest.isSilenced(by: [SilenceMatcher(matcher)]))
    }

    @Test("several silences: any one of them, ASCII or not, in any order; none silences nothing")
    func several() {
        #expect(!guest.isSilenced(by: []))
        #expect(!guest.isSilenced(by: ["guest-cpu", "Ærø", "home:*"].map(SilenceMatcher.init)))
        #expect(guest.isSilenced(by: ["Ærø", "guest-cpu", "LAB:node:pve2"].map(SilenceMatcher.init)))
        #expect(guest.isSilenced(by: ["node:pve2", "Ærø"].map(SilenceMatcher.init)))
    }

    @Test("names beyond ASCII compare as Unicode lowercases them")
    func unicode() {
        let alert = TrackedAlert(id: "guest-cpu@lab:7", cluster: "lab", rule: "guest-cpu",
                                 target: AlertTarget(id: "7", label: "CT 7 (Café)", alias: "\u{212A}ube", node: "Ærø"),
                                 severity: .info, label: "CT 7 (Café) CPU")
        for matcher in ["café", "CAFÉ", "kube", "lab:KUBE", "node:ærø", "lab:node:ÆRØ"] {
            #expect(alert.isSilenced(by: [SilenceMatcher(matcher)]) == (matcher != "café" && matcher != "CAFÉ"), "\(matcher)")
        }
        #expect(alert.isSilenced(by: [SilenceMatcher("ct 7 (café)")]))
    }

    @Test("random alerts and matchers: compared byte by byte, the same answers as every name made and lowercased")
    func differential() {
        var random = SeededGenerator(seed: 16)
        let pieces = ["a", "B", "7", ":", "-", "/", "node", "node:", "lab", "LAB", "*", " ", "é", "É", "\u{212A}", "k", "ß", "İ", "i"]
        func name(_ random: inout SeededGenerator, empty: Bool = true) -> String {
            (0..<Int.random(in: (empty ? 0 : 1)...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }
        var matched = 0
        for _ in 0..<4_000 {
            let cluster = ["lab", "Lab", "home", "é"].randomElement(using: &random)!
            let rule = name(&random, empty: false), targetID = name(&random, empty: false)
            let alert = TrackedAlert(
                id: TrackedAlert.id(rule: rule, cluster: cluster, target: targetID), cluster: cluster, rule: rule,
                target: AlertTarget(id: targetID, label: name(&random), alias: Bool.random(using: &random) ? name(&random) : nil,
                                    node: Bool.random(using: &random) ? name(&random) : nil),
                severity: .warning, label: name(&random))
            // Matchers made from the alert's own names (case changed, cut short) and at random.
            let names = [alert.id, rule, targetID, alert.target.label, alert.target.alias ?? "x", "node:" + (alert.target.node ?? ""),
                         "\(cluster):\(targetID)", "\(cluster):node:\(alert.target.node ?? "")", "\(cluster):*", name(&random)]
            for base in names {
                var matcher = Bool.random(using: &random) ? base.uppercased() : base
                if Int.random(in: 0..<4, using: &random) == 0 { matcher = String(matcher.dropLast()) }
                let expected = matcher == "*" || alert.silenceNames.contains(matcher.lowercased())
                #expect(alert.isSilenced(by: [SilenceMatcher(matcher)]) == expected, "\(matcher) for \(alert.id)")
                if expected { matched += 1 }
            }
        }
        #expect(matched > 10_000)
    }
}
