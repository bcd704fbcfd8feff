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
    }

    /// One observation of one alert in this cycle.
    private struct Observation {
        /// The rule's index in `rules` (an index, not a copy: thousands of observations per cycle).
        var rule: Int
        var target: AlertTarget
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
        let trackedTargets = Self.trackedTargets(previous)
        let crashed = Set(events.compactMap { event -> Int? in
            if case .guestStopped(let vmid, false) = event.kind { vmid } else { nil }
        })
        let guests = snapshot?.guests ?? []
        // What each guest is, made once per cycle rather than once per rule: 10,000 guests × the guest rules.
        let guestIDs = guests.map { String($0.vmid) }
        let offline = Set(snapshot?.nodes.filter { !$0.online }.map(\.name) ?? [])
        let muted = guests.map { $0.tags.contains(muteTag) }
        let suppressedGuests = guests.indices.map { index in muted[index] || (!offline.isEmpty && offline.contains(guests[index].node)) }
        var guestIndexByVMID: [Int: Int]?
        // A guest tracked by several rules shares one target (its label is made once, its strings shared).
        var guestTargets = [AlertTarget?](repeating: nil, count: guests.count)
        func guestTarget(_ index: Int) -> AlertTarget {
            if let target = guestTargets[index] { return target }
            let target = Self.target(guests[index], id: guestIDs[index])
            guestTargets[index] = target
            return target
        }
        /// The id of each guest's tracked alert of a rule (by the guest's index); nil when it has none.
        func trackedGuests(_ tracked: [String: String]) -> [String?]? {
            guard !tracked.isEmpty else { return nil }
            if guestIndexByVMID == nil { guestIndexByVMID = guests.firstIndexByVMID() }
            var alertIDs = [String?](repeating: nil, count: guests.count)
            for (targetID, alertID) in tracked {
                guard let vmid = Int(targetID), let index = guestIndexByVMID?[vmid], guestIDs[index] == targetID else { continue }
                alertIDs[index] = alertID
            }
            return alertIDs
        }
        for (ruleIndex, rule) in rules.enumerated() {
            if rule.metric == .clusterUnreachable {
                let target = AlertTarget(id: "cluster", label: "Cluster \(cluster)")
                observations[TrackedAlert.id(rule: rule.name, cluster: cluster, target: target.id)] =
                    Observation(rule: ruleIndex, target: target, condition: snapshot == nil ? .breaching : .clear, value: nil, suppressed: false)
                continue
            }
            guard let snapshot else { continue }
            let tracked = trackedTargets[rule.name] ?? [:]
            /// `alertID`: the id of the target's tracked alert, if it has one.
            func add(_ target: @autoclosure () -> AlertTarget, _ condition: AlertCondition, _ value: Double?, suppressed: Bool = false,
                     id targetID: String, tracked alertID: String?) {
                // Most targets are fine and were fine: nothing to track, nothing to build (not even the id).
                guard condition == .breaching || alertID != nil else { return }
                let id = alertID ?? TrackedAlert.id(rule: rule.name, cluster: cluster, target: targetID)
                observations[id] = Observation(rule: ruleIndex, target: target(), condition: condition, value: value, suppressed: suppressed)
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
                    add(AlertTarget(id: node.name, label: node.name, node: node.name), rule.condition(percent: fraction * 100), fraction * 100,
                        id: node.name, tracked: tracked[node.name])
                }
            case .nodeOffline:
                for node in snapshot.nodes where rule.scope.includes(node: node.name) {
                    add(AlertTarget(id: node.name, label: "Node \(node.name)", node: node.name), node.online ? .clear : .breaching, nil,
                        id: node.name, tracked: tracked[node.name])
                }
            case .storageUsage:
                for storage in snapshot.storages where rule.scope.includes(node: storage.node) && !offline.contains(storage.node) {
                    guard let usage = storage.usage else { continue }
                    let label = storage.label
                    add(AlertTarget(id: label, label: "Storage \(label)", alias: storage.name, node: storage.node),
                        rule.condition(percent: usage * 100), usage * 100, id: label, tracked: tracked[label])
                }
            case .guestCPU, .guestMemory, .guestDisk, .guestStoppedUnexpectedly:
                let trackedAlerts = trackedGuests(tracked)
                // By index: a `for guest in` would copy every guest (its strings and tags) once per rule.
                for index in guests.indices where !guests[index].template && rule.scope.includes(guests[index]) {
                    let targetID = guestIDs[index]
                    let suppressed = suppressedGuests[index]
                    let alertID = trackedAlerts?[index]
                    if rule.metric == .guestStoppedUnexpectedly {
                        if suppressed {
                            if alertID != nil {
                                add(guestTarget(index), .holding, nil, suppressed: true, id: targetID, tracked: alertID)
                            }
                            continue
                        }
                        let wasDown = alertID.flatMap { previous[$0] }.map { !$0.machine.isInactive } ?? false
                        let down = guests[index].status == "stopped" && (crashed.contains(guests[index].vmid) || wasDown)
                        add(guestTarget(index), down ? .breaching : .clear, nil, id: targetID, tracked: alertID)
                        continue
                    }
                    guard guests[index].isRunning || suppressed else {
                        if alertID != nil { add(guestTarget(index), .clear, nil, id: targetID, tracked: alertID) }
                        continue
                    }
                    if suppressed {
                        if alertID != nil {
                            add(guestTarget(index), .holding, nil, suppressed: true, id: targetID, tracked: alertID)
                        }
                        continue
                    }
                    let fraction = switch rule.metric {
                    case .guestCPU: guests[index].cpu
                    case .guestMemory: guests[index].memory
                    default: guests[index].disk
                    }
                    guard let fraction else { continue }
                    add(guestTarget(index), rule.condition(percent: fraction * 100), fraction * 100, id: targetID,
                        tracked: alertID)
                }
            case .backupMissing:
                let limit = TimeInterval(rule.days ?? 1) * 86_400
                let trackedAlerts = trackedGuests(tracked)
                for index in guests.indices where !guests[index].template && rule.scope.includes(guests[index]) {
                    let vmid = guests[index].vmid
                    let since = backups.lastSuccess[vmid] ?? backups.firstSeen[vmid] ?? now
                    add(guestTarget(index), now.timeIntervalSince(since) >= limit ? .breaching : .clear, nil,
                        suppressed: muted[index], id: guestIDs[index], tracked: trackedAlerts?[index])
                }
            case .quorumLost:
                // Unknown (a single node has no cluster entry) counts as fine.
                add(AlertTarget(id: "cluster", label: "Cluster \(cluster)"), snapshot.quorate == false ? .breaching : .clear, nil,
                    id: "cluster", tracked: tracked["cluster"])
            case .clusterUnreachable, .wanAddressChanged, .gatewayDown, .gatewayLoss, .dnsBlockingOff, .certificateExpiry, .appDown:
                break
            }
        }

        return settle(cluster: cluster, observations: observations, previous: previous, events: events, silences: silences, now: now) { _, rule in
            // A cluster that did not answer tells nothing about its guests and nodes: keep them as they are.
            snapshot == nil && rule != nil
        }
    }

    /// The id of each tracked alert, by rule name, then by target id.
    private static func trackedTargets(_ alerts: [String: TrackedAlert]) -> [String: [String: String]] {
        var targets: [String: [String: String]] = [:]
        for (id, alert) in alerts { targets[alert.rule, default: [:]][alert.target.id] = id }
        return targets
    }

    /// What a guest's alert is about (built only for the guests whose alert is tracked or breaching).
    private static func target(_ guest: GuestSample, id: String) -> AlertTarget {
        AlertTarget(id: id, label: guest.label, alias: guest.name, node: guest.node, tags: guest.tags, pool: guest.pool)
    }

    /// Moves every observed alert's state machine, and those of previous alerts not observed (they
    /// vanished, unless `keepUnobserved` says their source was not read), and gathers the notifications.
    private func settle(cluster: String, observations: [String: Observation], previous: [String: TrackedAlert], events: [ClusterEvent],
                        silences: [String], now: Date, keepUnobserved: (TrackedAlert, AlertRule?) -> Bool) -> Outcome {
        var alerts: [String: TrackedAlert] = [:]
        // Most alerts observed stay tracked: no rehash of a growing dictionary of thousands.
        alerts.reserveCapacity(observations.count)
        var forgotten: [String] = []
        var notifications: [AlertNotification] = []
        let rulesByName = Dictionary(rules.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let policies = rules.map(policy)

        for (id, observation) in observations {
            let rule = observation.rule
            var alert: TrackedAlert
            let wasTracked: Bool
            if let saved = previous[id] {
                alert = saved
                wasTracked = true
            } else {
                alert = TrackedAlert(id: id, cluster: cluster, rule: rules[rule].name, target: observation.target, severity: rules[rule].severity,
                                     label: Self.label(rules[rule], observation.target))
                wasTracked = false
            }
            alert.target = observation.target
            alert.severity = rules[rule].severity
            let silenced = observation.suppressed || silences.contains { alert.matches($0) }
            let action = alert.machine.handle(
                .observe(observation.condition, value: observation.value, at: now, suppressed: silenced), policy: policies[rule])
            if let notification = notification(for: action, alert: alert, rule: rules[rule]) { notifications.append(notification) }
            keep(alert, in: &alerts, forgotten: &forgotten, wasTracked: wasTracked, now: now)
        }
        for (id, alert) in previous where observations[id] == nil {
            let rule = rulesByName[alert.rule]
            if keepUnobserved(alert, rule) {
                alerts[id] = alert
                continue
            }
            var alert = alert
            let silenced = silences.contains { alert.matches($0) }
            let action = alert.machine.handle(.vanished(at: now, suppressed: silenced), policy: rule.map(policy) ?? defaultPolicy)
            if let notification = notification(for: action, alert: alert, rule: rule) { notifications.append(notification) }
            keep(alert, in: &alerts, forgotten: &forgotten, wasTracked: true, now: now)
        }

        // Dictionary order is not stable: announce alerts in a stable order.
        notifications.sort { ($0.alertID ?? "", $0.dedupeKey) < ($1.alertID ?? "", $1.dedupeKey) }
        for event in events where !event.tags.contains(muteTag) {
            notifications.append(AlertNotification(
                kind: .event, alertID: nil, cluster: event.cluster, node: event.node, tags: event.tags, severity: event.severity,
                title: event.text, since: nil, at: event.time, eventKind: event.kind.name, dedupeKey: event.key, threadKey: nil,
                concern: event.concern))
        }
        return Outcome(alerts: alerts, forgotten: forgotten, notifications: notifications)
    }

    /// Evaluates the integration rules on one reading of the homelab services. Their alerts live
    /// under `IntegrationSample.source` where a cluster's name goes.
    public func evaluate(integrations sample: IntegrationSample, alerts previous: [String: TrackedAlert], silences: [String],
                         now: Date) -> Outcome {
        let silences = silences + maintenance.filter { $0.isOpen(at: now) }.flatMap(\.silenceMatchers)
        let source = IntegrationSample.source
        var observations: [String: Observation] = [:]
        let trackedTargets = Self.trackedTargets(previous)
        for (ruleIndex, rule) in rules.enumerated() where rule.metric.isIntegration && sample.covers(rule.metric) {
            let tracked = trackedTargets[rule.name] ?? [:]
            func add(_ id: String, _ label: String, _ condition: AlertCondition, _ value: Double? = nil) {
                if condition != .breaching, tracked[id] == nil { return }
                observations[TrackedAlert.id(rule: rule.name, cluster: source, target: id)] = Observation(
                    rule: ruleIndex, target: AlertTarget(id: id, label: label), condition: condition, value: value, suppressed: false)
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

    /// Keeps an alert that is not inactive, or that changed lately (its flapping history must
    /// survive a resolve); forgets the rest.
    private func keep(_ alert: TrackedAlert, in alerts: inout [String: TrackedAlert], forgotten: inout [String], wasTracked: Bool,
                      now: Date) {
        let changedLately = alert.machine.lastTransition.map { now.timeIntervalSince($0) <= flapWindow } ?? false
        if alert.machine.isInactive && !alert.machine.isFlapping && !changedLately {
            if wasTracked { forgotten.append(alert.id) }
        } else {
            alerts[alert.id] = alert
        }
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
