import NexBoardCore

/// A `ChatRequestHandling` made of closures, for tests and benchmarks that stand in for the
/// dispatcher: every request is admitted unless `admit` says otherwise.
public struct StubRequestHandler: ChatRequestHandling {
    public typealias Handle = @Sendable (_ request: ChatRequest, _ responder: any Responder, _ buttonMessage: ReplyHandle?) async -> DispatchOutcome

    private let handleRequest: Handle
    private let admitRequest: @Sendable (ChatRequest) async -> Admission
    private let suggest: @Sendable (SuggestionQuery) async -> [Suggestion]

    public init(handle: @escaping Handle = { _, _, _ in .ok },
                admit: @escaping @Sendable (ChatRequest) async -> Admission = { _ in .accepted(visibility: .channel, slow: true) },
                suggest: @escaping @Sendable (SuggestionQuery) async -> [Suggestion] = { _ in [] }) {
        self.handleRequest = handle
        self.admitRequest = admit
        self.suggest = suggest
    }

    public func admit(_ request: ChatRequest) async -> Admission {
        await admitRequest(request)
    }

    public func handle(_ request: ChatRequest, responder: any Responder, buttonMessage: ReplyHandle?) async -> DispatchOutcome {
        await handleRequest(request, responder, buttonMessage)
    }

    public func suggestions(_ query: SuggestionQuery) async -> [Suggestion] {
        await suggest(query)
    }
}
