/*
 pfSense REST API v2 answers (pfSense-pkg-RESTAPI): every body is the envelope
 `{"code", "status", "response_id", "message", "data"}`, `data` an array for "many" endpoints.
 Models: RoutingGatewayStatus (/status/gateways), InterfaceStats (/status/interfaces),
 SystemStatus (/status/system), SystemVersion (/system/version).
 */

struct PfSenseEnvelope<Payload: Decodable>: Decodable {
    var code: Int
    var status: String
    var response_id: String
    var message: String
    var data: Payload
}

struct PfSenseGatewayStatus: Decodable {
    var name: String
    var monitorip: String?
    var delay: Double?
    var loss: Double?
    var status: String?
    var substatus: String?
}

struct PfSenseInterfaceStats: Decodable {
    var name: String
    var descr: String?
    var hwif: String?
    var enable: Bool?
    var status: String?
    var ipaddr: String?
    var subnet: String?
    var media: String?
    var gateway: String?
}

struct PfSenseSystemStatus: Decodable {
    var uptime: String?
    var cpu_usage: Double?
    var mem_usage: Double?
    var temp_c: Double?
}

struct PfSenseSystemVersion: Decodable {
    var version: String
}
