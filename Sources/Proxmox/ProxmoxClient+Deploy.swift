/// What `POST /nodes/{node}/qemu/{vmid}/clone` makes of a VM or template.
public struct CloneOptions: Sendable {
    public var newID: Int
    public var name: String
    /// The node the clone lands on; nil for the template's node.
    public var targetNode: String?
    /// A full copy of the disks; a linked clone (templates only) when false.
    public var full: Bool
    /// Where a full clone's disks go; nil for the template's storage.
    public var storage: String?
    public var pool: String?

    public init(newID: Int, name: String, targetNode: String? = nil, full: Bool = true, storage: String? = nil, pool: String? = nil) {
        self.newID = newID
        self.name = name
        self.targetNode = targetNode
        self.full = full
        self.storage = storage
        self.pool = pool
    }

    var form: [(String, String)] {
        var form = [("newid", String(newID)), ("name", name), ("full", full ? "1" : "0")]
        if let targetNode { form.append(("target", targetNode)) }
        if let storage, full { form.append(("storage", storage)) }
        if let pool { form.append(("pool", pool)) }
        return form
    }
}

/// A container made from an appliance template by `POST /nodes/{node}/lxc`.
public struct ContainerOptions: Sendable {
    public var vmid: Int
    public var hostname: String
    /// The template volume, e.g. `local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst`.
    public var template: String
    public var cores: Int
    public var memoryMiB: Int
    /// The root disk: size in GiB on a storage that holds container directories.
    public var rootSizeGiB: Int
    public var rootStorage: String
    public var bridge: String
    /// `dhcp` or an address with prefix length, e.g. `192.168.1.20/24`.
    public var ip: String
    public var gateway: String?
    public var sshPublicKey: String?
    public var unprivileged: Bool
    public var pool: String?
    public var tags: [String]
    public var start: Bool

    public init(vmid: Int, hostname: String, template: String, cores: Int, memoryMiB: Int, rootSizeGiB: Int, rootStorage: String,
                bridge: String = "vmbr0", ip: String = "dhcp", gateway: String? = nil, sshPublicKey: String? = nil,
                unprivileged: Bool = true, pool: String? = nil, tags: [String] = [], start: Bool = false) {
        self.vmid = vmid
        self.hostname = hostname
        self.template = template
        self.cores = cores
        self.memoryMiB = memoryMiB
        self.rootSizeGiB = rootSizeGiB
        self.rootStorage = rootStorage
        self.bridge = bridge
        self.ip = ip
        self.gateway = gateway
        self.sshPublicKey = sshPublicKey
        self.unprivileged = unprivileged
        self.pool = pool
        self.tags = tags
        self.start = start
    }

    var form: [(String, String)] {
        var net = "name=eth0,bridge=\(bridge),ip=\(ip)"
        if let gateway { net += ",gw=\(gateway)" }
        var form = [
            ("vmid", String(vmid)), ("hostname", hostname), ("ostemplate", template), ("cores", String(cores)),
            ("memory", String(memoryMiB)), ("rootfs", "\(rootStorage):\(rootSizeGiB)"), ("net0", net),
            ("unprivileged", unprivileged ? "1" : "0"), ("start", start ? "1" : "0"),
        ]
        if let sshPublicKey { form.append(("ssh-public-keys", sshPublicKey)) }
        if let pool { form.append(("pool", pool)) }
        if !tags.isEmpty { form.append(("tags", tags.joined(separator: ";"))) }
        return form
    }
}

extension ProxmoxClient {
    /// `POST /nodes/{node}/qemu/{vmid}/clone`; returns the task to follow.
    public func cloneVM(node: String, vmid: Int, options: CloneOptions) async throws -> UPID {
        try await startTask(.cloneVM(node: node, vmid: vmid, parameters: options.form))
    }

    /// `POST /nodes/{node}/lxc` without `restore`: a container from a template; returns the task to follow.
    public func createContainer(node: String, options: ContainerOptions) async throws -> UPID {
        try await startTask(.createGuest(node: node, kind: .lxc, parameters: options.form))
    }

    /// Sets config keys (`cores`, `memory`, `tags`, `ciuser`, `sshkeys`, `ipconfig0`…): asynchronously for a VM
    /// (returns its task), synchronously for a container (returns nil).
    public func configureGuest(node: String, kind: GuestKind, vmid: Int, settings: [(String, String)]) async throws -> UPID? {
        let endpoint = ProxmoxEndpoint.updateGuestConfig(node: node, kind: kind, vmid: vmid, parameters: settings)
        guard kind == .qemu else {
            _ = try await send(endpoint)
            return nil
        }
        return try await startTask(endpoint)
    }

    /// `GET /nodes/{node}/aplinfo`: appliance templates that can be downloaded.
    public func applianceTemplates(node: String) async throws -> [ApplianceTemplate] {
        try await request(.applianceIndex(node: node), as: [ApplianceTemplate].self)
    }

    /// `POST /nodes/{node}/aplinfo`: downloads an appliance template to a storage; returns the task to follow.
    public func downloadAppliance(node: String, storage: String, template: String) async throws -> UPID {
        try await startTask(.downloadAppliance(node: node, storage: storage, template: template))
    }
}
