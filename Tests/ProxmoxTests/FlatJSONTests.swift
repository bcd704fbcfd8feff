import Foundation
import ProxmoxSimulator
import Testing

@testable import Proxmox

@Suite("FlatJSON reads PVE's big answers like JSONDecoder does, only faster")
struct FlatJSONTests {
    private struct Envelope: Decodable {
        var data: [[String: JSONScalar]]
    }

    private func both(_ json: String) throws -> (fast: [[String: JSONScalar]], decoder: [[String: JSONScalar]]) {
        let data = Data(json.utf8)
        return (try FlatJSON.dataObjects([String: JSONScalar].self, from: data), try JSONDecoder().decode(Envelope.self, from: data).data)
    }

    @Test("every recorded answer with a data array of objects reads the same as through JSONDecoder")
    func fixturesAgree() throws {
        for name in ["cluster-resources.json", "cluster-tasks.json", "cluster-status.json", "nodes.json", "node-storage.json",
                     "storage-content.json", "lxc-list.json", "cluster-log.json"] {
            let data = try Fixtures.data(name)
            let fast = try FlatJSON.dataObjects([String: JSONScalar].self, from: data)
            #expect(fast == (try JSONDecoder().decode(Envelope.self, from: data).data), "\(name)")
            #expect(!fast.isEmpty, "\(name)")
        }
    }

    @Test("cluster resources read through either path are equal")
    func resourcesAgree() throws {
        let data = try Fixtures.data("cluster-resources.json")
        let fast = try ClusterResource.list(fromAnswer: data)
        #expect(fast == (try ProxmoxJSON.decodeData([ClusterResource].self, from: data)))
    }

    @Test("cluster resources with a value of any type in any field read the same through either path")
    func resourcesWithOddValuesAgree() throws {
        var random = SeededGenerator(seed: 0x5E7)
        let keys = ["id", "type", "node", "status", "name", "vmid", "cpu", "maxcpu", "mem", "maxmem", "disk", "maxdisk", "uptime",
                    "tags", "pool", "template", "storage", "plugintype", "content", "shared", "hastate", "lock", "netin"]
        let values = [#""qemu""#, #""running""#, #""12""#, #""0.5""#, #""yes""#, #""a;b c,d""#, #""""#, "0", "1", "12", "-3", "0.25",
                      "0.16040300664753065", "34359738368", "1e3", "2.0", "true", "false", "null", #"{"a":1}"#, "[1]"]
        for _ in 0..<300 {
            let elements = (0..<Int.random(in: 1...5, using: &random)).map { index in
                #"{"id":"qemu/\#(index)""# + keys.dropFirst().filter { _ in Bool.random(using: &random) }
                    .map { #","\#($0)":\#(values.randomElement(using: &random)!)"# }.joined() + "}"
            }
            let data = Data((#"{"data":["# + elements.joined(separator: ",") + "]}").utf8)
            #expect(try ClusterResource.list(fromAnswer: data) == (try ProxmoxJSON.decodeData([ClusterResource].self, from: data)),
                    "\(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test("storage content and Backup Server snapshots read through either path are equal, verification state included")
    func backupsAgree() throws {
        let content = #"""
        {"data": [
          {"volid": "pbs-store:backup/vm/101/2026-11-30T02:00:00Z", "content": "backup", "format": "pbs-vm", "subtype": "qemu",
           "size": 4294967296, "ctime": 1795917600, "vmid": 101, "notes": "web01", "protected": 1,
           "verification": {"state": "ok", "upid": "UPID:pbs:000004D2:0000162E:00000001:6745A1B0:verificationjob:pbs\\x3aprune:root@pam:"}},
          {"volid": "local:backup/vzdump-lxc-200-2026_11_29-02_00_03.tar.zst", "format": "tar.zst", "size": "1024", "ctime": 1795831203.0,
           "vmid": "200", "verification": {"state": "failed", "extra": {"deeper": [1, 2]}}, "protected": false},
          {"volid": "local:iso/debian.iso", "verification": "not an object", "ctime": null}
        ]}
        """#
        let data = Data(content.utf8)
        let items = try StorageContentItem.list(fromAnswer: data)
        #expect(items == (try ProxmoxJSON.decodeData([StorageContentItem].self, from: data)))
        #expect(items.map(\.verificationState) == ["ok", "failed", nil])
        #expect(items.map(\.content) == ["backup", "backup", "iso"])
        let fixture = try Fixtures.data("storage-content.json")
        #expect(try StorageContentItem.list(fromAnswer: fixture) == (try ProxmoxJSON.decodeData([StorageContentItem].self, from: fixture)))

        let snapshots = Data(#"""
        {"data": [
          {"backup-type": "vm", "backup-id": "101", "backup-time": 1795917600, "size": 4294967296, "protected": true,
           "owner": "root@pam!nexboard", "comment": "web01", "files": [{"filename": "drive-scsi0.img.fidx", "crypt-mode": "none"}],
           "verification": {"state": "ok", "upid": "UPID:pbs:1"}},
          {"backup-type": "host", "backup-id": "pve1", "backup-time": 1795917600, "size": 2147483648, "protected": false}
        ]}
        """#.utf8)
        let read = try BackupServerSnapshot.list(fromAnswer: snapshots)
        #expect(read == (try ProxmoxJSON.decodeData([BackupServerSnapshot].self, from: snapshots)))
        #expect(read.map(\.verificationState) == ["ok", nil])
        #expect(throws: FlatJSON.Failure.self) { try BackupServerSnapshot.list(fromAnswer: Data(#"{"data":[{"backup-id":"1"}]}"#.utf8)) }
        #expect(throws: FlatJSON.Failure.self) { try StorageContentItem.list(fromAnswer: Data(#"{"data":[{"size":1}]}"#.utf8)) }
    }

    @Test("strings with every escape, numbers of every shape, literals, nested values and other root keys")
    func shapes() throws {
        let json = #"""
         { "success" : 1, "errors": {"x": [1, {"y": null}]},
           "data" : [ {"s": "a\"b\\c\/d\n\t\b\f\r\u00e9\ud83d\ude00 ok", "plain": "qemu/101", "utf8": "Zürich 🖥",
                       "i": -42, "z": 0, "f": 0.125, "e": 1e3, "neg": -2.5E-3, "big": 12345678901234567890,
                       "t": true, "no": false, "n": null, "obj": {"a": [1, 2, {"b": "c"}]}, "arr": []},
                      {} ],
           "total": 2 }
        """#
        let (fast, decoder) = try both(json)
        #expect(fast == decoder)
        let first = try #require(fast.first)
        #expect(first["s"] == .string("a\"b\\c/d\n\t\u{8}\u{c}\r\u{e9}😀 ok"))
        #expect(first["utf8"] == .string("Zürich 🖥"))
        #expect(first["i"] == .int(-42))
        #expect(first["z"] == .int(0))
        #expect(first["f"] == .double(0.125))
        #expect(first["e"] == .int(1000))
        #expect(first["neg"] == .double(-0.0025))
        #expect(first["big"] == .double(12345678901234567890))
        #expect(first["t"] == .bool(true) && first["no"] == .bool(false) && first["n"] == .null)
        #expect(first["obj"] == .other && first["arr"] == .other)
        #expect(fast[1].isEmpty)
        #expect(try FlatJSON.dataObjects([String: JSONScalar].self, from: Data(#"{"data":[]}"#.utf8)).isEmpty)
    }

    @Test("malformed answers are refused with the byte offset and the reason", arguments: [
        ("", "unexpected end of input"),
        ("not json at all", "expected '{'"),
        (#"{"data":[{"id":"a""#, "unexpected end of input"),
        (#"{"data":[{"id":"a\x"}]}"#, "invalid escape"),
        ("{\"data\":[{\"id\":\"a\u{1}\"}]}", "control character in a string"),
        (#"{"data":[{"id":01}]}"#, "leading zero in a number"),
        (#"{"data":[{"id":"\ud83d"}]}"#, #"lone surrogate in \u escape"#),
        (#"{"data":[{"id":-}]}"#, "expected a value"),
        (#"{"data":[{"id":tru}]}"#, "expected a value"),
        (#"{"data":[1]}"#, "expected '{'"),
        (#"{"data":{"id":1}}"#, "no \"data\" array"),
        (#"{"message":"boom"}"#, "no \"data\" array"),
        (#"{"data":[]} trailing"#, "unexpected content after the answer"),
        (#"{"data":[{"id" "a"}]}"#, "expected ':'"),
    ])
    func malformed(json: String, reason: String) throws {
        let error = #expect(throws: FlatJSON.Failure.self) { try FlatJSON.dataObjects([String: JSONScalar].self, from: Data(json.utf8)) }
        #expect(error?.reason == reason, "\(json)")
        #expect(error?.description.hasPrefix("invalid JSON at byte ") == true)
    }
}
