/// Maps an `APIRequest` to the cluster: authentication, injected errors, then the endpoint.
/// Every answer is a `JSONValue` for `data` (plus `total` for some lists) or a `SimulatorAPIError`.
struct APIRouter: SimulatorRouting {
    let cluster: SimulatedCluster

    struct Answer: Sendable {
        var data: JSONValue
        var total: Int?
    }

    func handle(_ request: APIRequest) async throws(SimulatorAPIError) -> Answer {
        let admission = await cluster.admit(apiPath: request.path)
        if let latency = admission.latency { try? await Task.sleep(for: latency) }
        let segments = request.segments

        if segments == ["access", "ticket"] {
            if let error = admission.error { throw error }
            switch request.method {
            case "GET": return Answer(data: .null)
            case "POST": return Answer(data: try await cluster.createTicket(parameters: request.parameters))
            default: throw .notImplemented(request.method, request.path)
            }
        }

        let identity = try await cluster.authenticate(
            authorization: request.authorization, cookieTicket: request.cookieTicket,
            csrfToken: request.csrfToken, isWrite: request.isWrite)
        if let error = admission.error { throw error }
        return try await route(request, user: identity.user)
    }

    private func route(_ request: APIRequest, user: String) async throws(SimulatorAPIError) -> Answer {
        let query = request.method == "GET" ? request.query : request.parameters
        let route = RoutePattern(method: request.method, segments: request.segments)
        if route.match("GET /") != nil {
            return Answer(data: .array(["version", "cluster", "nodes", "access", "storage", "pools"].map { .object([("subdir", .string($0))]) }))
        }
        if route.match("GET /version") != nil {
            return Answer(data: await cluster.version())
        }
        if route.match("GET /cluster") != nil {
            return Answer(data: .array(["log", "resources", "status", "tasks"].map { .object([("name", .string($0))]) }))
        }
        if route.match("GET /cluster/status") != nil {
            return Answer(data: await cluster.clusterStatus())
        }
        if route.match("GET /cluster/resources") != nil {
            return Answer(data: try await cluster.clusterResources(type: query["type"]))
        }
        if route.match("GET /cluster/tasks") != nil {
            return Answer(data: await cluster.clusterTasks())
        }
        if route.match("GET /cluster/log") != nil {
            return Answer(data: await cluster.clusterLogEntries(max: query["max"].flatMap { Int($0) }))
        }
        if route.match("GET /cluster/backup") != nil {
            return Answer(data: await cluster.backupJobs())
        }
        if route.match("GET /cluster/nextid") != nil {
            return Answer(data: try await cluster.nextID(query: query))
        }
        if route.match("GET /cluster/backup-info/not-backed-up") != nil {
            return Answer(data: .array([]))
        }
        if route.match("GET /cluster/config/qdevice") != nil {
            return Answer(data: .object([]))
        }
        if route.match("GET /cluster/sdn/zones") != nil {
            return Answer(data: await cluster.sdnZones())
        }
        if route.match("GET /cluster/sdn/vnets") != nil {
            return Answer(data: await cluster.sdnVnets())
        }
        if route.match("GET /nodes") != nil {
            return Answer(data: await cluster.nodeList())
        }
        if let match = route.match("GET /nodes/{}") {
            _ = try await cluster.nodeStatus(node: match[0])
            return Answer(data: .array(["network", "qemu", "lxc", "rrddata", "status", "storage", "tasks"].map { .object([("name", .string($0))]) }))
        }
        if let match = route.match("GET /nodes/{}/status") {
            return Answer(data: try await cluster.nodeStatus(node: match[0]))
        }
        if let match = route.match("GET /nodes/{}/tasks") {
            let data = try await cluster.nodeTasks(node: match[0], query: query)
            if case .array(let items) = data { return Answer(data: data, total: items.count) }
            return Answer(data: data)
        }
        if let match = route.match("GET /nodes/{}/tasks/{}") {
            _ = try await cluster.taskStatus(node: match[0], upid: match[1])
            return Answer(data: .array([.object([("subdir", "log")]), .object([("subdir", "status")])]))
        }
        if let match = route.match("GET /nodes/{}/tasks/{}/status") {
            return Answer(data: try await cluster.taskStatus(node: match[0], upid: match[1]))
        }
        if let match = route.match("GET /nodes/{}/tasks/{}/log") {
            let data = try await cluster.taskLog(node: match[0], upid: match[1], query: query)
            return Answer(data: data, total: await cluster.taskLogTotal(node: match[0], upid: match[1]))
        }
        if let match = route.match("GET /nodes/{}/replication") {
            _ = try await cluster.nodeStatus(node: match[0])
            return Answer(data: .array([]))
        }
        if let match = route.match("GET /nodes/{}/subscription") {
            _ = try await cluster.nodeStatus(node: match[0])
            return Answer(data: .object([
                ("status", "notfound"), ("message", "There is no subscription key"),
                ("url", "https://www.proxmox.com/en/proxmox-virtual-environment/pricing"),
            ]))
        }
        if let match = route.match("GET /nodes/{}/rrddata") {
            return Answer(data: try await cluster.nodeRRD(node: match[0], query: query))
        }
        if let match = route.match("GET /nodes/{}/network") {
            return Answer(data: try await cluster.nodeNetwork(node: match[0], query: query))
        }
        if let match = route.match("GET /nodes/{}/storage") {
            return Answer(data: try await cluster.nodeStorages(node: match[0], query: query))
        }
        if let match = route.match("GET /nodes/{}/storage/{}/content") {
            return Answer(data: try await cluster.storageContent(node: match[0], storage: match[1], query: query))
        }
        if let match = route.match("PUT /nodes/{}/storage/{}/content/{}") {
            try await cluster.updateVolume(node: match[0], storage: match[1], volume: match[2], parameters: request.parameters)
            return Answer(data: .null)
        }
        if let match = route.match("POST /nodes/{}/vzdump") {
            return Answer(data: .string(try await cluster.startBackup(node: match[0], parameters: request.parameters, user: user)))
        }
        if let match = route.match("GET /nodes/{}/aplinfo") {
            return Answer(data: try await cluster.applianceIndex(node: match[0]))
        }
        if let match = route.match("POST /nodes/{}/aplinfo") {
            return Answer(data: .string(try await cluster.downloadAppliance(node: match[0], parameters: request.parameters, user: user)))
        }
        if let match = route.match("POST /nodes/{}/{}"), let kind = GuestKind(rawValue: match[1]) {
            return Answer(data: .string(try await cluster.createGuest(node: match[0], kind: kind, parameters: request.parameters, user: user)))
        }
        if let match = route.match("POST /nodes/{}/qemu/{}/clone") {
            let (_, vmid) = try Self.guest("qemu", match[1])
            return Answer(data: .string(try await cluster.cloneGuest(node: match[0], vmid: vmid, parameters: request.parameters, user: user)))
        }
        if let match = route.match("GET /nodes/{}/{}"), let kind = GuestKind(rawValue: match[1]) {
            let full = query["full"] == "1" || query["full"] == "true"
            return Answer(data: try await cluster.guestList(node: match[0], kind: kind, full: full))
        }
        if let match = route.match("GET /nodes/{}/{}/{}"), GuestKind(rawValue: match[1]) != nil {
            let (kind, vmid) = try Self.guest(match[1], match[2])
            _ = try await cluster.guestCurrentStatus(node: match[0], kind: kind, vmid: vmid)
            return Answer(data: .array(["config", "rrddata", "status"].map { .object([("subdir", .string($0))]) }))
        }
        if let match = route.match("GET /nodes/{}/{}/{}/status/current"), GuestKind(rawValue: match[1]) != nil {
            let (kind, vmid) = try Self.guest(match[1], match[2])
            return Answer(data: try await cluster.guestCurrentStatus(node: match[0], kind: kind, vmid: vmid))
        }
        if let match = route.match("GET /nodes/{}/{}/{}/rrddata"), GuestKind(rawValue: match[1]) != nil {
            let (kind, vmid) = try Self.guest(match[1], match[2])
            return Answer(data: try await cluster.guestRRD(node: match[0], kind: kind, vmid: vmid, query: query))
        }
        if let match = route.match("GET /nodes/{}/{}/{}/config"), GuestKind(rawValue: match[1]) != nil {
            let (kind, vmid) = try Self.guest(match[1], match[2])
            return Answer(data: try await cluster.guestConfig(node: match[0], kind: kind, vmid: vmid))
        }
        if let match = route.match("PUT /nodes/{}/{}/{}/config") ?? route.match("POST /nodes/{}/{}/{}/config"),
           let kind = GuestKind(rawValue: match[1]), request.method == "PUT" || kind == .qemu
        {
            let (kind, vmid) = try Self.guest(match[1], match[2])
            let upid = try await cluster.updateGuestConfig(node: match[0], kind: kind, vmid: vmid, parameters: request.parameters,
                                                            user: user, asynchronous: request.method == "POST")
            return Answer(data: upid.map { .string($0) } ?? .null)
        }
        if let match = route.match("POST /nodes/{}/{}/{}/vncproxy") ?? route.match("POST /nodes/{}/{}/{}/termproxy"),
           GuestKind(rawValue: match[1]) != nil {
            let (kind, vmid) = try Self.guest(match[1], match[2])
            return Answer(data: try await cluster.startConsole(node: match[0], kind: kind, vmid: vmid,
                                                               terminal: request.segments.last == "termproxy", user: user))
        }
        if let match = route.match("POST /nodes/{}/termproxy") {
            return Answer(data: try await cluster.startConsole(node: match[0], kind: nil, vmid: nil, terminal: true, user: user))
        }
        if let match = route.match("POST /nodes/{}/{}/{}/spiceproxy"), GuestKind(rawValue: match[1]) != nil {
            let (kind, vmid) = try Self.guest(match[1], match[2])
            return Answer(data: try await cluster.spiceProxy(node: match[0], kind: kind, vmid: vmid, proxy: request.parameters["proxy"]))
        }
        // A vncwebsocket request that reaches the router was not upgraded: its ticket was refused.
        if route.match("GET /nodes/{}/{}/{}/vncwebsocket") != nil || route.match("GET /nodes/{}/vncwebsocket") != nil {
            throw SimulatorAPIError(status: 401, message: "permission denied - invalid PVEVNC ticket")
        }
        if let match = route.match("POST /nodes/{}/{}/{}/status/{}"), GuestKind(rawValue: match[1]) != nil {
            let (kind, vmid) = try Self.guest(match[1], match[2])
            let upid = try await cluster.powerAction(node: match[0], kind: kind, vmid: vmid, action: match[3], user: user)
            return Answer(data: .string(upid))
        }
        throw .notImplemented(request.method, request.path)
    }

    private static func guest(_ kindText: String, _ vmidText: String) throws(SimulatorAPIError) -> (GuestKind, Int) {
        guard let kind = GuestKind(rawValue: kindText) else { throw .parameter("kind", "invalid guest type") }
        guard let vmid = Int(vmidText), (100...999_999_999).contains(vmid) else {
            throw .parameter("vmid", "value does not match the regex pattern")
        }
        return (kind, vmid)
    }
}
