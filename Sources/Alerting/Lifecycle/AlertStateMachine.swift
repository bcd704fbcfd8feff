import Foundation

/// The lifecycle of one alert (one rule on one target), as a pure state machine.
///
/// States: inactive → pending (condition holds, `for` not yet over) → firing → back to inactive
/// when it clears (resolved). Over the firing state lie: acknowledged (someone took it; repeats
/// stop, the message shows who), silenced (nothing is announced while a silence or an inhibition
/// covers it) and flapping (too many transitions in a window: one "flapping" notice, then quiet
/// until it has been stable for a whole window).
///
/// What the chat sees is reconciled, not replayed: `announced` says whether a firing message is
/// out. A firing that starts and ends inside a silence is never announced, so nothing resolves
/// "by surprise" later; a firing that outlasts its silence is announced when the silence ends.
/// The struct is Codable so the store can keep it across restarts and config reloads.
public struct AlertStateMachine: Sendable, Hashable, Codable {
    private enum State: Sendable, Hashable, Codable {
        case inactive
        case pending(since: Date)
        case firing(since: Date)
    }

    /// What happened to the alert.
    public enum Input: Sendable, Hashable {
        /// A poll evaluated the rule on the target. `suppressed`: a silence or an inhibition covers it.
        case observe(AlertCondition, value: Double?, at: Date, suppressed: Bool)
        /// The target is gone (guest removed, rule no longer matches): like a clear.
        case vanished(at: Date, suppressed: Bool)
        case acknowledge(by: String, at: Date)
    }

    /// What to tell the subscribers.
    public enum Action: Sendable, Hashable {
        case none
        /// Announce a firing alert that has been firing since `since`.
        case fire(since: Date)
        /// Edit the firing message of `since` to resolved (it lasted until `at`).
        case resolve(since: Date, at: Date)
        /// Edit the firing message of `since` to show who acknowledged it.
        case acknowledged(by: String, since: Date)
        /// One notice that the alert flaps; quiet follows until it is stable.
        case flapping(at: Date)
        /// The alert still fires, unacknowledged, a repeat interval after it was last announced.
        case remind(since: Date, at: Date)
    }

    /// How long the condition must hold, and what counts as flapping.
    public struct Policy: Sendable, Hashable {
        public var forDuration: TimeInterval
        public var flapWindow: TimeInterval
        /// Transitions (firing or resolving) within `flapWindow` that make the alert flap.
        public var flapTransitions: Int
        /// Announce a still-firing, unacknowledged alert again after this long; nil: never.
        public var repeatInterval: TimeInterval?

        public init(forDuration: TimeInterval, flapWindow: TimeInterval = 600, flapTransitions: Int = 4,
                    repeatInterval: TimeInterval? = nil) {
            self.forDuration = forDuration
            self.flapWindow = flapWindow
            self.flapTransitions = flapTransitions
            self.repeatInterval = repeatInterval
        }
    }

    private var state: State = .inactive
    /// When the firing message that is out started; nil when none is out.
    public private(set) var announcedSince: Date?
    public private(set) var acknowledgedBy: String?
    public private(set) var lastValue: Double?
    private var transitions: [Date] = []
    public private(set) var isFlapping = false
    /// When the firing message or its last reminder went out.
    private var lastAnnouncedAt: Date?

    public init() {}

    /// Whether `other` is in the same state, apart from the last value observed: what changes on
    /// every poll of a breaching target, and need not be saved each time.
    public func sameState(as other: AlertStateMachine) -> Bool {
        var aligned = other
        aligned.lastValue = lastValue
        return aligned == self
    }

    public var isFiring: Bool { if case .firing = state { true } else { false } }
    public var isPending: Bool { if case .pending = state { true } else { false } }
    public var isInactive: Bool { state == .inactive && announcedSince == nil }
    /// When it last started or stopped firing (kept for the flapping window).
    public var lastTransition: Date? { transitions.last }

    /// Since when it fires, when it does.
    public var firingSince: Date? { if case .firing(let since) = state { since } else { nil } }

    /// A name for lists: inactive, pending, firing, acknowledged, flapping.
    public var label: String {
        if isFlapping { return "flapping" }
        switch state {
        case .inactive: return "inactive"
        case .pending: return "pending"
        case .firing: return acknowledgedBy == nil ? "firing" : "acknowledged"
        }
    }

    public mutating func handle(_ input: Input, policy: Policy) -> Action {
        switch input {
        case let .acknowledge(by, _):
            guard isFiring, let since = announcedSince, acknowledgedBy == nil else { return .none }
            acknowledgedBy = by
            return .acknowledged(by: by, since: since)
        case let .vanished(at, suppressed):
            return step(.clear, at: at, suppressed: suppressed, policy: policy)
        case let .observe(condition, value, at, suppressed):
            if let value { lastValue = value }
            return step(condition, at: at, suppressed: suppressed, policy: policy)
        }
    }

    private mutating func step(_ condition: AlertCondition, at now: Date, suppressed: Bool, policy: Policy) -> Action {
        var transitioned = false
        switch (state, condition) {
        case (.inactive, .breaching):
            state = .pending(since: now)
        case (.pending, .holding), (.pending, .clear):
            state = .inactive
        case (.firing, .clear):
            state = .inactive
            acknowledgedBy = nil
            transitioned = true
        default:
            break
        }
        if case .pending(let since) = state, condition == .breaching, now.timeIntervalSince(since) >= policy.forDuration {
            state = .firing(since: since.addingTimeInterval(policy.forDuration))
            transitioned = true
        }

        if transitioned { transitions.append(now) }
        // Looked at before it is changed: most polls drop nothing, and the array may be shared with a copy of the machine.
        if transitions.contains(where: { now.timeIntervalSince($0) > policy.flapWindow }) {
            transitions.removeAll { now.timeIntervalSince($0) > policy.flapWindow }
        }
        if transitioned, !isFlapping, transitions.count >= policy.flapTransitions {
            isFlapping = true
            return .flapping(at: now)
        }
        if isFlapping {
            guard let last = transitions.last, now.timeIntervalSince(last) < policy.flapWindow else {
                isFlapping = false
                return suppressed ? .none : reconcile(at: now, policy: policy)
            }
            return .none
        }
        return suppressed ? .none : reconcile(at: now, policy: policy)
    }

    /// Brings what the chat shows in line with the state.
    private mutating func reconcile(at now: Date, policy: Policy) -> Action {
        switch (state, announcedSince) {
        case (.firing(let since), nil):
            announcedSince = since
            lastAnnouncedAt = now
            return .fire(since: since)
        case (.firing, .some(let out)):
            guard let interval = policy.repeatInterval, acknowledgedBy == nil, let last = lastAnnouncedAt,
                  now.timeIntervalSince(last) >= interval else { return .none }
            lastAnnouncedAt = now
            return .remind(since: out, at: now)
        case (_, .some(let out)):
            announcedSince = nil
            lastAnnouncedAt = nil
            return .resolve(since: out, at: now)
        case (_, nil):
            return .none
        }
    }
}

extension AlertStateMachine {
    /// Writes the machine as its `Codable` conformance does (see `SavedJSON`).
    func write(to json: inout SavedJSON) {
        json.field("state") { json in
            switch state {
            case .inactive: json.field("inactive") { _ in }
            case .pending(let since): json.field("pending") { $0.field("since", since) }
            case .firing(let since): json.field("firing") { $0.field("since", since) }
            }
        }
        json.field("announcedSince", announcedSince)
        json.field("acknowledgedBy", acknowledgedBy)
        json.field("lastValue", lastValue)
        json.field("transitions", transitions)
        json.field("isFlapping", isFlapping)
        json.field("lastAnnouncedAt", lastAnnouncedAt)
    }
}
