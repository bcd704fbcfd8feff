import NexBoardCore
import Proxmox
import Yams

extension ConfigReader {
    static let backupServerKeys = ["url", "token_id", "token_secret", "token_secret_file", "ca_file", "insecure_tls", "fingerprint", "datastores"]

    /// `clusters[].pbs: {url, token_id, token_secret, ca_file | fingerprint | insecure_tls, datastores}`; nil when absent.
    func readBackupServer(_ cluster: ConfigMapping) -> BackupServerConfig? {
        guard cluster.has("pbs"),
              let pbs = mapping(cluster["pbs"], at: cluster.path("pbs"), parentMark: cluster.mark(of: "pbs"), keys: Self.backupServerKeys)
        else { return nil }
        let url: String?
        if pbs.has("url") {
            url = value("url", in: pbs, expected: "an http(s) URL like https://pbs.lan:8007", parse: ConfigValueForms.clusterURL)
        } else {
            report(pbs.path("url"), "is required: an http(s) URL like https://pbs.lan:8007", at: pbs.mark)
            url = nil
        }
        let id = requiredString("token_id", in: pbs, missing: "is required: \(ConfigValueForms.tokenIDForm)")
        if let id, !ConfigValueForms.isTokenID(id) {
            report(pbs.path("token_id"), "expected \(ConfigValueForms.tokenIDForm), got \"\(id)\"", at: pbs.mark(of: "token_id"))
        }
        let secret = secret("token_secret", in: pbs, missing: "is required with token_id (or token_secret_file)")
        let caFile = existingFile("ca_file", in: pbs)
        let insecureTLS = bool("insecure_tls", in: pbs, default: false)
        if insecureTLS, pbs.has("ca_file") {
            report(pbs.path("insecure_tls"), "cannot be combined with ca_file; ca_file already makes the certificate trusted",
                   at: pbs.mark(of: "insecure_tls"))
        }
        let fingerprint = value("fingerprint", in: pbs, expected: Self.fingerprintForm) { CertificateFingerprint($0) }
        if pbs.has("fingerprint") {
            if insecureTLS {
                report(pbs.path("insecure_tls"), "cannot be combined with fingerprint; the fingerprint already makes the certificate trusted",
                       at: pbs.mark(of: "insecure_tls"))
            }
            if pbs.has("ca_file") {
                report(pbs.path("fingerprint"), "cannot be combined with ca_file: pin the certificate, or trust the CA that signed it",
                       at: pbs.mark(of: "fingerprint"))
            }
            if let url, !url.lowercased().hasPrefix("https://") {
                report(pbs.path("fingerprint"), "needs an https url; \"\(url)\" is not encrypted", at: pbs.mark(of: "fingerprint"))
            }
        }
        var datastores: [String] = []
        if let nodes = sequence(pbs["datastores"], at: pbs.path("datastores"), example: "[store1]") {
            datastores = nodes.enumerated().compactMap { index, node in scalar(node, at: "\(pbs.path("datastores"))[\(index)]") }
        }
        guard let url, let id, ConfigValueForms.isTokenID(id), let secret else { return nil }
        return BackupServerConfig(url: url, tokenID: id, tokenSecret: secret, caFile: caFile, insecureTLS: insecureTLS,
                                  fingerprint: fingerprint, datastores: datastores)
    }

    static let fingerprintForm = "the SHA-256 fingerprint of its certificate, 64 hex digits with or without colons (AA:BB:…), "
        + "as the Backup Server's dashboard shows it (Show Fingerprint)"
}
