import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// A simulated pfSense with the REST API v2 package on 127.0.0.1: `/api/v2/system/version`,
/// `/api/v2/status/system`, `/api/v2/status/gateways`, `/api/v2/status/interfaces`, answered in the
/// package's envelope, behind an `X-API-Key` (or HTTP basic with the same user and password).
/// Knobs: the WAN address, a gateway's state, latency and loss.
public final class PfSenseSimulator: Sendable {
    public let server: SimulatedServiceServer
    let state: State

    public var baseURL: String { server.baseURL }

    public static func start(apiKey: String = "pfsense-demo-key", username: String = "admin", password: String = "pfsense",
                             logger: Logger = Logger(label: "simulator.pfsense")) async throws -> PfSenseSimulator {
        let state = State(apiKey: apiKey, basic: "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())
        let router = Router()
        router.get("/api/v2/system/version") { request, _ in await state.answer(request) { $0.version() } }
        router.get("/api/v2/status/system") { request, _ in await state.answer(request) { $0.system() } }
        router.get("/api/v2/status/gateways") { request, _ in await state.answer(request) { $0.gatewayList() } }
        router.get("/api/v2/status/interfaces") { request, _ in await state.answer(request) { $0.interfaceList() } }
        let server = try await SimulatedServiceServer.start(router: router, serverName: "nginx", logger: logger)
        return PfSenseSimulator(server: server, state: state)
    }

    private init(server: SimulatedServiceServer, state: State) {
        self.server = server
        self.state = state
    }

    public func stop() async { await server.stop() }

    /// Gives the WAN interface a new address (the ISP changed it).
    public func setWANAddress(_ address: String) async {
        await state.setWANAddress(address)
    }

    /// Sets a gateway's dpinger view: `status` `online` or `down`, latency in ms, loss in percent.
    public func setGateway(_ name: String, status: String, latency: Double, loss: Double) async {
        await state.setGateway(name, status: status, latency: latency, loss: loss)
    }

    /// Makes every answer faulty (nil: answers normally again).
    public func set(fault: SimulatedFault?) async {
        await state.set(fault: fault)
    }

    struct Envelope<Payload: Encodable>: Encodable {
        var code = 200
        var status = "ok"
        var response_id = "SUCCESS"
        var message = ""
        var data: Payload
    }

    struct Nothing: Encodable {}

    struct Gateway: Encodable {
        var name: String
        var srcip: String
        var monitorip: String
        var delay: Double
        var stddev: Double
        var loss: Double
        var status: String
        var substatus: String
    }

    struct Interface: Encodable {
        var name: String
        var descr: String
        var hwif: String
        var macaddr: String
        var mtu: String
        var enable: Bool
        var status: String
        var ipaddr: String
        var subnet: String
        var media: String
        var gateway: String
        var inbytes: Int
        var outbytes: Int
    }

    struct System: Encodable {
        var platform = "pfSense"
        var uptime = "12 Days 03 Hours 41 Minutes 10 Seconds"
        var cpu_model = "Intel(R) Celeron(R) N5105 @ 2.00GHz"
        var cpu_count = 4
        var cpu_load_avg = [0.21, 0.18, 0.15]
        var cpu_usage = 5.0
        var mem_usage = 23.0
        var swap_usage = 0.0
        var disk_usage = 7.0
        var temp_c = 41.5
        var kernel_pti = false
    }

    struct Version: Encodable {
        var version = "2.7.2-RELEASE"
        var base = "2.7"
        var patch = "0"
        var buildtime = "Wed Dec 6 20:10:00 UTC 2023"
    }

    actor State {
        let apiKey: String
        let basic: String
        private var fault: SimulatedFault?
        private var wanAddress = "203.0.113.24"
        private var gateways = [
            Gateway(name: "WAN_DHCP", srcip: "203.0.113.24", monitorip: "1.1.1.1", delay: 8.4, stddev: 0.9, loss: 0, status: "online", substatus: "none"),
            Gateway(name: "WAN2_PPPOE", srcip: "198.51.100.7", monitorip: "9.9.9.9", delay: 14.2, stddev: 1.3, loss: 0, status: "online",
                    substatus: "none"),
        ]

        init(apiKey: String, basic: String) {
            self.apiKey = apiKey
            self.basic = basic
        }

        func set(fault: SimulatedFault?) { self.fault = fault }

        func setWANAddress(_ address: String) {
            wanAddress = address
            if let index = gateways.firstIndex(where: { $0.name == "WAN_DHCP" }) { gateways[index].srcip = address }
        }

        func setGateway(_ name: String, status: String, latency: Double, loss: Double) {
            guard let index = gateways.firstIndex(where: { $0.name == name }) else { return }
            gateways[index].status = status
            gateways[index].delay = latency
            gateways[index].loss = loss
            gateways[index].substatus = loss >= 20 ? "highloss" : (latency >= 500 ? "highdelay" : "none")
        }

        /// The endpoint's answer, unless the request is faulty or not authenticated.
        func answer(_ request: Request, _ body: @Sendable (isolated State) -> Response) async -> Response {
            switch fault {
            case nil: break
            case let .delay(duration): try? await Task.sleep(for: duration)
            case .malformed: return SimulatedAnswer.text("<html>502 Bad Gateway</html>", status: .ok, contentType: "text/html")
            case let .status(code): return SimulatedAnswer.text("", status: .init(code: code))
            }
            let key = request.headers[HTTPField.Name("X-API-Key")!]
            guard key == apiKey || request.headers[.authorization] == basic else {
                return SimulatedAnswer.json(Envelope(code: 401, status: "unauthorized", response_id: "AUTH_AUTHENTICATION_FAILED",
                                                     message: "Authentication failed.", data: [Nothing]()), status: .unauthorized)
            }
            return body(self)
        }

        func version() -> Response { SimulatedAnswer.json(Envelope(data: Version())) }
        func system() -> Response { SimulatedAnswer.json(Envelope(data: System())) }
        func gatewayList() -> Response { SimulatedAnswer.json(Envelope(data: gateways)) }

        func interfaceList() -> Response {
            SimulatedAnswer.json(Envelope(data: [
                Interface(name: "wan", descr: "WAN", hwif: "igc0", macaddr: "00:e0:4c:68:01:10", mtu: "1500", enable: true, status: "up",
                          ipaddr: wanAddress, subnet: "24", media: "2500baseT <full-duplex>", gateway: "203.0.113.1",
                          inbytes: 912_443_120_233, outbytes: 84_220_112_004),
                Interface(name: "lan", descr: "LAN", hwif: "igc1", macaddr: "00:e0:4c:68:01:11", mtu: "1500", enable: true, status: "up",
                          ipaddr: "192.168.1.1", subnet: "24", media: "2500baseT <full-duplex>", gateway: "",
                          inbytes: 80_112_990_101, outbytes: 901_223_400_987),
                Interface(name: "opt1", descr: "IOT", hwif: "igc2", macaddr: "00:e0:4c:68:01:12", mtu: "1500", enable: true, status: "no carrier",
                          ipaddr: "192.168.30.1", subnet: "24", media: "", gateway: "", inbytes: 0, outbytes: 0),
            ]))
        }
    }
}
