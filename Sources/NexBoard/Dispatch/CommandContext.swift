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
    /// On a Confirm press: the guest the question named; the handler acts on exactly that one.
    let expected: ConfirmationTarget?
    let logger: Logger

    var policy: AccessPolicy { services.policy }

    /// The cluster the command names, or the first configured one the requester may use it on, with
    /// a client whose calls log to this request's logger (its `request_id`).
    func cluster() throws -> ClusterHandle {
        forThisRequest(try chosenCluster())
    }

    private func chosenCluster() throws -> ClusterHandle {
        try services.clusters.cluster(named: command.text("cluster")) { [policy, request, command] in
            policy.check(command.spec.permission, subjects: request.subjects, cluster: $0).isAllowed
        }
    }

    /// Every configured cluster, in configuration order, with clients that log to this request's logger.
    var clusters: [ClusterHandle] {
        services.clusters.clusters.map(forThisRequest)
    }

    private func forThisRequest(_ handle: ClusterHandle) -> ClusterHandle {
        ClusterHandle(name: handle.name, client: handle.client.with(logger: logger),
                      backupServer: handle.backupServer.map { BackupServerHandle(client: $0.client.with(logger: logger), datastores: $0.datastores) })
    }

    /// The name of the cluster this command acts on; nil for commands that use no cluster.
    var clusterName: String? {
        command.spec.usesCluster ? try? chosenCluster().name : nil
    }

    /// What the requester may reach with `permission` (the command's by default), on this command's
    /// cluster (anywhere for commands without one).
    func reach(_ permission: Permission? = nil) -> AccessDecision {
        policy.check(permission ?? command.spec.permission, subjects: request.subjects, cluster: clusterName)
    }

    /// What the requester may see: guests and items they may view, or act on with this command.
    var visibility: Visibility {
        let permissions = Set([Permission.guestView] + (command.spec.permission.map { [$0] } ?? []))
        return Visibility(decisions: permissions.map { reach($0) })
    }

    /// The guests of `resources` that show for the requester (one they may not see is, to them, one
    /// that does not exist). The visibility is worked out once here, not once per guest: each time
    /// asks the policy about every binding, and at 10,000 guests that was a tenth of a list's time.
    func visibleGuests(in resources: [ClusterResource], cluster: String) -> [ResolvedGuest] {
        let guests = GuestResolver.guests(in: resources, cluster: cluster)
        let visibility = visibility
        return visibility.isWhole ? guests : guests.filter { visibility.contains(.guest($0.target)) }
    }

    /// Refuses unless the requester holds the command's permission on this guest.
    func authorize(_ guest: GuestTarget, permission: Permission? = nil) throws {
        guard let permission = permission ?? command.spec.permission else { return }
        if case let .denied(reason) = policy.check(permission, subjects: request.subjects, guest: guest) {
            throw AccessDenied(reason: reason)
        }
    }

    /// Refuses unless the requester holds `permission` (the command's by default) with no scope at
    /// all: for actions that reach beyond single guests (`alert silence *`, the audit log).
    func requireUnscoped(_ permission: Permission? = nil, for action: String) throws {
        guard let permission = permission ?? command.spec.permission else { return }
        switch policy.check(permission, subjects: request.subjects) {
        case .allowed:
            return
        case .denied(let reason):
            throw AccessDenied(reason: reason)
        case .allowedWithinScopes(let scopes):
            let within = scopes.map(\.summary).joined(separator: " or ")
            throw AccessDenied(reason: "\(action) needs `\(permission.rawValue)` without a scope; yours is limited to \(within).")
        }
    }

    /// For commands the catalog marks `confirm`: asks first, unless this request is the Confirm press.
    /// With a guest, the question is pinned to it: Confirm acts on that cluster and VMID, and refuses
    /// when the guest was renamed, moved or removed meanwhile. `pinning` sets options to what the
    /// question showed but the user did not type (a VMID picked for them), so that Confirm acts on
    /// exactly that rather than picking again.
    func confirm(_ summary: String, guest: ResolvedGuest? = nil, pinning: [String: ArgumentValue] = [:]) throws {
        guard command.spec.confirm, !confirmed else { return }
        var pinned = command
        pinned.arguments.merge(pinning) { _, shown in shown }
        if let guest {
            for option in command.spec.options where option.type == .guest {
                pinned.arguments[option.name] = .text(String(guest.vmid))
            }
        }
        if let clusterName { pinned.arguments["cluster"] = .text(clusterName) }
        throw ConfirmationNeeded(summary: summary, line: pinned.canonicalLine, target: guest.map { ConfirmationTarget($0) })
    }

    /// For actions that destroy something the user cannot get back: asks `first`, then, on that Confirm,
    /// asks `second`; acts only on the second Confirm. Both come to the same person (a confirmation
    /// answers only its requester), and both are pinned to the guest.
    func confirmTwice(_ first: String, then second: String, guest: ResolvedGuest) throws {
        try confirm(first, guest: guest)
        guard confirmed, expected?.stage != 2 else { return }
        throw ConfirmationNeeded(summary: second, line: command.canonicalLine, target: ConfirmationTarget(guest, stage: 2))
    }

    /// Shows progress: sends the reply the first time, edits it afterwards.
    func progress(_ message: Message) async {
        await reply.show(message)
    }

    var now: Date { services.now() }
}

/// What a request may see: the union of what its permissions reach (viewing, and the command's own).
struct Visibility: Sendable {
    let decisions: [AccessDecision]

    func contains(_ concern: Concern) -> Bool {
        decisions.contains { $0.reaches(concern) }
    }

    /// True when nothing needs filtering.
    var isWhole: Bool {
        decisions.contains(.allowed)
    }
}

/// The reply of one request: sent once, then edited (task progress, final result).
///
/// A button press starts with the pressed message as its reply, so the outcome replaces the question;
/// a private answer (a refusal) never replaces a message everyone sees: it is sent on its own, unless
/// the platform has no private replies and the asker answered their own question (then every answer
/// is public anyway, and replacing the question leaves no stale "confirm within 1 min" behind).
/// A `direct` answer is a private one where the platform has private replies; elsewhere the
/// responder sends it in a direct conversation, and it never replaces anything.
/// Every message gets the platform's command prefix in its hints, and `prepare` (the dispatcher
/// pins buttons to the cluster), before it leaves.
actor ReplyChannel {
    private let responder: any Responder
    private var handle: ReplyHandle?
    private var handleIsInherited: Bool
    private var privateAnswersReplace = false
    private let hints: CommandHints
    private let privateReplies: Bool
    private var prepare: @Sendable (Message) -> Message = { $0 }
    private let logger: Logger

    init(responder: any Responder, existing: ReplyHandle? = nil, hints: CommandHints, privateReplies: Bool, logger: Logger) {
        self.responder = responder
        self.privateReplies = privateReplies
        self.handle = existing
        self.handleIsInherited = existing != nil
        self.hints = hints
        self.logger = logger
    }

    /// From now on a private answer replaces the pressed message too (see above).
    func letPrivateAnswersReplace() {
        privateAnswersReplace = true
    }

    func setPreparation(_ prepare: @escaping @Sendable (Message) -> Message) {
        self.prepare = prepare
    }

    func show(_ message: Message) async {
        var message = prepare(hints.apply(to: message))
        if message.visibility == .direct, privateReplies { message.visibility = .requester }
        do {
            if message.visibility == .direct || (handleIsInherited && message.visibility == .requester && !privateAnswersReplace) {
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
    /// The audit entry written before the command acted, completed when it ends.
    private(set) var intent: Int64?

    func set(intent: Int64) {
        self.intent = intent
    }

    func set(target: String, cluster: String? = nil) {
        self.target = target
        if let cluster { self.cluster = cluster }
    }

    func set(upid: String) {
        self.upid = upid
    }
}
