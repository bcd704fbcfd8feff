@testable import NexBoard
import NexBoardTesting
import TestScopes
import Testing

@Suite("Catalog and handlers", .stopsWhatItStarts)
struct CatalogHandlerTests {
    @Test("every catalog entry has a handler and every handler has an entry")
    func everyEntryHasAHandler() async throws {
        let test = try await TestApplication.make()
        let unmatched = test.app.dispatcher.unmatched
        #expect(unmatched.commands.isEmpty, "catalog entries without a handler: \(unmatched.commands)")
        #expect(unmatched.handlers.isEmpty, "handlers without a catalog entry: \(unmatched.handlers)")
        let names = Handlers.all.map(\.command)
        #expect(Set(names).count == names.count, "two handlers claim the same command")
        await test.shutdown()
    }
}
