import Proxmox
import NexBoardCore

/// One guest as the poller saw it: what events and rules need, decoupled from the wire model.
public struct GuestSample: Sendable, Hashable {
    public var vmid: Int
    public var name: String
    /// `qemu` or `lxc`.
    public var kind: String
    public var node: String
    /// `running`, `stopped`, `paused`, or `unknown` when its node is unreachable.
    public var status: String
    public var tags: [String]
    public var pool: String?
    /// CPU use as a fraction (0...1).
    public var cpu: Double?
    /// Memory use as a fraction (0...1).
    public var memory: Double?
    /// Disk use as a fraction (0...1), when Proxmox reports it (containers).
    public var disk: Double?
    public var template: Bool

    public init(vmid: Int, name: String, kind: String = "qemu", node: String, status: String, tags: [String] = [],
                pool: String? = nil, cpu: Double? = nil, memory: Double? = nil, disk: Double? = nil, template: Bool = false) {
        self.vmid = vmid
        self.name = name
        self.kind = kind
        self.node = node
        self.status = status
        self.tags = tags
        self.pool = pool
        self.cpu = cpu
        self.memory = memory
        self.disk = disk
        self.template = template
    }

    /// The guest as scoped permissions see it.
    public func concern(cluster: String) -> Concern {
        .guest(GuestTarget(cluster: cluster, vmid: vmid, name: name, node: node, tags: tags, pool: pool))
    }

    /// A guest (`qemu` or `lxc`) of `/cluster/resources`, whose VMID the caller read. Read field
    /// by field where the resource lies: taken as a value, each (about 500 bytes, a dozen strings)
    /// was copied first; failable, each guest was copied once more out of its optional.
    @inline(__always)
    init(_ resource: UnsafePointer<ClusterResource>, vmid: Int) {
        self.vmid = vmid
        name = resource.pointee.name ?? String(vmid)
        kind = resource.pointee.type == .lxc ? "lxc" : "qemu"
        node = resource.pointee.node ?? ""
        status = resource.pointee.status ?? "unknown"
        tags = resource.pointee.tags
        pool = resource.pointee.pool
        cpu = resource.pointee.cpu
        memory = fraction(resource.pointee.mem, resource.pointee.maxmem)
        disk = fraction(resource.pointee.disk, resource.pointee.maxdisk)
        template = resource.pointee.template
    }

    public var isRunning: Bool { status == "running" }
    /// `VM 101 (web01)` or `CT 101 (web01)`.
    public var label: String { "\(kind == "lxc" ? "CT" : "VM") \(vmid) (\(name))" }

    /// Whether `text` is `label`, made only when its bytes differ (`==` on strings is Unicode
    /// equivalence): compared for every tracked guest alert on every poll.
    func isLabel(_ text: String) -> Bool {
        var text = text, name = name, number = String(vmid)
        let prefix = kind == "lxc" ? UInt8(ascii: "C") : UInt8(ascii: "V"), prefixEnd = kind == "lxc" ? UInt8(ascii: "T") : UInt8(ascii: "M")
        // "VM " + number + " (" + name + ")", byte by byte.
        let sameBytes = text.withUTF8 { label in
            name.withUTF8 { name in
                number.withUTF8 { number in
                    let open = 3 + number.count
                    return label.count == open + 2 + name.count + 1 && label[0] == prefix && label[1] == prefixEnd && label[2] == 0x20
                        && label[3..<open].elementsEqual(number) && label[open] == 0x20 && label[open + 1] == UInt8(ascii: "(")
                        && label[(open + 2)..<(label.count - 1)].elementsEqual(name) && label[label.count - 1] == UInt8(ascii: ")")
                }
            }
        }
        return sameBytes || text == label
    }
}

func fraction(_ used: Int64?, _ total: Int64?) -> Double? {
    guard let used, let total, total > 0 else { return nil }
    return Double(used) / Double(total)
}

extension [GuestSample] {
    /// Each VMID's first position (Proxmox allows no duplicates; of any, the first counts).
    func firstIndexByVMID() -> [Int: Int] {
        var indices: [Int: Int] = [:]
        indices.reserveCapacity(count)
        for index in self.indices where indices[self[index].vmid] == nil { indices[self[index].vmid] = index }
        return indices
    }
}
