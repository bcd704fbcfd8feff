import NexBoardCore
import Testing

@Suite("Comparing secrets")
struct SecretMatchTests {
    @Test("matches only the exact value, whatever the length")
    func matches() {
        let secret = Secret("abc123")
        #expect(secret.matches("abc123"))
        for other in ["", "abc12", "abc1234", "ABC123", "abc124"] {
            #expect(!secret.matches(other))
        }
        #expect(Secret("").matches(""))
    }
}
