import Foundation
import Testing

@testable import Proxmox

@Suite("UPID parsing")
struct UPIDTests {
    struct Example: Decodable {
        var upid: String
        var node: String
        var pid: Int
        var pstart: Int
        var starttime: Int
        var type: String
        var id: String
        var user: String
    }

    @Test("every decoded reference example parses to the same fields")
    func referenceExamplesParse() throws {
        let examples = try JSONDecoder().decode([Example].self, from: Fixtures.data("upid-examples.json"))
        #expect(examples.count == 4)
        for example in examples {
            let upid = try #require(UPID(example.upid))
            #expect(upid.raw == example.upid)
            #expect(upid.node == example.node)
            #expect(upid.pid == example.pid)
            #expect(upid.pstart == example.pstart)
            #expect(upid.startTime == Date(timeIntervalSince1970: TimeInterval(example.starttime)))
            #expect(upid.type == example.type)
            #expect(upid.id == example.id)
            #expect(upid.user == example.user)
            #expect(upid.description == example.upid)
        }
    }

    @Test("an API token user keeps its token id")
    func tokenUser() throws {
        let upid = try #require(UPID("UPID:pve2:0001E240:00ABCDEF:65A1B2C3:qmstart:101:root@pam!nexboard:"))
        #expect(upid.user == "root@pam!nexboard")
        #expect(upid.id == "101")
    }

    @Test(
        "malformed task ids are rejected",
        arguments: [
            "", "UPID", "hello", "UPID:pve1:00010D94:001CA6EA:6124E1B9:vzdump:100",
            "UPIX:pve1:00010D94:001CA6EA:6124E1B9:vzdump:100:root@pam:",
            "UPID::00010D94:001CA6EA:6124E1B9:vzdump:100:root@pam:",
            "UPID:pve1:XYZ:001CA6EA:6124E1B9:vzdump:100:root@pam:",
            "UPID:pve1:00010D94:001CA6EA:6124E1B9::100:root@pam:",
            "UPID:pve1:00010D94:001CA6EA:6124E1B9:vzdump:100::",
        ])
    func malformedRejected(text: String) {
        #expect(UPID(text) == nil)
    }
}
