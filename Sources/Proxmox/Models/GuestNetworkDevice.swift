/// A guest's network device, parsed from its configuration's `net0`…`net31`
/// (`virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1,tag=20` for a VM,
/// `name=eth0,bridge=vmbr0,hwaddr=…,ip=10.0.0.5/24,type=veth` for a container).
public struct GuestNetworkDevice: Sendable, Hashable {
    /// `net0`.
    public var key: String
    public var bridge: String?
    public var tag: Int?
    public var firewall: Bool
    public var mac: String?
    /// The static address a container's configuration names (`dhcp` and `manual` are not addresses).
    public var address: String?

    /// Parses one `netN` value; unknown keys are ignored.
    public init(key: String, value: String) {
        self.key = key
        var fields: [String: String] = [:]
        for part in value.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { fields[pair[0]] = pair[1] }
        }
        bridge = fields["bridge"]
        tag = fields["tag"].flatMap { Int($0) }
        firewall = fields["firewall"] == "1"
        mac = fields["hwaddr"] ?? ["virtio", "e1000", "e1000e", "rtl8139", "vmxnet3"].lazy.compactMap { fields[$0] }.first
        address = fields["ip"].flatMap { $0 == "dhcp" || $0 == "manual" ? nil : $0 }
    }
}

extension GuestConfig {
    /// The network devices, in order (`net0` first).
    public var networkDevices: [GuestNetworkDevice] {
        raw.keys.filter { $0.hasPrefix("net") && Int($0.dropFirst(3)) != nil }
            .sorted { Int($0.dropFirst(3)) ?? 0 < Int($1.dropFirst(3)) ?? 0 }
            .compactMap { key in raw[key].map { GuestNetworkDevice(key: key, value: $0) } }
    }
}
