import Foundation

/// Consoles, as pve-manager hands them out: `vncproxy` and `termproxy` return a port and a one-time
/// `PVEVNC:` ticket, which `vncwebsocket` takes once, for that port and that guest (or node);
/// `spiceproxy` returns the settings for virt-viewer. A ticket older than 40 s, or used already, is
/// refused with 401 "invalid PVEVNC ticket", and a console of a guest that is not running with 500
/// "VM 101 not running", as Proxmox does.
extension SimulatedCluster {
    struct ConsoleTicket: Sendable {
        /// "pve1/qemu/101", "pve1/lxc/200" or "pve1" for a node's shell.
        var target: String
        var port: Int
        var issuedAt: Double
        /// "vnc" speaks RFB; "term" speaks termproxy's line protocol.
        var protocolName: String
        var name: String
    }

    static let consoleTicketLifetime: Double = 40

    /// `POST /nodes/{node}/{qemu|lxc}/{vmid}/vncproxy` and `…/termproxy`, and the node's `termproxy`.
    func startConsole(node name: String, kind: GuestKind?, vmid: Int?, terminal: Bool, user: String) throws(SimulatorAPIError) -> JSONValue {
        let node = try onlineNodeIndex(name)
        var label = name
        var target = name
        if let kind, let vmid {
            let guest = try guestPosition(node: node, kind: kind, vmid: vmid)
            // Proxmox starts no console for a guest that is not running.
            guard guests[guest].isUp else { throw SimulatorAPIError(status: 500, message: "\(kind.label) \(vmid) not running") }
            label = guests[guest].name
            target = "\(name)/\(kind.rawValue)/\(vmid)"
        }
        let port = 5900 + consoleTickets.count % 100
        let ticket = "PVEVNC:\(String(Int(now()), radix: 16, uppercase: true))::" + randomBase64(bytes: 96)
        consoleTickets[ticket] = ConsoleTicket(target: target, port: port, issuedAt: now(), protocolName: terminal ? "term" : "vnc", name: label)
        let upid = makeUPID(node: node, type: terminal ? "vncshell" : "vncproxy", id: vmid.map(String.init) ?? "", user: user, time: now())
        var members: [(String, JSONValue)] = [("port", .int(port)), ("ticket", .string(ticket)), ("upid", .string(upid.description)),
                                                ("user", .string(user))]
        if !terminal { members.append(("cert", .string("-----BEGIN CERTIFICATE-----\nsimulated\n-----END CERTIFICATE-----\n"))) }
        return .object(members)
    }

    /// `POST /nodes/{node}/{qemu|lxc}/{vmid}/spiceproxy`: what a `.vv` file carries. As Proxmox does,
    /// the `proxy` asked for (a host, by default the node) comes back as `http://<proxy>:3128`.
    func spiceProxy(node name: String, kind: GuestKind, vmid: Int, proxy: String?) throws(SimulatorAPIError) -> JSONValue {
        let node = try onlineNodeIndex(name)
        _ = try guestPosition(node: node, kind: kind, vmid: vmid)
        let host = proxy ?? name
        return .object([
            ("type", .string("spice")), ("title", .string("VM \(vmid)")),
            ("host", .string("pvespiceproxy:\(String(Int(now()), radix: 16, uppercase: true)):\(vmid):\(name)::" + randomBase64(bytes: 24))),
            ("password", .string(randomBase64(bytes: 12))), ("proxy", .string("http://\(host.contains(":") ? "[\(host)]" : host):3128")),
            ("tls-port", .int(61000)), ("secure-attention", .string("Ctrl+Alt+Ins")), ("delete-this-file", .int(1)),
            ("host-subject", .string("OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=\(name)")),
            ("ca", .string("-----BEGIN CERTIFICATE-----\\nsimulated\\n-----END CERTIFICATE-----\\n")),
            ("release-cursor", .string("Ctrl+Alt+R")), ("toggle-fullscreen", .string("Shift+F11")),
        ])
    }

    /// Takes the ticket of a `vncwebsocket` request: valid once, for its port and target, within its lifetime.
    /// Returns what the connection speaks and the name the console shows, or nil when refused.
    func takeConsoleTicket(_ ticket: String, port: Int, target: String) -> (protocolName: String, name: String)? {
        guard let entry = consoleTickets.removeValue(forKey: ticket) else { return nil }
        guard entry.port == port, entry.target == target, now() - entry.issuedAt <= Self.consoleTicketLifetime else { return nil }
        return (entry.protocolName, entry.name)
    }

    func consoleOpened() { openConsoles += 1 }
    func consoleClosed() { openConsoles -= 1 }

    /// Console WebSockets connected now (tests check that closing one side closed the other).
    public func openConsoleCount() -> Int {
        openConsoles
    }

    func recordConsoleInput(_ count: Int) {
        consoleBytesReceived += count
    }

    /// Bytes the simulated consoles received from their clients (tests check that input arrives).
    public func consoleInputByteCount() -> Int {
        consoleBytesReceived
    }

    private func randomBase64(bytes: Int) -> String {
        Data((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64EncodedString()
    }
}
