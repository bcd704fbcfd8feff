import Crypto
import Foundation
import NIOSSL

/// The SHA-256 fingerprint of a TLS certificate, as Proxmox shows it (the Backup Server's dashboard,
/// `proxmox-backup-manager cert info`): 32 bytes written as upper-case hex pairs joined by colons.
public struct CertificateFingerprint: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Reads 64 hex digits, in either case, bare or as 32 pairs joined by colons (`AA:BB:…`); nil for anything else.
    public init?(_ text: String) {
        let pairs = text.split(separator: ":", omittingEmptySubsequences: false)
        let hex = pairs.count == 1 ? text : pairs.joined()
        guard pairs.count == 1 || pairs.count == 32 && pairs.allSatisfy({ $0.count == 2 }),
              hex.count == 64, hex.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        let digits = Array(hex)
        bytes = stride(from: 0, to: digits.count, by: 2).compactMap { UInt8(String(digits[$0...$0 + 1]), radix: 16) }
    }

    /// The fingerprint of `certificate`: SHA-256 over its DER encoding.
    public init(of certificate: NIOSSLCertificate) throws {
        bytes = Array(SHA256.hash(data: try certificate.toDERBytes()))
    }

    /// `AA:BB:…:FF`.
    public var description: String {
        bytes.map { String(format: "%02X", $0) }.joined(separator: ":")
    }
}
