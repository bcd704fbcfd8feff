import Alerting
import NexBoardCore

extension CommandContext {
    /// The alert center, or a clear answer when alerting is turned off.
    func alertCenter() throws -> AlertCenter {
        guard let center = services.alertCenter else {
            throw InvalidRequest(userMessage: "Alerting is turned off in this NexBoard's configuration (`alerts.enabled`).")
        }
        return center
    }

    /// Where notifications for this channel go: `<platform>:<channel>`.
    var alertDestination: String {
        "\(request.platform):\(request.channel ?? "direct")"
    }

    /// A comma-separated option as a list; empty when absent.
    func list(_ option: String) -> [String] {
        (command.text(option) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
