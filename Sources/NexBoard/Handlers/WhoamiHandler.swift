import NexBoardCore

/// `whoami`: the identities, roles and scopes NexBoard sees for the requester.
struct WhoamiHandler: CommandHandler {
    let command = "whoami"

    func handle(_ context: CommandContext) async throws -> Message {
        let request = context.request
        let grants = context.policy.grants(for: request.subjects)
        let rows = grants.map { grant in
            [grant.role, grant.permissions.map(\.rawValue).joined(separator: ", "), grant.scope?.summary ?? "everything"]
        }
        return Message(
            title: "You are \(request.subject)",
            text: request.groups.isEmpty ? nil : "Also acting as: " + request.groups.map(\.description).joined(separator: ", "),
            table: Table(headers: ["role", "permissions", "limited to"], rows: rows),
            footer: grants.isEmpty ? "No role is bound to you: you may not use any command. Ask an admin." : nil,
            visibility: .requester)
    }
}
