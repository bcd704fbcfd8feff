import NIOHTTP1
import NexBoardCore

/// Every Proxmox VE API call the client makes: its method, path, parameters, whether it changes
/// anything, and a description that is safe to log (no secrets).
public enum ProxmoxEndpoint: Sendable {
    /// `POST /access/ticket` (password login; the password is sent in the form body only).
    case ticket(username: String, password: Secret)
    /// `GET /version`.
    case version
    case clusterStatus
    case clusterResources(type: ClusterResourceType?)
    case clusterTasks
    case clusterLog(max: Int?)
    case nodes
    case nodeStatus(node: String)
    case nodeTasks(node: String, limit: Int?, errorsOnly: Bool, vmid: Int?)
    case storages(node: String)
    /// `vmid`: only that guest's volumes.
    case storageContent(node: String, storage: String, content: String?, vmid: Int? = nil)
    case guests(node: String, kind: GuestKind)
    case guestStatus(node: String, kind: GuestKind, vmid: Int)
    case guestConfig(node: String, kind: GuestKind, vmid: Int)
    case setGuestTags(node: String, kind: GuestKind, vmid: Int, tags: [String])
    case powerAction(PowerAction, node: String, kind: GuestKind, vmid: Int)
    /// `POST /nodes/{node}/{qemu|lxc}/{vmid}/spiceproxy`: a SPICE ticket, through `proxy` (a host
    /// name or address; Proxmox's default is the guest's node).
    case spiceProxy(node: String, kind: GuestKind, vmid: Int, proxy: String?)
    case taskStatus(UPID)
    case taskLog(UPID, start: Int, limit: Int)
    case nodeRRD(node: String, timeframe: RRDTimeframe, consolidation: RRDConsolidation)
    case guestRRD(node: String, kind: GuestKind, vmid: Int, timeframe: RRDTimeframe, consolidation: RRDConsolidation)
    case nodeNetwork(node: String)
    case sdnZones
    case sdnVnets
    /// `GET /cluster/backup`: scheduled backup jobs.
    case backupJobs
    /// `GET /cluster/nextid`, optionally asking whether `vmid` is free.
    case nextID(vmid: Int?)
    /// `POST /nodes/{node}/vzdump`.
    case vzdump(node: String, parameters: [(String, String)])
    /// `PUT /nodes/{node}/storage/{storage}/content/{volume}`: notes and protection.
    case updateVolume(node: String, storage: String, volume: String, parameters: [(String, String)])
    /// `POST /nodes/{node}/{qemu|lxc}`: create or restore a guest.
    case createGuest(node: String, kind: GuestKind, parameters: [(String, String)])
    /// `POST /nodes/{node}/qemu/{vmid}/clone`.
    case cloneVM(node: String, vmid: Int, parameters: [(String, String)])
    /// `POST /nodes/{node}/qemu/{vmid}/config` (asynchronous) or `PUT /nodes/{node}/lxc/{vmid}/config`.
    case updateGuestConfig(node: String, kind: GuestKind, vmid: Int, parameters: [(String, String)])
    /// `GET /nodes/{node}/aplinfo`: downloadable appliance templates.
    case applianceIndex(node: String)
    /// `POST /nodes/{node}/aplinfo`: download an appliance template to a storage.
    case downloadAppliance(node: String, storage: String, template: String)
    /// `POST /nodes/{node}/{qemu|lxc}/{vmid}/vncproxy` (with `websocket=1`), or `…/termproxy` when
    /// `terminal`: a one-time ticket for the guest's `vncwebsocket`.
    case startConsole(node: String, kind: GuestKind, vmid: Int, terminal: Bool)
    /// `GET /nodes/{node}/{qemu|lxc}/{vmid}/vncwebsocket?port=&vncticket=`, upgraded to a WebSocket.
    case consoleWebSocket(node: String, kind: GuestKind, vmid: Int, port: Int, ticket: Secret)
    /// Proxmox Backup Server `GET /status/datastore-usage`.
    case backupServerUsage
    /// Proxmox Backup Server `GET /admin/datastore/{store}/snapshots`; with a group (`vm`/`ct`/`host`
    /// and its id), only that group's snapshots.
    case backupServerSnapshots(store: String, group: (type: String, id: String)? = nil)
    /// Proxmox Backup Server `GET /admin/gc`: the last garbage collection of every datastore.
    case backupServerGarbageCollection
    /// Proxmox Backup Server `GET /admin/verify` or `GET /admin/prune`: jobs and their last result.
    case backupServerJobs(kind: BackupServerJob.Kind)

    /// The HTTP method.
    public var method: HTTPMethod {
        switch self {
        case .ticket, .powerAction, .vzdump, .createGuest, .cloneVM, .downloadAppliance, .startConsole, .spiceProxy: .POST
        case .updateGuestConfig(_, let kind, _, _): kind == .qemu ? .POST : .PUT
        case .setGuestTags, .updateVolume: .PUT
        default: .GET
        }
    }

    /// Whether the call changes anything on the cluster (needs CSRF with ticket auth; never retried).
    public var isMutating: Bool {
        switch self {
        case .setGuestTags, .powerAction, .vzdump, .updateVolume, .createGuest, .cloneVM, .updateGuestConfig, .downloadAppliance,
            .startConsole, .spiceProxy:
            true
        default: false
        }
    }

    /// The path template, for metrics and logs, e.g. `/nodes/{node}/qemu/{vmid}/status/current`.
    public var template: String {
        switch self {
        case .ticket: "/access/ticket"
        case .version: "/version"
        case .clusterStatus: "/cluster/status"
        case .clusterResources: "/cluster/resources"
        case .clusterTasks: "/cluster/tasks"
        case .clusterLog: "/cluster/log"
        case .nodes: "/nodes"
        case .nodeStatus: "/nodes/{node}/status"
        case .nodeTasks: "/nodes/{node}/tasks"
        case .storages: "/nodes/{node}/storage"
        case .storageContent: "/nodes/{node}/storage/{storage}/content"
        case .guests(_, let kind): "/nodes/{node}/\(kind.rawValue)"
        case .guestStatus(_, let kind, _): "/nodes/{node}/\(kind.rawValue)/{vmid}/status/current"
        case .guestConfig(_, let kind, _), .setGuestTags(_, let kind, _, _): "/nodes/{node}/\(kind.rawValue)/{vmid}/config"
        case .powerAction(let action, _, let kind, _): "/nodes/{node}/\(kind.rawValue)/{vmid}/status/\(action.rawValue)"
        case .spiceProxy(_, let kind, _, _): "/nodes/{node}/\(kind.rawValue)/{vmid}/spiceproxy"
        case .taskStatus: "/nodes/{node}/tasks/{upid}/status"
        case .taskLog: "/nodes/{node}/tasks/{upid}/log"
        case .nodeRRD: "/nodes/{node}/rrddata"
        case .guestRRD(_, let kind, _, _, _): "/nodes/{node}/\(kind.rawValue)/{vmid}/rrddata"
        case .nodeNetwork: "/nodes/{node}/network"
        case .sdnZones: "/cluster/sdn/zones"
        case .sdnVnets: "/cluster/sdn/vnets"
        case .backupJobs: "/cluster/backup"
        case .nextID: "/cluster/nextid"
        case .vzdump: "/nodes/{node}/vzdump"
        case .updateVolume: "/nodes/{node}/storage/{storage}/content/{volume}"
        case .createGuest(_, let kind, _): "/nodes/{node}/\(kind.rawValue)"
        case .cloneVM: "/nodes/{node}/qemu/{vmid}/clone"
        case .updateGuestConfig(_, let kind, _, _): "/nodes/{node}/\(kind.rawValue)/{vmid}/config"
        case .applianceIndex, .downloadAppliance: "/nodes/{node}/aplinfo"
        case .startConsole(_, let kind, _, let terminal): "/nodes/{node}/\(kind.rawValue)/{vmid}/\(terminal ? "termproxy" : "vncproxy")"
        case .consoleWebSocket(_, let kind, _, _, _): "/nodes/{node}/\(kind.rawValue)/{vmid}/vncwebsocket"
        case .backupServerUsage: "/status/datastore-usage"
        case .backupServerSnapshots: "/admin/datastore/{store}/snapshots"
        case .backupServerGarbageCollection: "/admin/gc"
        case .backupServerJobs(let kind): "/admin/\(kind.rawValue)"
        }
    }

    /// The percent-encoded path below `/api2/json`.
    public var path: String {
        func seg(_ text: String) -> String { FormEncoding.pathSegment(text) }
        switch self {
        case .ticket, .version, .clusterStatus, .clusterResources, .clusterTasks, .clusterLog, .nodes, .sdnZones, .sdnVnets, .backupJobs, .nextID,
            .backupServerUsage, .backupServerGarbageCollection, .backupServerJobs:
            return template
        case .backupServerSnapshots(let store, _): return "/admin/datastore/\(seg(store))/snapshots"
        case .nodeStatus(let node): return "/nodes/\(seg(node))/status"
        case .nodeTasks(let node, _, _, _): return "/nodes/\(seg(node))/tasks"
        case .storages(let node): return "/nodes/\(seg(node))/storage"
        case .storageContent(let node, let storage, _, _): return "/nodes/\(seg(node))/storage/\(seg(storage))/content"
        case .guests(let node, let kind): return "/nodes/\(seg(node))/\(kind.rawValue)"
        case .guestStatus(let node, let kind, let vmid): return "/nodes/\(seg(node))/\(kind.rawValue)/\(vmid)/status/current"
        case .guestConfig(let node, let kind, let vmid), .setGuestTags(let node, let kind, let vmid, _):
            return "/nodes/\(seg(node))/\(kind.rawValue)/\(vmid)/config"
        case .powerAction(let action, let node, let kind, let vmid):
            return "/nodes/\(seg(node))/\(kind.rawValue)/\(vmid)/status/\(action.rawValue)"
        case .spiceProxy(let node, let kind, let vmid, _): return "/nodes/\(seg(node))/\(kind.rawValue)/\(vmid)/spiceproxy"
        case .taskStatus(let upid): return "/nodes/\(seg(upid.node))/tasks/\(seg(upid.raw))/status"
        case .taskLog(let upid, _, _): return "/nodes/\(seg(upid.node))/tasks/\(seg(upid.raw))/log"
        case .nodeRRD(let node, _, _): return "/nodes/\(seg(node))/rrddata"
        case .guestRRD(let node, let kind, let vmid, _, _): return "/nodes/\(seg(node))/\(kind.rawValue)/\(vmid)/rrddata"
        case .nodeNetwork(let node): return "/nodes/\(seg(node))/network"
        case .vzdump(let node, _): return "/nodes/\(seg(node))/vzdump"
        case .updateVolume(let node, let storage, let volume, _):
            return "/nodes/\(seg(node))/storage/\(seg(storage))/content/\(seg(volume))"
        case .createGuest(let node, let kind, _): return "/nodes/\(seg(node))/\(kind.rawValue)"
        case .cloneVM(let node, let vmid, _): return "/nodes/\(seg(node))/qemu/\(vmid)/clone"
        case .updateGuestConfig(let node, let kind, let vmid, _): return "/nodes/\(seg(node))/\(kind.rawValue)/\(vmid)/config"
        case .applianceIndex(let node), .downloadAppliance(let node, _, _): return "/nodes/\(seg(node))/aplinfo"
        case .startConsole(let node, let kind, let vmid, let terminal):
            return "/nodes/\(seg(node))/\(kind.rawValue)/\(vmid)/\(terminal ? "termproxy" : "vncproxy")"
        case .consoleWebSocket(let node, let kind, let vmid, _, _): return "/nodes/\(seg(node))/\(kind.rawValue)/\(vmid)/vncwebsocket"
        }
    }

    /// Query parameters (GET).
    var query: [(String, String)] {
        switch self {
        // PVE's `type` filter knows vm, storage, node and sdn; pools are filtered by the client.
        case .clusterResources(let type?) where type != .pool: [("type", type.rawValue)]
        case .clusterLog(let max?): [("max", String(max))]
        case .nodeTasks(_, let limit, let errorsOnly, let vmid):
            (limit.map { [("limit", String($0))] } ?? []) + (errorsOnly ? [("errors", "1")] : [])
                + (vmid.map { [("vmid", String($0))] } ?? [])
        case .storageContent(_, _, let content, let vmid):
            (content.map { [("content", $0)] } ?? []) + (vmid.map { [("vmid", String($0))] } ?? [])
        case .backupServerSnapshots(_, let group?): [("backup-type", group.type), ("backup-id", group.id)]
        case .taskLog(_, let start, let limit): [("start", String(start)), ("limit", String(limit))]
        case .nodeRRD(_, let timeframe, let consolidation), .guestRRD(_, _, _, let timeframe, let consolidation):
            [("timeframe", timeframe.rawValue), ("cf", consolidation.rawValue)]
        case .nextID(let vmid?): [("vmid", String(vmid))]
        case .consoleWebSocket(_, _, _, let port, let ticket): [("port", String(port)), ("vncticket", ticket.value)]
        default: []
        }
    }

    /// Form parameters (POST/PUT), sent as `application/x-www-form-urlencoded`.
    var form: [(String, String)] {
        switch self {
        case .ticket(let username, let password): [("username", username), ("password", password.value)]
        case .setGuestTags(_, _, _, let tags): tags.isEmpty ? [("delete", "tags")] : [("tags", tags.joined(separator: ";"))]
        case .vzdump(_, let parameters), .updateVolume(_, _, _, let parameters), .createGuest(_, _, let parameters),
            .cloneVM(_, _, let parameters), .updateGuestConfig(_, _, _, let parameters):
            parameters
        case .downloadAppliance(_, let storage, let template): [("storage", storage), ("template", template)]
        case .startConsole(_, _, _, let terminal): terminal ? [] : [("websocket", "1")]
        case .spiceProxy(_, _, _, let proxy?): [("proxy", proxy)]
        default: []
        }
    }

    /// Method and path with parameters, safe to log: the password of `.ticket` and the console
    /// ticket of `.consoleWebSocket` are never included.
    public var logDescription: String {
        let query = self.query.filter { $0.0 != "vncticket" }
        let suffix = query.isEmpty ? "" : "?" + FormEncoding.form(query)
        return "\(method.rawValue) \(path)\(suffix)"
    }
}
