/// What chat platforms hand their requests to: NexBoard's dispatcher. A platform admits a request
/// before acknowledging it (refusals are the first, private answer), then hands it over with a
/// `Responder` for its replies; autocomplete asks for suggestions.
public protocol ChatRequestHandling: Sendable {
    func admit(_ request: ChatRequest) async -> Admission
    @discardableResult
    func handle(_ request: ChatRequest, responder: any Responder, buttonMessage: ReplyHandle?) async -> DispatchOutcome
    func suggestions(_ query: SuggestionQuery) async -> [Suggestion]
}
