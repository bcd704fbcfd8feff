import Foundation

/// One entry of `GET /nodes/{node}/network`: a NIC, bond, bridge, VLAN or SDN vnet.
public struct NetworkInterface: Sendable, Hashable, Decodable {
    public var iface: String
    /// `eth`, `bond`, `bridge`, `vlan`, `OVSBridge`, `vnet`... as Proxmox says.
    public var type: String
    public var active: Bool
    /// IPv4 address with prefix length, e.g. `10.0.0.11/24`.
    public var cidr: String?
    public var cidr6: String?
    public var gateway: String?
    /// The admin's comment (`LAN`), without its trailing newline.
    public var comments: String?
    /// A bridge's ports (`bond0`).
    public var bridgePorts: [String]
    public var vlanAware: Bool
    /// A bond's members (`eno1 eno2`).
    public var slaves: [String]
    public var bondMode: String?
    /// A VLAN's tag and the device it sits on (`vmbr0.20` → 20 on `vmbr0`).
    public var vlanID: Int?
    public var vlanRawDevice: String?

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        iface = try c.requiredString("iface")
        type = c.lenientString("type") ?? "unknown"
        active = c.lenientBool("active") ?? false
        cidr = c.lenientString("cidr")
        cidr6 = c.lenientString("cidr6")
        gateway = c.lenientString("gateway")
        comments = c.lenientString("comments").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        bridgePorts = Self.words(c.lenientString("bridge_ports"))
        vlanAware = c.lenientBool("bridge_vlan_aware") ?? false
        slaves = Self.words(c.lenientString("slaves"))
        bondMode = c.lenientString("bond_mode")
        vlanID = c.lenientInt("vlan-id")
        vlanRawDevice = c.lenientString("vlan-raw-device")
        if vlanID == nil, type == "vlan", let dot = iface.lastIndex(of: ".") {
            vlanID = Int(iface[iface.index(after: dot)...])
            vlanRawDevice = vlanRawDevice ?? String(iface[..<dot])
        }
    }

    private static func words(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
    }
}

/// One entry of `GET /cluster/sdn/zones`.
public struct SDNZone: Sendable, Hashable, Decodable {
    public var zone: String
    /// `simple`, `vlan`, `qinq`, `vxlan`, `evpn`.
    public var type: String

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        zone = try c.requiredString("zone")
        type = c.lenientString("type") ?? "unknown"
    }
}

/// One entry of `GET /cluster/sdn/vnets`.
public struct SDNVnet: Sendable, Hashable, Decodable {
    public var vnet: String
    public var zone: String?
    public var tag: Int?
    public var alias: String?

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        vnet = try c.requiredString("vnet")
        zone = c.lenientString("zone")
        tag = c.lenientInt("tag")
        alias = c.lenientString("alias")
    }
}
