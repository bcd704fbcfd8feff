import Crypto
import Foundation
import SwiftASN1
import X509

/// A self-signed P-256 certificate for 127.0.0.1 and localhost, generated at start, like the
/// certificate a fresh Proxmox VE node serves.
struct SelfSignedCertificate: Sendable {
    let certificatePEM: String
    let privateKeyPEM: String
    /// SHA-256 of the DER certificate as upper-case hex pairs joined by ":", as PVE shows it.
    let fingerprintSHA256: String

    init(commonName: String = "127.0.0.1") throws {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            OrganizationName("NexBoard Proxmox simulator")
            CommonName(commonName)
        }
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3_600),
            notValidAfter: now.addingTimeInterval(365 * 86_400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                // Self-issued and usable as its own trust root: clients pin exactly this certificate.
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
            },
            issuerPrivateKey: .init(key)
        )
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        let der = serializer.serializedBytes
        self.certificatePEM = try certificate.serializeAsPEM().pemString
        self.privateKeyPEM = key.pemRepresentation
        self.fingerprintSHA256 = SHA256.hash(data: der).map { String(format: "%02X", $0) }.joined(separator: ":")
    }
}
