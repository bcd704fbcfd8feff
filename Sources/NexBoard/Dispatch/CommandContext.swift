import Foundation
import Logging
import NexBoardCore
import Proxmox

/// Everything a handler needs for one request.
struct CommandContext: Sendable {
    let request: ChatRequest
    let command: ParsedCommand
    let services: DispatchServices
    let reply: ReplyChannel
    let notes: AuditNotes
    /// True when the request comes from a pressed Confirm button.
    let confirmed: Bool
    let logger: Logger

    var policy: AccessPolicy { services.policy }

    /// The cluster the command names, or the first configured one.
    func cluster() throws -> ClusterHandle {
        try services.clusters.cluster(named: command.text("cluster"))
    }

    /// Refuses unless the requester holds the command's permission on this guest.
    func authorize(_ guest: GuestTarget, permission: Permission? = nil) throws {
        guard let permission = permission ?? command.spec.permission else { return }
        if case let .denied(reason) = policy.check(permission, subjects: request.subjects, guest: guest) {
            throw AccessDenied(reason: reason)
        }
    }

    /// Whether a guest shows in lists for the requester.
    func canSee(_ guest: GuestTarget) -> Bool {
        policy.canSee(guest, subjects: request.subjects)
    }

    /// For commands the catalog marks `confirm`: asks first, unless this request is the Confirm press.
    func confirm(_ summary: String) throws {
        if command.spec.confirm, !confirmed { throw ConfirmationNeeded(summary: summary) }
    }

    /// Shows progress: sends the reply the first time, edits it afterwards.
    func progress(_ message: Message) async {
        await reply.show(message)
    }

    var now: Date { services.now() }
}

/// The reply of one request: sent once, then edited (task progress, final result).
///
/// A button press starts with the pressed message as its reply, so the outcome replaces the question;
/// a private answer (a refusal) never replaces a message everyone sees: it is sent on its own.
actor ReplyChannel {
    private let responder: any Responder
    private var handle: ReplyHandle?
    private var handleIsInherited: Bool
    private let logger: Logger

    init(responder: any Responder, existing: ReplyHandle? = nil, logger: Logger) {
        self.responder = responder
        self.handle = existing
        self.handleIsInherited = existing != nil
        self.logger = logger
    }

    func show(_ message: Message) async {
        do {
            if handleIsInherited, message.visibility == .requester {
                _ = try await responder.send(message)
            } else if let handle {
                handleIsInherited = false
                try await responder.edit(handle, message)
            } else {
                handle = try await responder.send(message)
            }
        } catch {
            logger.warning("Could not deliver a reply", metadata: ["error": "\(error)"])
        }
    }
}

/// What a handler learned that the audit entry should say: the target and the task.
actor AuditNotes {
    private(set) var target: String?
    private(set) var upid: String?
    private(set) var cluster: String?

    func set(target: String, cluster: String? = nil) {
        self.target = target
        if let cluster { self.cluster = cluster }
    }

    func set(upid: String) {
        self.upid = upid
    }
}
