import Testing
@testable import ProxmoxSimulator

@Suite("Authentication")
struct AuthenticationTests {
    @Test("the configured API token is accepted")
    func tokenAccepted() async throws {
        try await SimulatorHarness.with { sim in
            let reply = try await sim.request(.GET, "/version")
            #expect(reply.status == 200)
            #expect(reply.object["version"] as? String == "9.1.1")
        }
    }

    @Test("a wrong token secret, an unknown token and no credentials are refused with 401")
    func badTokensRefused() async throws {
        try await SimulatorHarness.with { sim in
            let wrongSecret = try await sim.request(.GET, "/version", auth: .header("PVEAPIToken=root@pam!nexboard=00000000-0000-0000-0000-000000000000"))
            #expect(wrongSecret.status == 401)
            #expect(wrongSecret.data is NSNull)
            let wrongID = try await sim.request(.GET, "/version", auth: .header("PVEAPIToken=root@pam!other=\(sim.options.tokenSecret)"))
            #expect(wrongID.status == 401)
            let none = try await sim.request(.GET, "/cluster/resources", auth: .none)
            #expect(none.status == 401)
            #expect(try await sim.statusLine("/version", authorization: nil) == "HTTP/1.1 401 authentication failure")
        }
    }

    @Test("a ticket from a form login reads, and writes need the CSRF token")
    func ticketLoginAndCSRF() async throws {
        try await SimulatorHarness.with { sim in
            let login = try await sim.request(.POST, "/access/ticket", auth: .none, form: ["username": "root@pam", "password": "demo"])
            #expect(login.status == 200)
            let ticket = try #require(login.object["ticket"] as? String)
            let csrf = try #require(login.object["CSRFPreventionToken"] as? String)
            #expect(ticket.hasPrefix("PVE:root@pam:"))
            #expect(login.object["username"] as? String == "root@pam")

            let read = try await sim.request(.GET, "/nodes", auth: .ticket(ticket: ticket, csrf: nil))
            #expect(read.status == 200)
            #expect(read.list.count == 3)

            let writeWithoutCSRF = try await sim.request(.POST, "/nodes/pve1/qemu/100/status/start", auth: .ticket(ticket: ticket, csrf: nil))
            #expect(writeWithoutCSRF.status == 401)

            let guest = try await sim.firstGuest(type: "qemu")
            let write = try await sim.request(.POST, "/nodes/\(guest.node)/qemu/\(guest.vmid)/status/start", auth: .ticket(ticket: ticket, csrf: csrf))
            #expect(write.status == 200)
            let upid = try #require(write.data as? String)
            #expect(upid.hasSuffix(":root@pam:"))
        }
    }

    @Test("a JSON login with the realm given separately works, a wrong password is refused")
    func jsonLogin() async throws {
        try await SimulatorHarness.with { sim in
            let login = try await sim.request(.POST, "/access/ticket", auth: .none, json: #"{"username":"root","realm":"pam","password":"demo"}"#)
            #expect(login.status == 200)
            #expect(login.object["username"] as? String == "root@pam")
            let refused = try await sim.request(.POST, "/access/ticket", auth: .none, form: ["username": "root@pam", "password": "nope"])
            #expect(refused.status == 401)
            #expect(refused.data is NSNull)
            let forged = try await sim.request(.GET, "/nodes", auth: .ticket(ticket: "PVE:root@pam:6745A1B0::forged", csrf: nil))
            #expect(forged.status == 401)
        }
    }
}

import Foundation

extension SimulatorHarness {
    struct GuestRef {
        var vmid: Int
        var node: String
        var status: String
    }

    /// The first non-template guest of that type (and status, when given) in `/cluster/resources`.
    func firstGuest(type: String, status: String? = nil) async throws -> GuestRef {
        let resources = try await request(.GET, "/cluster/resources?type=vm").list
        let candidates = resources.filter { entry in
            entry.text("type") == type && entry.number("template") == 0 && (status == nil || entry.text("status") == status)
        }
        let entry = try #require(candidates.first)
        return GuestRef(vmid: entry["vmid"] as! Int, node: entry["node"] as! String, status: entry["status"] as! String)
    }
}
