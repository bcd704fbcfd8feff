import NexBoardCore
import Testing

@Suite("Role-based access")
struct AccessPolicyTests {
    let alice = Subject(kind: .discord, identifier: "1")
    let bob = Subject(kind: .discord, identifier: "2")
    let opsRole = Subject(kind: .discordRole, identifier: "77")
    let lab = GuestTarget(vmid: 120, name: "lab-vm", node: "pve1", tags: ["lab"], pool: nil)
    let prod = GuestTarget(vmid: 101, name: "web01", node: "pve2", tags: ["prod"], pool: "prod")

    var policy: AccessPolicy {
        AccessPolicy(bindings: [
            RoleBinding(role: "operator", permissions: [.guestView, .guestPower], subjects: [alice], scope: Scope(tags: ["LAB"])),
            RoleBinding(role: "viewer", permissions: [.guestView], subjects: [opsRole]),
            RoleBinding(role: "admin", permissions: [.admin], subjects: [Subject(kind: .console, identifier: "local")]),
        ])
    }

    @Test("denies anyone not bound")
    func denyByDefault() {
        #expect(!policy.check(.guestView, subjects: [bob]).isAllowed)
        #expect(policy.check(nil, subjects: [bob]).isAllowed)
    }

    @Test("limits a scoped operator to its tag")
    func scopedOperator() {
        #expect(policy.check(.guestPower, subjects: [alice], guest: lab) == .allowed)
        guard case let .denied(reason) = policy.check(.guestPower, subjects: [alice], guest: prod) else {
            Issue.record("expected a refusal"); return
        }
        #expect(reason.contains("tags lab"))
        #expect(reason.contains("101 (web01)"))
        #expect(!policy.canSee(prod, subjects: [alice]))
    }

    @Test("grants through a Discord role held by the user")
    func roleSubjects() {
        #expect(policy.check(.guestView, subjects: [bob, opsRole], guest: prod) == .allowed)
        #expect(!policy.check(.guestPower, subjects: [bob, opsRole], guest: prod).isAllowed)
    }

    @Test("gives admin every permission")
    func adminHasAll() {
        for permission in Permission.allCases {
            #expect(policy.check(permission, subjects: [Subject(kind: .console, identifier: "local")], guest: prod) == .allowed)
        }
    }

    @Test("matches scopes by pool, node and VMID range")
    func scopeCriteria() {
        #expect(Scope(pools: ["prod"]).contains(prod))
        #expect(Scope(nodes: ["pve1"]).contains(lab))
        #expect(Scope(vmids: [100...110]).contains(prod))
        #expect(!Scope(vmids: [100...110]).contains(lab))
        #expect(!Scope().contains(lab))
    }

    @Test("parses subjects and refuses malformed ones", arguments: [
        ("console:local", true), ("discord:80351110224678912", true), ("discord-role:1", true), ("slack:U024BE7LH", true),
        ("matrix:@alice:example.org", true), ("discord:alice", false), ("matrix:alice", false), ("teams:1", false),
        ("slack:", false), ("nocolon", false),
    ])
    func subjects(text: String, valid: Bool) {
        #expect((Subject(text) != nil) == valid)
        if valid { #expect(Subject(text)?.description == text) }
    }
}
