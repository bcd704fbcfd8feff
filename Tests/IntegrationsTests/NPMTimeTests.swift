import Foundation
import Testing
@testable import Integrations

@Suite("NPM's timestamps")
struct NPMTimeTests {
    @Test("expires_on reads with or without fractional seconds, and in the database form NPM answers a creation with",
          arguments: ["2025-01-07T04:30:17.000Z", "2025-01-07T04:30:17Z", "2025-01-07 04:30:17"])
    func forms(text: String) {
        #expect(NPMTime.date(text) == Date(timeIntervalSince1970: 1_736_224_217))
    }

    @Test("anything else is no date", arguments: ["", "2025-01-07", "next tuesday", "2025-13-07T04:30:17Z"])
    func notADate(text: String) {
        #expect(NPMTime.date(text) == nil)
    }
}
