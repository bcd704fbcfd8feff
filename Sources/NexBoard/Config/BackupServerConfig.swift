import NexBoardCore
import Proxmox

/// A cluster's Proxmox Backup Server (`clusters[].pbs`), read beside the PVE storages that point at it.
public struct BackupServerConfig: Sendable, Equatable {
    /// `https://pbs.lan:8007`.
    public var url: String
    /// `USER@REALM!TOKENID`; sent as `PBSAPIToken=ID:SECRET`.
    public var tokenID: String
    public var tokenSecret: Secret
    /// The PEM trust root for its certificate (PBS makes a self-signed one).
    public var caFile: String?
    public var insecureTLS: Bool
    /// The SHA-256 fingerprint of its certificate: exactly that certificate is trusted.
    public var fingerprint: CertificateFingerprint?
    /// The datastores to read; all when empty.
    public var datastores: [String]

    public init(url: String, tokenID: String, tokenSecret: Secret, caFile: String? = nil, insecureTLS: Bool = false,
                fingerprint: CertificateFingerprint? = nil, datastores: [String] = []) {
        self.url = url
        self.tokenID = tokenID
        self.tokenSecret = tokenSecret
        self.caFile = caFile
        self.insecureTLS = insecureTLS
        self.fingerprint = fingerprint
        self.datastores = datastores
    }

    /// Which certificates its client trusts.
    var tls: ProxmoxConnection.TLS {
        if insecureTLS { return .insecure }
        if let fingerprint { return .fingerprint(fingerprint) }
        return caFile.map { .caFile($0) } ?? .system
    }
}
