/// Random confirmation ids: 12 bytes from the system's cryptographic generator, base64url without
/// padding, so 16 URL-safe characters carrying 96 bits.
enum ConfirmationID {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var characters: [Character] = []
        characters.reserveCapacity(16)
        // 3 random bytes -> 4 characters of 6 bits each; 4 groups.
        for _ in 0..<4 {
            let bits = UInt32(truncatingIfNeeded: generator.next() as UInt64) & 0xFF_FFFF
            for shift in stride(from: 18, through: 0, by: -6) {
                characters.append(alphabet[Int((bits >> UInt32(shift)) & 0x3F)])
            }
        }
        return String(characters)
    }
}
