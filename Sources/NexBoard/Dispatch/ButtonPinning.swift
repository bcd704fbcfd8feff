import NexBoardCore

/// Pins every button of a reply to the cluster the reply is about: a button's command that talks to
/// a cluster and names none gets `--cluster <name>`, so that pressing it acts on that cluster and
/// not on the default one.
enum ButtonPinning {
    static func pin(_ message: Message, toCluster cluster: String, parser: CommandParser) -> Message {
        guard !message.buttons.isEmpty else { return message }
        var pinned = message
        pinned.buttons = message.buttons.map { button in
            guard let command = try? parser.parse(button.command), command.spec.usesCluster, command.text("cluster") == nil else {
                return button
            }
            var button = button
            button.command += " --cluster \(cluster)"
            return button
        }
        return pinned
    }
}
