import NIOSSL

/// How a service's HTTPS certificate is checked (`ca_file`, `insecure_tls` in its configuration).
public enum IntegrationTLS: Sendable, Hashable {
    /// The system's trust roots.
    case system
    /// Only certificates signed by the PEM file at this absolute path (a self-signed certificate itself).
    case caFile(String)
    /// No verification (a lab's self-signed certificate, knowingly).
    case insecure

    func configuration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch self {
        case .system:
            break
        case let .caFile(path):
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
        case .insecure:
            configuration.certificateVerification = .none
        }
        return configuration
    }
}
