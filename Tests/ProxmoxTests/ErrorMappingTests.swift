import Foundation
import NexBoardCore
import Testing

@testable import Proxmox

@Suite("Mapping Proxmox failures to errors")
struct ErrorMappingTests {
    @Test("401 means refused credentials and names the cluster")
    func unauthorized() {
        let error = ProxmoxError.from(status: 401, message: "authentication failure", cluster: "home")
        #expect(error == .unauthorized(cluster: "home"))
        #expect(error.userMessage == "Proxmox refused the API credentials for cluster \"home\".")
    }

    @Test("403 names the missing privilege and path")
    func forbidden() {
        let error = ProxmoxError.from(
            status: 403, message: "Permission check failed (/vms/101, VM.PowerMgmt)", cluster: "home")
        #expect(error == .forbidden(permission: "VM.PowerMgmt on /vms/101"))
        #expect(error.userMessage.contains("VM.PowerMgmt"))
        #expect(ProxmoxError.from(status: 403, message: "Forbidden", cluster: "c") == .forbidden(permission: nil))
        #expect(ProxmoxError.parsePermission("Permission check failed (user != root@pam)") == "user != root@pam")
    }

    @Test("595 from the proxying node means unreachable")
    func noRoute() {
        #expect(ProxmoxError.from(status: 595, message: "No route to host", cluster: "c") == .unreachable(cluster: "c"))
    }

    @Test("500 keeps PVE's message, and missing objects become not found")
    func serverErrors() {
        #expect(
            ProxmoxError.from(status: 500, message: "VM 100 not running", cluster: "c")
                == .server(status: 500, message: "VM 100 not running"))
        #expect(
            ProxmoxError.from(
                status: 500, message: "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist",
                cluster: "c") == .notFound)
        #expect(ProxmoxError.from(status: 404, message: "Not Found", cluster: "c") == .notFound)
    }

    @Test("server messages shown to users have URLs and tokens removed")
    func redaction() {
        let error = ProxmoxError.server(
            status: 500,
            message: "invalid server response: '500 Can't connect to https://user:pw@10.0.0.5:8006/api2/json' PVEAPIToken=a@pam!b=123")
        #expect(!error.userMessage.contains("user:pw"))
        #expect(!error.userMessage.contains("10.0.0.5"))
        #expect(!error.userMessage.contains("123"))
        #expect(error.userMessage.contains("<address>"))
        #expect(ProxmoxError.server(status: 500, message: "VM 100 not running").userMessage == "Proxmox reported an error: VM 100 not running")
    }

    @Test("user messages are sentences without secrets or URLs")
    func userMessages() throws {
        let upid = try #require(UPID("UPID:pve1:00010D94:001CA6EA:6124E1B9:vzdump:100:root@pam:"))
        let errors: [ProxmoxError] = [
            .unreachable(cluster: "home"), .timeout(cluster: "home", after: .seconds(10)),
            .timeout(cluster: "home", after: .milliseconds(1500)), .unauthorized(cluster: "home"),
            .forbidden(permission: nil), .notFound, .server(status: 500, message: "boom"),
            .invalidResponse(detail: "https://secret@host/api2/json"), .taskFailed(upid: upid, exitStatus: "job errors"),
        ]
        for error in errors {
            #expect(!error.userMessage.isEmpty)
            #expect(!error.userMessage.contains("http"))
            #expect(!error.userMessage.contains("secret"))
        }
        #expect(ProxmoxError.timeout(cluster: "home", after: .seconds(10)).userMessage.contains("10 s"))
        #expect(ProxmoxError.timeout(cluster: "home", after: .milliseconds(1500)).userMessage.contains("1500 ms"))
        #expect(ProxmoxError.taskFailed(upid: upid, exitStatus: "job errors").userMessage.contains("vzdump 100"))
    }
}

@Suite("Endpoints")
struct EndpointTests {
    @Test("paths percent-encode node names but keep UPIDs readable")
    func paths() throws {
        let upid = try #require(UPID("UPID:pve1:00010D94:001CA6EA:6124E1B9:vzdump:100:root@pam!tok:"))
        #expect(ProxmoxEndpoint.taskStatus(upid).path == "/nodes/pve1/tasks/UPID:pve1:00010D94:001CA6EA:6124E1B9:vzdump:100:root@pam!tok:/status")
        #expect(ProxmoxEndpoint.nodeStatus(node: "a b/c").path == "/nodes/a%20b%2Fc/status")
        #expect(
            ProxmoxEndpoint.powerAction(.shutdown, node: "pve1", kind: .lxc, vmid: 101).path
                == "/nodes/pve1/lxc/101/status/shutdown")
        #expect(
            ProxmoxEndpoint.guestStatus(node: "pve1", kind: .qemu, vmid: 5).template
                == "/nodes/{node}/qemu/{vmid}/status/current")
    }

    @Test("methods and mutation flags match the API")
    func methods() {
        #expect(ProxmoxEndpoint.version.method == .GET)
        #expect(ProxmoxEndpoint.version.isMutating == false)
        #expect(ProxmoxEndpoint.powerAction(.start, node: "n", kind: .qemu, vmid: 1).method == .POST)
        #expect(ProxmoxEndpoint.powerAction(.start, node: "n", kind: .qemu, vmid: 1).isMutating)
        #expect(ProxmoxEndpoint.setGuestTags(node: "n", kind: .qemu, vmid: 1, tags: []).method == .PUT)
    }

    @Test("queries and form bodies are URL-encoded; tags are joined with semicolons")
    func encoding() {
        #expect(
            ProxmoxEndpoint.nodeTasks(node: "n", limit: 5, errorsOnly: true, vmid: 100).logDescription
                == "GET /nodes/n/tasks?limit=5&errors=1&vmid=100")
        #expect(FormEncoding.form(ProxmoxEndpoint.setGuestTags(node: "n", kind: .qemu, vmid: 1, tags: ["a", "b c"]).form) == "tags=a%3Bb%20c")
        #expect(FormEncoding.form(ProxmoxEndpoint.setGuestTags(node: "n", kind: .qemu, vmid: 1, tags: []).form) == "delete=tags")
    }

    @Test("one guest's backups are asked for with vmid from PVE and with its group from the Backup Server")
    func backupFilters() {
        #expect(ProxmoxEndpoint.storageContent(node: "pve1", storage: "local", content: "backup", vmid: 101).logDescription
                == "GET /nodes/pve1/storage/local/content?content=backup&vmid=101")
        #expect(ProxmoxEndpoint.storageContent(node: "pve1", storage: "local", content: nil).logDescription == "GET /nodes/pve1/storage/local/content")
        #expect(ProxmoxEndpoint.backupServerSnapshots(store: "store1", group: ("ct", "200")).logDescription
                == "GET /admin/datastore/store1/snapshots?backup-type=ct&backup-id=200")
        #expect(ProxmoxEndpoint.backupServerSnapshots(store: "store1").logDescription == "GET /admin/datastore/store1/snapshots")
    }

    @Test("the pool filter is applied by the client, not sent to PVE")
    func poolFilter() {
        #expect(ProxmoxEndpoint.clusterResources(type: .pool).logDescription == "GET /cluster/resources")
        #expect(ProxmoxEndpoint.clusterResources(type: .vm).logDescription == "GET /cluster/resources?type=vm")
    }

    @Test("the login endpoint never logs the password")
    func loginIsLogSafe() {
        let endpoint = ProxmoxEndpoint.ticket(username: "root@pam", password: .init("hunter2"))
        #expect(!endpoint.logDescription.contains("hunter2"))
        #expect(endpoint.logDescription == "POST /access/ticket")
    }
}
