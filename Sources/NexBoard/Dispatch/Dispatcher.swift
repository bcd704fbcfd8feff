import Foundation
import Logging
import Metrics
import NexBoardCore
import Store

/// From a chat request to a reply: parse against the catalog, check the permission, ask for
/// confirmation when the entry says so, run the handler, audit the outcome, answer.
public struct Dispatcher: ChatRequestHandling {
    let services: DispatchServices
    let parser: CommandParser
    let handlers: [String: any CommandHandler]
    /// The words that start a command, for `CommandHints`.
    let commandWords: Set<String>
    let logger: Logger

    init(services: DispatchServices, handlers: [any CommandHandler], logger: Logger) {
        self.services = services
        self.parser = CommandParser(catalog: services.catalog)
        self.handlers = Dictionary(handlers.map { ($0.command, $0) }, uniquingKeysWith: { first, _ in first })
        self.commandWords = CommandHints.commandWords(of: services.catalog)
        self.logger = logger
    }

    /// Catalog entries that have no handler, and handlers that have no catalog entry.
    var unmatched: (commands: [String], handlers: [String]) {
        let names = Set(services.catalog.commands.map(\.name))
        return (names.subtracting(handlers.keys).sorted(), Set(handlers.keys).subtracting(names).sorted())
    }

    /// Decides what can be decided without Proxmox, before the platform acknowledges the request:
    /// a line that does not parse, or a requester without the command's permission (on the cluster it
    /// names), is refused here, privately, and audited.
    public func admit(_ request: ChatRequest) async -> Admission {
        if Self.confirmationVerb(of: request.line) != nil { return .accepted(visibility: .channel, slow: true) }
        let command: ParsedCommand
        do {
            command = try parser.parse(request.line)
        } catch {
            count("unknown", outcome: "invalid")
            return .refused(hints(for: request).apply(to: .privateError(error.userMessage)), .invalid)
        }
        if let reason = refusal(of: command, for: request) {
            count(command.spec.name, outcome: "denied")
            await audit(request, command: command, result: .denied, detail: reason, notes: nil, logger: logger(for: request))
            return .refused(hints(for: request).apply(to: .privateError("Not allowed. \(reason)")), .denied)
        }
        return .accepted(visibility: command.spec.privateReply ? .requester : .channel, slow: command.spec.slow)
    }

    /// Handles one request. Never throws: every outcome becomes a reply.
    @discardableResult
    public func handle(_ request: ChatRequest, responder: any Responder, buttonMessage: ReplyHandle? = nil) async -> DispatchOutcome {
        let logger = logger(for: request)
        let reply = ReplyChannel(responder: responder, existing: buttonMessage, hints: hints(for: request),
                                 privateReplies: request.capabilities.privateReplies, logger: logger)
        if let (id, confirm) = Self.confirmationVerb(of: request.line) {
            return await resolveConfirmation(id: id, confirm: confirm, request: request, reply: reply, logger: logger)
        }
        return await run(request, reply: reply, expected: nil, confirmed: false, logger: logger)
    }

    /// Commands named in replies, as the request's platform types them.
    private func hints(for request: ChatRequest) -> CommandHints {
        CommandHints(prefix: request.capabilities.commandPrefix, commandWords: commandWords)
    }

    private func logger(for request: ChatRequest) -> Logger {
        var logger = logger
        logger[metadataKey: ChatRequest.logMetadataKey] = "\(request.id)"
        logger[metadataKey: "subject"] = "\(request.subject)"
        return logger
    }

    /// What the confirmation question tells the requester to do, as their platform allows it.
    static func howToConfirm(_ id: String, ttl: Duration, on capabilities: ChatCapabilities) -> String {
        let within = DurationParser.humanize(ttl)
        if capabilities.buttons { return "Only you can confirm. The buttons expire in \(within)." }
        if capabilities.reactions {
            // A message sent on its own would not say which question it answers: it must be a reply.
            return "Only you can confirm: react ✅ to confirm or ❌ to cancel (or reply to this message with "
                + "\(Markup.code("confirm")) or \(Markup.code("cancel"))) within \(within)."
        }
        return "Only you can confirm: reply \(Markup.code("confirm \(id)")) or \(Markup.code("cancel \(id)")) within \(within)."
    }

    /// `confirm <id>` or `cancel <id>` (what Confirm and Cancel buttons send).
    private static func confirmationVerb(of line: String) -> (id: String, confirm: Bool)? {
        let words = (try? CommandTokenizer.tokenize(CommandTokenizer.stripPrefix(line))) ?? []
        guard words.count == 2, let verb = words.first?.lowercased(), verb == "confirm" || verb == "cancel" else { return nil }
        return (words[1], verb == "confirm")
    }

    /// Why the requester may not run this command at all (no grant of its permission, or none on the
    /// cluster it names); nil when they may, at least on some targets.
    private func refusal(of command: ParsedCommand, for request: ChatRequest) -> String? {
        let permission = command.spec.permission
        if case let .denied(reason) = services.policy.check(permission, subjects: request.subjects) { return reason }
        let policy = services.policy
        if command.spec.usesCluster,
           let cluster = try? services.clusters.cluster(named: command.text("cluster"), reaches: {
               policy.check(permission, subjects: request.subjects, cluster: $0).isAllowed
           }),
           case let .denied(reason) = services.policy.check(permission, subjects: request.subjects, cluster: cluster.name) {
            return reason
        }
        return nil
    }

    private func run(_ request: ChatRequest, reply: ReplyChannel, expected: ConfirmationTarget?, confirmed: Bool,
                     logger: Logger) async -> DispatchOutcome {
        let command: ParsedCommand
        do {
            command = try parser.parse(request.line)
        } catch {
            count("unknown", outcome: "invalid")
            await reply.show(.privateError(error.userMessage))
            return .invalid
        }
        let name = command.spec.name
        if let reason = refusal(of: command, for: request) {
            count(name, outcome: "denied")
            await audit(request, command: command, result: .denied, detail: reason, notes: nil, logger: logger)
            await reply.show(.privateError("Not allowed. \(reason)"))
            return .denied
        }
        guard let handler = handlers[name] else {
            logger.error("No handler for a catalog command", metadata: ["command": "\(name)"])
            await reply.show(.privateError("`\(name)` is not available in this version."))
            return .internalError
        }
        let notes = AuditNotes()
        let context = CommandContext(request: request, command: command, services: services, reply: reply,
                                     notes: notes, confirmed: confirmed, expected: expected, logger: logger)
        if let cluster = context.clusterName {
            let parser = parser
            await reply.setPreparation { ButtonPinning.pin($0, toCluster: cluster, parser: parser) }
        }
        if command.spec.changesState {
            // The intent is written before anything is done: an action the log cannot record is not taken.
            do {
                await notes.set(intent: try await services.store.audit.begin(entry(request, command: command, result: .started, detail: nil)))
            } catch {
                count(name, outcome: "failed")
                logger.error("Could not write the audit intent; nothing was done", metadata: ["command": "\(name)", "error": "\(error)"])
                await reply.show(.privateError((error as? any UserFacingError)?.userMessage
                    ?? "Nothing was done: the bot cannot write its audit log. An admin can check /healthz."))
                return .failed
            }
        }
        do {
            let message = try await handler.handle(context)
            count(name, outcome: "ok")
            await audit(request, command: command, result: .ok, detail: nil, notes: notes, logger: logger)
            await reply.show(message)
            return .ok
        } catch let needed as ConfirmationNeeded {
            return await askConfirmation(needed, request: request, command: command, notes: notes, reply: reply, logger: logger)
        } catch let denied as AccessDenied {
            count(name, outcome: "denied")
            await audit(request, command: command, result: .denied, detail: denied.reason, notes: notes, logger: logger)
            await reply.show(.privateError(denied.userMessage))
            return .denied
        } catch let hidden as HiddenTarget {
            count(name, outcome: "denied")
            await notes.set(target: hidden.target)
            await audit(request, command: command, result: .denied, detail: "outside the requester's scope", notes: notes, logger: logger)
            await reply.show(.privateError(hidden.userMessage))
            return .denied
        } catch let error as InvalidRequest {
            count(name, outcome: "invalid")
            await audit(request, command: command, result: .failed, detail: error.userMessage, notes: notes, logger: logger)
            await reply.show(.privateError(error.userMessage))
            return .invalid
        } catch let error as any UserFacingError {
            count(name, outcome: "failed")
            await audit(request, command: command, result: .failed, detail: error.userMessage, notes: notes, logger: logger)
            await reply.show(.privateError(error.userMessage))
            return .failed
        } catch {
            count(name, outcome: "error")
            let reference = String(UUID().uuidString.prefix(8)).lowercased()
            logger.error("Command failed", metadata: ["command": "\(name)", "reference": "\(reference)", "error": "\(error)"])
            await audit(request, command: command, result: .failed, detail: "internal error \(reference)", notes: notes, logger: logger)
            await reply.show(.privateError("That failed. Reference `\(reference)` (the log has the details).",
                                           title: "Internal error"))
            return .internalError
        }
    }

    private func askConfirmation(_ needed: ConfirmationNeeded, request: ChatRequest, command: ParsedCommand, notes: AuditNotes,
                                 reply: ReplyChannel, logger: Logger) async -> DispatchOutcome {
        do {
            let record = try await services.store.confirmations.create(
                subject: request.subject.description, platform: request.platform, channel: request.channel,
                commandLine: needed.line, summary: needed.summary, target: needed.target?.encoded, now: services.now(),
                ttl: services.confirmationTTL)
            await audit(request, command: command, result: .confirmationRequested, detail: needed.summary, notes: notes, logger: logger)
            Counter(label: MetricFamily.confirmations.name, dimensions: [("outcome", "requested")]).increment()
            await reply.show(Message(
                title: "\(needed.summary)?",
                text: Self.howToConfirm(record.id, ttl: services.confirmationTTL, on: request.capabilities),
                buttons: [
                    Button("Confirm", command: "confirm \(record.id)", style: .danger),
                    Button("Cancel", command: "cancel \(record.id)"),
                ],
                severity: .pending))
            return .awaitingConfirmation
        } catch {
            logger.error("Could not store a confirmation", metadata: ["error": "\(error)"])
            await reply.show(.privateError("Could not ask for confirmation (the database failed); nothing was done."))
            return .internalError
        }
    }

    private func resolveConfirmation(id: String, confirm: Bool, request: ChatRequest, reply: ReplyChannel, logger: Logger) async -> DispatchOutcome {
        let outcome: ConfirmationOutcome
        do {
            outcome = try await services.store.confirmations.resolve(
                id: id, subject: request.subject.description, confirm: confirm, now: services.now())
        } catch {
            logger.error("Could not resolve a confirmation", metadata: ["error": "\(error)"])
            await reply.show(.privateError("Could not read the confirmation (the database failed); nothing was done."))
            return .internalError
        }
        Counter(label: MetricFamily.confirmations.name, dimensions: [("outcome", outcome.metricLabel)]).increment()
        if !request.capabilities.privateReplies {
            switch outcome {
            // The asker's own answer, seen by everyone: it replaces the question.
            case .confirmed, .expired: await reply.letPrivateAnswersReplace()
            default: break
            }
        }
        switch outcome {
        case let .confirmed(record):
            var confirmed = request
            confirmed.line = record.commandLine
            confirmed.origin = .button
            return await run(confirmed, reply: reply, expected: ConfirmationTarget(encoded: record.target), confirmed: true, logger: logger)
        case let .cancelled(record):
            await auditConfirmation(request, line: record.commandLine, result: .cancelled, logger: logger)
            await reply.show(Message(title: "Cancelled", text: "\(record.summary): nothing was done.", severity: .info))
            return .ok
        case .notFound:
            await reply.show(.privateError("That confirmation does not exist."))
            return .invalid
        case .expired:
            await reply.show(.privateError("That confirmation has expired; nothing was done. Run the command again."))
            return .invalid
        case .alreadyUsed:
            await reply.show(.privateError("That confirmation was already used."))
            return .invalid
        case .wrongUser:
            await auditConfirmation(request, line: "confirm \(id)", result: .denied, logger: logger)
            await reply.show(.privateError("Only the person who asked can confirm or cancel this."))
            return .denied
        }
    }

    private func auditConfirmation(_ request: ChatRequest, line: String, result: AuditResult, logger: Logger) async {
        let command = (try? parser.parse(line)).map(\.spec.name) ?? "confirm"
        await write(AuditEntry(id: nil, time: services.now(), subject: request.subject.description, platform: request.platform,
                               channel: request.channel, command: command, arguments: line, target: nil, result: result,
                               detail: nil, upid: nil, cluster: nil), logger: logger)
    }

    /// Completes the command's intent when one was written, else records the entry.
    private func audit(_ request: ChatRequest, command: ParsedCommand, result: AuditResult, detail: String?,
                       notes: AuditNotes?, logger: Logger) async {
        guard let intent = await notes?.intent else {
            return await write(entry(request, command: command, result: result, detail: detail, notes: notes), logger: logger)
        }
        do {
            try await services.store.audit.finish(intent, result: result, detail: detail, target: await notes?.target,
                                                  upid: await notes?.upid, cluster: await notes?.cluster)
        } catch {
            // The intent stays, as started: the log still shows the action was asked for.
            logger.error("Could not complete the audit entry", metadata: ["error": "\(error)", "command": "\(command.spec.name)"])
        }
    }

    private func entry(_ request: ChatRequest, command: ParsedCommand, result: AuditResult, detail: String?,
                       notes: AuditNotes? = nil) async -> AuditEntry {
        AuditEntry(
            id: nil, time: services.now(), subject: request.subject.description, platform: request.platform,
            channel: request.channel, command: command.spec.name, arguments: command.canonicalLine,
            target: await notes?.target, result: result, detail: detail, upid: await notes?.upid,
            cluster: await notes?.cluster)
    }

    private func write(_ entry: AuditEntry, logger: Logger) async {
        do {
            try await services.store.audit.record(entry)
        } catch {
            logger.error("Could not write the audit log", metadata: ["error": "\(error)", "command": "\(entry.command)"])
        }
    }

    private func count(_ command: String, outcome: String) {
        Counter(label: MetricFamily.commands.name, dimensions: [("command", command), ("outcome", outcome)]).increment()
    }
}

extension ConfirmationOutcome {
    /// The `outcome` label of `nexboard_confirmations_total`.
    var metricLabel: String {
        switch self {
        case .confirmed: "confirmed"
        case .cancelled: "cancelled"
        case .notFound: "not_found"
        case .expired: "expired"
        case .alreadyUsed: "already_used"
        case .wrongUser: "wrong_user"
        }
    }
}
