import Foundation
import NexBoardCore

/// Evaluates the rules on a snapshot and moves each alert's state machine. Pure: the caller loads
/// and saves the states, and passes the time.
public struct AlertEngine: Sendable {
    public var rules: [AlertRule]
    /// Guests with this Proxmox tag raise no alerts and no events.
    public var muteTag: String
    public var flapWindow: TimeInterval
    public var flapTransitions: Int
    /// Announce still-firing, unacknowledged alerts again after this long; nil: never.
    public var repeatInterval: TimeInterval?
    /// Weekly windows during which matching alerts are silenced.
    public var maintenance: [MaintenanceWindow]

    /// The rule used when the configuration has none for an unreachable cluster.
    public static let defaultUnreachableRule = AlertRule(
        name: "cluster-unreachable", metric: .clusterUnreachable, for: .seconds(60), severity: .critical)

    public init(rules: [AlertRule], muteTag: String = "nexboard-mute", flapWindow: TimeInterval = 600, flapTransitions: Int = 4,
                repeatInterval: TimeInterval? = nil, maintenance: [MaintenanceWindow] = []) {
        self.repeatInterval = repeatInterval
        self.maintenance = maintenance
        self.rules = rules.contains { $0.metric == .clusterUnreachable } ? rules : rules + [Self.defaultUnreachableRule]
        self.muteTag = muteTag
        self.flapWindow = flapWindow
        self.flapTransitions = flapTransitions
    }

    /// The outcome of one evaluation: every alert that is not inactive, and what to announce.
    public struct Outcome: Sendable {
        public var alerts: [String: TrackedAlert]
        /// Ids of alerts that went back to inactive with nothing out (to forget).
        public var forgotten: [String]
        public var notifications: [AlertNotification]
        /// Ids of the alerts in `alerts` that are new or whose saved form changed (more than the
        /// last value observed): what the store writes. Most stay as they were from one poll to the next.
        public var changed: [String]
    }

    /// What an observation is about.
    private enum Subject {
        case target(AlertTarget)
        /// A guest, by its index in the snapshot: its target is made only for an alert that is new
        /// or whose target changed, not for each of the thousands tracked.
        case guest(Int)
    }

    /// One observation of one alert in this cycle.
    private struct Observation {
        /// The rule's index in `rules` (an index, not a copy: thousands of observations per cycle).
        var rule: Int
        var subject: Subject
        var condition: AlertCondition
        var value: Double?
        var suppressed: Bool
    }

    /// Evaluates one cycle. `snapshot` nil means the cluster did not answer: only the unreachable
    /// rule moves, other alerts keep their state. `events` are this cycle's events (they become
    /// event notifications, and an unexpected stop feeds the guest-stopped rule).
    public func evaluate(cluster: String, snapshot: ClusterSnapshot?, events: [ClusterEvent], alerts previous: [String: TrackedAlert],
                         silences: [String], backups: BackupLedger = BackupLedger(), now: Date) -> Outcome {
        let silences = silences + maintenance.filter { $0.isOpen(at: now) }.flatMap(\.silenceMatchers)
        var observations: [String: Observation] = [:]
        observations.reserveCapacity(previous.count)
        let crashed = Set(events.compactMap { event -> Int? in
            if case .guestStopped(let vmid, false) = event.kind { vmid } else { nil }
        })
        let guests = snapshot?.guests ?? []
        // What each guest is, made once per cycle rather than once per rule: 10,000 guests × the guest rules.
        let guestIDs = guests.map { String($0.vmid) }
        let offline = Set(snapshot?.nodes.filter { !$0.online }.map(\.name) ?? [])
        let muted = guests.map { $0.tags.contains(muteTag) }
        let suppressedGuests = guests.indices.map { index in muted[index] || (!offline.isEmpty && offline.contains(guests[index].node)) }
        let trackedIDs = self.trackedIDs(previous, guests: guests, guestIDs: guestIDs)
        for (ruleIndex, rule) in rules.enumerated() {
            if rule.metric == .clusterUnreachable {
                let target = AlertTarget(id: "cluster", label: "Cluster \(cluster)")
                observations[TrackedAlert.id(rule: rule.name, cluster: cluster, target: target.id)] =
                    Observation(rule: ruleIndex, subject: .target(target), condition: snapshot == nil ? .breaching : .clear, value: nil, suppressed: false)
                continue
            }
            guard let snapshot else { continue }
            let tracked = trackedIDs.byTarget[ruleIndex]
            let everyGuest = rule.scope.includesEverything
            /// `alertID`: the id of the target's tracked alert, if it has one.
            func add(_ subject: @autoclosure () -> Subject, _ condition: AlertCondition, _ value: Double?, suppressed: Bool = false,
                     id targetID: String, tracked alertID: String?) {
                // Most targets are fine and were fine: nothing to track, nothing to build (not even the id).
                guard condition == .breaching || alertID != nil else { return }
                let id = alertID ?? TrackedAlert.id(rule: rule.name, cluster: cluster, target: targetID)
                observations[id] = Observation(rule: ruleIndex, subject: subject(), condition: condition, value: value, suppressed: suppressed)
            }
            switch rule.metric {
            case .nodeCPU, .nodeMemory, .nodeRootDisk:
                for node in snapshot.nodes where rule.scope.includes(node: node.name) && node.online {
                    let fraction = switch rule.metric {
                    case .nodeCPU: node.cpu
                    case .nodeMemory: node.memory
                    default: node.rootDisk
                    }
                    guard let fraction else { continue }
                    add(.target(AlertTarget(id: node.name, label: node.name, node: node.name)), rule.condition(percent: fraction * 100), fraction * 100,
                        id: node.name, tracked: tracked[node.name])
                }
            case .nodeOffline:
                for node in snapshot.nodes where rule.scope.includes(node: node.name) {
                    add(.target(AlertTarget(id: node.name, label: "Node \(node.name)", node: node.name)), node.online ? .clear : .breaching, nil,
                        id: node.name, tracked: tracked[node.name])
                }
            case .storageUsage:
                for storage in snapshot.storages where rule.scope.includes(node: storage.node) && !offline.contains(storage.node) {
                    guard let usage = storage.usage else { continue }
                    let label = storage.label
                    add(.target(AlertTarget(id: label, label: "Storage \(label)", alias: storage.name, node: storage.node)),
                        rule.condition(percent: usage * 100), usage * 100, id: label, tracked: tracked[label])
                }
            case .guestCPU, .guestMemory, .guestDisk, .guestStoppedUnexpectedly:
                let trackedAlerts = trackedIDs.byGuest[ruleIndex]
                // By index: a `for guest in` would copy every guest (its strings and tags) once per rule.
                for index in guests.indices where !guests[index].template && (everyGuest || rule.scope.includes(guests[index])) {
                    let targetID = guestIDs[index]
                    let suppressed = suppressedGuests[index]
                    let alertID = trackedAlerts?[index]
                    if rule.metric == .guestStoppedUnexpectedly {
                        if suppressed {
                            if alertID != nil {
                                add(.guest(index), .holding, nil, suppressed: true, id: targetID, tracked: alertID)
                            }
                            continue
                        }
                        let wasDown = alertID.flatMap { previous[$0] }.map { !$0.machine.isInactive } ?? false
                        let down = guests[index].status == "stopped" && (crashed.contains(guests[index].vmid) || wasDown)
                        add(.guest(index), down ? .breaching : .clear, nil, id: targetID, tracked: alertID)
                        continue
                    }
                    guard guests[index].isRunning || suppressed else {
                        if alertID != nil { add(.guest(index), .clear, nil, id: targetID, tracked: alertID) }
                        continue
                    }
                    if suppressed {
                        if alertID != nil {
                            add(.guest(index), .holding, nil, suppressed: true, id: targetID, tracked: alertID)
                        }
                        continue
                    }
                    let fraction = switch rule.metric {
                    case .guestCPU: guests[index].cpu
                    case .guestMemory: guests[index].memory
                    default: guests[index].disk
                    }
                    guard let fraction else { continue }
                    add(.guest(index), rule.condition(percent: fraction * 100), fraction * 100, id: targetID,
                        tracked: alertID)
                }
            case .backupMissing:
                let limit = TimeInterval(rule.days ?? 1) * 86_400
                let trackedAlerts = trackedIDs.byGuest[ruleIndex]
                for index in guests.indices where !guests[index].template && (everyGuest || rule.scope.includes(guests[index])) {
                    let vmid = guests[index].vmid
                    let since = backups.lastSuccess[vmid] ?? backups.firstSeen[vmid] ?? now
                    add(.guest(index), now.timeIntervalSince(since) >= limit ? .breaching : .clear, nil,
                        suppressed: muted[index], id: guestIDs[index], tracked: trackedAlerts?[index])
                }
            case .quorumLost:
                // Unknown (a single node has no cluster entry) counts as fine.
                add(.target(AlertTarget(id: "cluster", label: "Cluster \(cluster)")), snapshot.quorate == false ? .breaching : .clear, nil,
                    id: "cluster", tracked: tracked["cluster"])
            case .clusterUnreachable, .wanAddressChanged, .gatewayDown, .gatewayLoss, .dnsBlockingOff, .certificateExpiry, .appDown:
                break
            }
        }

        return settle(cluster: cluster, observations: observations, previous: previous, guests: guests, guestIDs: guestIDs, events: events,
                      silences: silences, now: now) { _, rule in
            // A cluster that did not answer tells nothing about its guests and nodes: keep them as they are.
            snapshot == nil && rule != nil
        }
    }

    /// The ids of the tracked alerts of each rule (by its index in `rules`; rules of one name share
    /// them): by target id, and those of guests by the guest's index.
    private struct TrackedIDs {
        var byTarget: [[String: String]]
        /// nil for a rule that tracks no guest present.
        var byGuest: [[String?]?]
    }

    /// Sorts the tracked alerts by rule and target in one pass. `guests` and `guestIDs`: the
    /// snapshot's guests and their VMIDs as text (none for integrations).
    private func trackedIDs(_ alerts: [String: TrackedAlert], guests: [GuestSample] = [], guestIDs: [String] = []) -> TrackedIDs {
        var ruleIndices: [String: [Int]] = [:]
        for (index, rule) in rules.enumerated() { ruleIndices[rule.name, default: []].append(index) }
        var tracked = TrackedIDs(byTarget: Array(repeating: [:], count: rules.count), byGuest: Array(repeating: nil, count: rules.count))
        var guestIndexByVMID: [Int: Int]?
        for (id, alert) in alerts {
            for ruleIndex in ruleIndices[alert.rule] ?? [] {
                switch rules[ruleIndex].metric {
                case .guestCPU, .guestMemory, .guestDisk, .guestStoppedUnexpectedly, .backupMissing:
                    if guestIndexByVMID == nil { guestIndexByVMID = guests.firstIndexByVMID() }
                    guard let vmid = Int(alert.target.id), let index = guestIndexByVMID?[vmid], guestIDs[index] == alert.target.id else { continue }
                    if tracked.byGuest[ruleIndex] == nil { tracked.byGuest[ruleIndex] = Array(repeating: nil, count: guests.count) }
                    tracked.byGuest[ruleIndex]?[index] = id
                default:
                    tracked.byTarget[ruleIndex][alert.target.id] = id
                }
            }
        }
        return tracked
    }

    /// What a guest's alert is about (built only for a new alert or one whose target changed).
    private static func target(_ guest: GuestSample, id: String) -> AlertTarget {
        AlertTarget(id: id, label: guest.label, alias: guest.name, node: guest.node, tags: guest.tags, pool: guest.pool)
    }

    /// Moves every observed alert's state machine, and those of previous alerts not observed (they
    /// vanished, unless `keepUnobserved` says their source was not read), and gathers the notifications.
    /// `guests` and `guestIDs` are what `Subject.guest` indexes.
    private func settle(cluster: String, observations: [String: Observation], previous: [String: TrackedAlert], guests: [GuestSample] = [],
                        guestIDs: [String] = [], events: [ClusterEvent], silences: [String], now: Date,
                        keepUnobserved: (TrackedAlert, AlertRule?) -> Bool) -> Outcome {
        let silences = silences.map(SilenceMatcher.init)
        // Settled in place: an alert that only moves on is neither copied out nor hashed into a new collection.
        var alerts = previous
        var forgotten: [String] = []
        var changed: [String] = []
        var notifications: [AlertNotification] = []
        let policies = rules.map(policy)
        // A guest observed by several rules shares one target (its label made once, its strings shared).
        var guestTargets: [Int: AlertTarget] = [:]
        func target(_ subject: Subject) -> AlertTarget {
            switch subject {
            case .target(let target): return target
            case .guest(let index):
                if let target = guestTargets[index] { return target }
                let target = Self.target(guests[index], id: guestIDs[index])
                guestTargets[index] = target
                return target
            }
        }
        /// Whether `alert`'s target is the subject's, without making the subject's target.
        func isTarget(_ alert: TrackedAlert, _ subject: Subject) -> Bool {
            switch subject {
            case .target(let target): alert.target == target
            case .guest(let index):
                // Field by field on the guest in place: `target(_:)`'s fields, and its label not made.
                alert.target.id == guestIDs[index] && alert.target.alias == guests[index].name && alert.target.node == guests[index].node
                    && alert.target.pool == guests[index].pool && alert.target.tags == guests[index].tags
                    && guests[index].isLabel(alert.target.label)
            }
        }
        /// Moves one alert; whether its saved form changed (its id, cluster, rule and label never do here).
        func observe(_ alert: inout TrackedAlert, _ observation: Observation) -> Bool {
            let rule = rules[observation.rule]
            var moved = false
            if !isTarget(alert, observation.subject) {
                alert.target = target(observation.subject)
                moved = true
            }
            if alert.severity != rule.severity {
                alert.severity = rule.severity
                moved = true
            }
            let before = alert.machine
            let silenced = observation.suppressed || alert.isSilenced(by: silences)
            let action = alert.machine.handle(
                .observe(observation.condition, value: observation.value, at: now, suppressed: silenced), policy: policies[observation.rule])
            if let notification = notification(for: action, alert: alert, rule: rule) { notifications.append(notification) }
            return moved || !alert.machine.sameState(as: before)
        }

        var observedTracked = 0
        for (id, observation) in observations {
            if let index = alerts.index(forKey: id) {
                observedTracked += 1
                let moved = observe(&alerts.values[index], observation)
                if forgets(alerts.values[index], now: now) {
                    alerts.remove(at: index)
                    forgotten.append(id)
                } else if moved {
                    changed.append(id)
                }
                continue
            }
            let rule = rules[observation.rule]
            let target = target(observation.subject)
            var alert = TrackedAlert(id: id, cluster: cluster, rule: rule.name, target: target, severity: rule.severity,
                                     label: Self.label(rule, target))
            _ = observe(&alert, observation)
            if !forgets(alert, now: now) {
                alerts[id] = alert
                changed.append(id)
            }
        }
        // Every previous alert observed (the steady state): none vanished, none to look for.
        if observedTracked < previous.count {
            let rulesByName = Dictionary(rules.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            for (id, alert) in previous where observations[id] == nil {
                let rule = rulesByName[alert.rule]
                if keepUnobserved(alert, rule) { continue }
                guard let index = alerts.index(forKey: id) else { continue }
                let before = alert.machine
                let silenced = alert.isSilenced(by: silences)
                let action = alerts.values[index].machine.handle(.vanished(at: now, suppressed: silenced), policy: rule.map(policy) ?? defaultPolicy)
                if let notification = notification(for: action, alert: alerts.values[index], rule: rule) { notifications.append(notification) }
                if forgets(alerts.values[index], now: now) {
                    alerts.remove(at: index)
                    forgotten.append(id)
                } else if !alerts.values[index].machine.sameState(as: before) {
                    changed.append(id)
                }
            }
        }

        // Dictionary order is not stable: announce alerts in a stable order.
        notifications.sort { ($0.alertID ?? "", $0.dedupeKey) < ($1.alertID ?? "", $1.dedupeKey) }
        for event in events where !event.tags.contains(muteTag) {
            notifications.append(AlertNotification(
                kind: .event, alertID: nil, cluster: event.cluster, node: event.node, tags: event.tags, severity: event.severity,
                title: event.text, since: nil, at: event.time, eventKind: event.kind.name, dedupeKey: event.key, threadKey: nil,
                concern: event.concern))
        }
        return Outcome(alerts: alerts, forgotten: forgotten, notifications: notifications, changed: changed)
    }

    /// Evaluates the integration rules on one reading of the homelab services. Their alerts live
    /// under `IntegrationSample.source` where a cluster's name goes.
    public func evaluate(integrations sample: IntegrationSample, alerts previous: [String: TrackedAlert], silences: [String],
                         now: Date) -> Outcome {
        let silences = silences + maintenance.filter { $0.isOpen(at: now) }.flatMap(\.silenceMatchers)
        let source = IntegrationSample.source
        var observations: [String: Observation] = [:]
        let trackedIDs = self.trackedIDs(previous)
        for (ruleIndex, rule) in rules.enumerated() where rule.metric.isIntegration && sample.covers(rule.metric) {
            let tracked = trackedIDs.byTarget[ruleIndex]
            func add(_ id: String, _ label: String, _ condition: AlertCondition, _ value: Double? = nil) {
                if condition != .breaching, tracked[id] == nil { return }
                observations[TrackedAlert.id(rule: rule.name, cluster: source, target: id)] = Observation(
                    rule: ruleIndex, subject: .target(AlertTarget(id: id, label: label)), condition: condition, value: value, suppressed: false)
            }
            switch rule.metric {
            case .gatewayDown:
                for gateway in sample.gateways ?? [] { add("gateway:\(gateway.name)", "Gateway \(gateway.name)", gateway.isDown ? .breaching : .clear) }
            case .gatewayLoss:
                for gateway in sample.gateways ?? [] where !gateway.isDown {
                    guard let loss = gateway.loss else { continue }
                    add("gateway:\(gateway.name)", "Gateway \(gateway.name)", rule.condition(percent: loss), loss)
                }
            case .wanAddressChanged:
                if case let .some(.some(change)) = sample.wanChange {
                    let recent = now.timeIntervalSince(change.at) < IntegrationSample.wanChangeWindow
                    add("wan:\(change.to)", "\(change.to) (was \(change.from))", recent ? .breaching : .clear)
                }
            case .dnsBlockingOff:
                for filter in sample.filters ?? [] { add("dns:\(filter.name)", filter.name, filter.isBlocking ? .clear : .breaching) }
            case .certificateExpiry:
                let limit = TimeInterval(rule.days ?? 14) * 86_400
                for certificate in sample.certificates ?? [] {
                    add("cert:\(certificate.id)", certificate.label, certificate.expires.timeIntervalSince(now) < limit ? .breaching : .clear)
                }
            case .appDown:
                for app in sample.apps ?? [] { add("app:\(app.name)", "App \(app.name)", app.isUp ? .clear : .breaching) }
            default:
                break
            }
        }
        return settle(cluster: source, observations: observations, previous: previous, events: [], silences: silences, now: now) { _, rule in
            // A service not read this time tells nothing: its alerts stay as they are.
            rule.map { !sample.covers($0.metric) } ?? false
        }
    }

    /// Applies an acknowledgement to an alert; the notification edits its message.
    public func acknowledge(_ alert: inout TrackedAlert, by who: String, now: Date) -> AlertNotification? {
        let rule = rules.first { $0.name == alert.rule }
        let action = alert.machine.handle(.acknowledge(by: who, at: now), policy: rule.map(policy) ?? defaultPolicy)
        return notification(for: action, alert: alert, rule: rule)
    }

    /// Whether an alert is forgotten: inactive, and not changed lately (its flapping history must
    /// survive a resolve).
    private func forgets(_ alert: TrackedAlert, now: Date) -> Bool {
        let changedLately = alert.machine.lastTransition.map { now.timeIntervalSince($0) <= flapWindow } ?? false
        return alert.machine.isInactive && !alert.machine.isFlapping && !changedLately
    }

    private var defaultPolicy: AlertStateMachine.Policy {
        AlertStateMachine.Policy(forDuration: 0, flapWindow: flapWindow, flapTransitions: flapTransitions, repeatInterval: repeatInterval)
    }

    private func policy(_ rule: AlertRule) -> AlertStateMachine.Policy {
        AlertStateMachine.Policy(forDuration: rule.forDuration.timeInterval, flapWindow: flapWindow, flapTransitions: flapTransitions,
                                 repeatInterval: repeatInterval)
    }

    static func label(_ rule: AlertRule, _ target: AlertTarget) -> String {
        "\(target.label) \(rule.metric.noun)"
    }

    /// "pve2 memory 93% for 5m", "Node pve3 offline", "Cluster homelab unreachable for 1m".
    static func title(_ alert: TrackedAlert, rule: AlertRule?) -> String {
        var title = alert.label
        if rule?.metric.isThreshold == true, let value = alert.machine.lastValue { title += " \(Int(value.rounded()))%" }
        if let rule, rule.metric == .certificateExpiry, let days = rule.days {
            title += days == 0 ? " (expired)" : " within \(days) day\(days == 1 ? "" : "s")"
        } else if let rule, rule.metric == .backupMissing, let days = rule.days {
            title += " for \(days) day\(days == 1 ? "" : "s")"
        } else if let rule, rule.forDuration > .zero {
            title += " for \(DurationParser.format(rule.forDuration))"
        }
        return title
    }

    private func notification(for action: AlertStateMachine.Action, alert: TrackedAlert, rule: AlertRule?) -> AlertNotification? {
        func make(_ kind: AlertNotification.Kind, since: Date?, at: Date, key: String, thread: String?, title: String,
                  by: String? = nil) -> AlertNotification {
            AlertNotification(kind: kind, alertID: alert.id, cluster: alert.cluster, node: alert.target.node, tags: alert.target.tags,
                              severity: alert.severity, title: title, since: since, at: at, acknowledgedBy: by, dedupeKey: key,
                              threadKey: thread, concern: alert.target.concern(cluster: alert.cluster))
        }
        switch action {
        case .none:
            return nil
        case .fire(let since):
            let thread = Self.thread(alert.id, since)
            return make(.firing, since: since, at: since, key: thread + ":firing", thread: thread, title: Self.title(alert, rule: rule))
        case let .resolve(since, at):
            let thread = Self.thread(alert.id, since)
            return make(.resolved, since: since, at: at, key: thread + ":resolved", thread: thread, title: alert.label)
        case let .acknowledged(by, since):
            let thread = Self.thread(alert.id, since)
            return make(.acknowledged, since: since, at: since, key: thread + ":ack", thread: thread,
                        title: Self.title(alert, rule: rule), by: by)
        case let .remind(since, at):
            let thread = Self.thread(alert.id, since)
            let millis = Int64((at.timeIntervalSince1970 * 1000).rounded())
            return make(.reminder, since: since, at: at, key: "\(thread):reminder:\(millis)", thread: thread, title: Self.title(alert, rule: rule))
        case .flapping(let at):
            let millis = Int64((at.timeIntervalSince1970 * 1000).rounded())
            return make(.flapping, since: nil, at: at, key: "\(alert.id):flapping:\(millis)", thread: nil, title: alert.label)
        }
    }

    static func thread(_ id: String, _ since: Date) -> String {
        "\(id)#\(Int64((since.timeIntervalSince1970 * 1000).rounded()))"
    }
}
