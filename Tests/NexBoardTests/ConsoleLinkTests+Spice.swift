import Foundation
import Proxmox
import Testing

@testable import NexBoard

/// SPICE links: their one open answers a `.vv` file for virt-viewer.
extension ConsoleLinkTests {
    @Test("a SPICE link downloads a .vv file once, built from Proxmox's spiceproxy answer through the cluster's host, and is audited")
    func spiceFile() async throws {
        try await withConsole { test, port in
            let vm = try await test.guest { $0.name == "web01" }
            let path = try await link(test, "vm console \(vm.vmid) --kind spice")
            let file = try await get(path, port: port)
            #expect(file.status == 200)
            #expect(file.header("Content-Type") == "application/x-virt-viewer; charset=utf-8")
            #expect(file.header("Content-Disposition") == "attachment; filename=\"vm-\(vm.vmid).vv\"")
            #expect(file.header("Cache-Control") == "no-store")
            #expect(file.cookies.isEmpty, "a .vv file needs no session")
            let lines = file.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.first == "[virt-viewer]")
            #expect(lines.last == "", "every line ends with a line break")
            let settings = Dictionary(lines.dropFirst().dropLast().map { line -> (String, String) in
                let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }, uniquingKeysWith: { first, _ in first })
            #expect(settings["type"] == "spice")
            #expect(settings["host"]?.hasPrefix("pvespiceproxy:") == true)
            #expect(settings["host"]?.contains(":\(vm.vmid):\(vm.node)::") == true)
            #expect(settings["password"]?.isEmpty == false)
            #expect(settings["proxy"] == "http://127.0.0.1:3128", "the cluster's host, Proxmox's spiceproxy port")
            #expect(settings["tls-port"] == "61000")
            #expect(settings["delete-this-file"] == "1")
            #expect(settings["ca"]?.hasPrefix("-----BEGIN CERTIFICATE-----\\n") == true, "the CA's line breaks written as \\n")
            #expect(settings["secure-attention"] == "Ctrl+Alt+Ins")

            let again = try await get(path, port: port)
            #expect(again.status == 410)
            #expect(!again.body.contains("[virt-viewer]"))
            let entries = try await audit(test)
            #expect(entries.map(\.result) == [.denied, .ok])
            #expect(entries.last?.detail == "SPICE .vv file")
            #expect(entries.last?.arguments.contains("--kind spice") == true)
        }
    }

    @Test("console.spice_proxy names the SPICE proxy written into the .vv file")
    func spiceProxyConfigured() async throws {
        try await withConsole(configure: { $0.console.spiceProxy = "spice.example.net" }) { test, port in
            let path = try await link(test, "vm console \(try await test.guest { $0.name == "web01" }.vmid) --kind spice")
            let file = try await get(path, port: port)
            #expect(file.body.contains("\nproxy=http://spice.example.net:3128\n"))
        }
    }

    @Test("a .vv file keeps each setting on its line: line breaks in a value are written as \\n, odd keys are left out")
    func virtViewerFile() throws {
        let settings = SpiceConfig(settings: ["host": "pvespiceproxy:1:100:pve1::x", "password": "p", "ca": "-----BEGIN-----\nAB\r\nCD\n",
                                              "title": "VM 100\n[other]\nkey=value", "bad key": "x", "bad=key": "y", "": "z"])
        #expect(settings.virtViewerFile == """
            [virt-viewer]
            ca=-----BEGIN-----\\nAB\\nCD\\n
            host=pvespiceproxy:1:100:pve1::x
            password=p
            title=VM 100\\n[other]\\nkey=value

            """)
    }

    @Test("a spiceproxy answer with numbers as text, as some Proxmox versions send, is read; one without a password is not")
    func spiceAnswer() throws {
        let answer = #"{"type": "spice", "host": "node1.example.com", "tls-port": "61025", "password": "secret-ticket", "delete-this-file": 1}"#
        let settings = try JSONDecoder().decode(SpiceConfig.self, from: Data(answer.utf8))
        #expect(settings.settings["tls-port"] == "61025")
        #expect(settings.settings["delete-this-file"] == "1")
        #expect(settings.password == "secret-ticket")
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(SpiceConfig.self, from: Data(#"{"type": "spice", "host": "h"}"#.utf8))
        }
    }
}
