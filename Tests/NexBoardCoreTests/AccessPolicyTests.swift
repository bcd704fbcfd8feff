import NexBoardCore
import Testing

@Suite("Role-based access")
struct AccessPolicyTests {
    let alice = Subject(kind: .discord, identifier: "1")
    let bob = Subject(kind: .discord, identifier: "2")
    let opsRole = Subject(kind: .discordRole, identifier: "77")
    let lab = GuestTarget(cluster: "home", vmid: 120, name: "lab-vm", node: "pve1", tags: ["lab"], pool: nil)
    let prod = GuestTarget(cluster: "home", vmid: 101, name: "web01", node: "pve2", tags: ["prod"], pool: "prod")

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

    @Test("a scope with clusters applies only there; one without applies on every cluster")
    func clusterScopes() {
        let carol = Subject(kind: .slack, identifier: "UCAROL")
        let dave = Subject(kind: .slack, identifier: "UDAVE")
        let policy = AccessPolicy(bindings: [
            RoleBinding(role: "operator", permissions: [.guestView, .guestPower], subjects: [carol],
                        scope: Scope(clusters: ["lab"], vmids: [100...199])),
            RoleBinding(role: "operator", permissions: [.guestView, .guestPower], subjects: [dave], scope: Scope(vmids: [100...199])),
            RoleBinding(role: "viewer", permissions: [.guestView], subjects: [dave], scope: Scope(clusters: ["lab"])),
        ])
        var onProd = lab
        onProd.cluster = "prod"
        var onLab = lab
        onLab.cluster = "lab"
        #expect(policy.check(.guestPower, subjects: [carol], guest: onLab) == .allowed)
        guard case let .denied(reason) = policy.check(.guestPower, subjects: [carol], guest: onProd) else {
            Issue.record("a lab range must not reach production's 100-199"); return
        }
        #expect(reason.contains("cluster lab"))
        #expect(!policy.check(.guestView, subjects: [carol], cluster: "prod").isAllowed)
        // Without clusters, VMIDs apply on every cluster.
        #expect(policy.check(.guestPower, subjects: [dave], guest: onProd) == .allowed)
        // Clusters and nothing else: everything on those clusters, as if unscoped there.
        #expect(policy.check(.guestView, subjects: [dave], cluster: "lab") == .allowed)
        #expect(policy.check(.guestView, subjects: [dave], cluster: "prod") == .allowedWithinScopes([Scope(vmids: [100...199])]))
    }

    @Test("a scoped decision reaches guests in scope, nodes it names, whole clusters it covers, and never everything")
    func concerns() {
        let scoped = AccessDecision.allowedWithinScopes([Scope(clusters: ["lab"], nodes: ["pve2"]), Scope(clusters: ["edge"])])
        var onLab = prod
        onLab.cluster = "lab"
        #expect(scoped.reaches(.guest(onLab)))
        #expect(!scoped.reaches(.guest(prod)))
        #expect(scoped.reaches(.node(cluster: "lab", name: "pve2")))
        #expect(!scoped.reaches(.node(cluster: "lab", name: "pve1")))
        #expect(!scoped.reaches(.cluster("lab")))
        #expect(scoped.reaches(.cluster("edge")))
        #expect(scoped.reaches(.node(cluster: "edge", name: "pve9")))
        #expect(!scoped.reaches(.everything))
        #expect(AccessDecision.allowed.reaches(.everything))
        #expect(!AccessDecision.denied(reason: "no").reaches(.guest(prod)))
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
