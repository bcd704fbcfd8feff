import Foundation

/// Hex text as bytes, for the signatures and keys platforms send in hex (Discord's Ed25519
/// signatures and public key, Slack's HMAC-SHA256).
public enum HexBytes {
    /// The bytes of `hex` (two digits each, either case); nil when it is not hex.
    public static func decode(_ hex: String) -> Data? {
        // `UInt8(_:radix:)` alone would also take a sign ("+f").
        guard hex.count.isMultiple(of: 2), hex.allSatisfy(\.isHexDigit) else { return nil }
        var data = Data(capacity: hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            data.append(byte)
            index = next
        }
        return data
    }

    /// Lower-case hex of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
