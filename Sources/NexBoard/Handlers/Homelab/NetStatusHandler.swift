import Integrations
import NexBoardCore

/// `net status`: the firewall's WAN address, gateways with latency and loss, interfaces, version and uptime.
struct NetStatusHandler: CommandHandler {
    let command = "net status"

    func handle(_ context: CommandContext) async throws -> Message {
        let status = try await context.firewall().status(logger: context.logger)
        let rows = status.gateways.map { gateway in
            [gateway.name, gateway.status + (gateway.substatus == "none" ? "" : " (\(gateway.substatus))"),
             gateway.latency.map { String(format: "%.1f ms", $0) } ?? "–", gateway.loss.map { "\(Int($0.rounded()))%" } ?? "–",
             gateway.monitorIP ?? "–"]
        }
        let interfaces = status.interfaces.map { interface in
            "\(Markup.literal(interface.description)) (\(Markup.literal(interface.name))): \(Markup.literal(interface.status))"
                + (interface.address.map { ", \(Markup.literal($0))" } ?? "")
        }
        let down = status.gateways.filter(\.isDown)
        let troubled = status.gateways.filter { !$0.isDown && $0.substatus != "none" }
        var fields: [Message.Field] = [.init("WAN address", status.wanAddress.map(Markup.literal) ?? "none")]
        if let uptime = status.uptime { fields.append(.init("Uptime", status.uptimeSeconds.map(Format.uptime) ?? Markup.literal(uptime))) }
        if let cpu = status.cpuUsage, let memory = status.memoryUsage {
            fields.append(.init("Load", "CPU \(Int(cpu.rounded()))%, memory \(Int(memory.rounded()))%"))
        }
        fields.append(.init("Interfaces", interfaces.joined(separator: "\n"), inline: false))
        return Message(
            title: Markup.literal(status.product),
            fields: fields,
            table: Table(headers: ["gateway", "status", "latency", "loss", "monitor"], rows: rows,
                         alignments: [.left, .left, .right, .right, .left]),
            footer: down.isEmpty ? (troubled.isEmpty ? "All gateways online" : "Degraded: " + troubled.map(\.name).joined(separator: ", "))
                : "Down: " + down.map(\.name).joined(separator: ", "),
            severity: !down.isEmpty ? .error : (troubled.isEmpty ? .success : .warning))
    }
}
