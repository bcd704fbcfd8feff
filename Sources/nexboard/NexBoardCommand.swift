import ArgumentParser
import NexBoard

@main
struct NexBoardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nexboard",
        abstract: "Chat-ops for Proxmox VE: Discord, Slack and Matrix commands, permissions, confirmations and alerts.",
        version: NexBoardVersion.current,
        subcommands: [RunCommand.self, DemoCommand.self, CheckConfigCommand.self, CommandsCommand.self,
                      SimulatorCommand.self, VersionCommand.self])
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    func run() {
        print("nexboard \(NexBoardVersion.current)")
    }
}
