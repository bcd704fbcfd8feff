import Alerting
import NexBoardCore
import Yams

extension ConfigReader {
    static let clusterKeys = [
        "name", "url", "token_id", "token_secret", "token_secret_file", "username", "password", "password_file",
        "ca_file", "insecure_tls", "timeout", "simulator", "pbs",
    ]
    static let remoteOnlyKeys = Array(clusterKeys.filter { !["name", "timeout", "simulator"].contains($0) })
    static let authMethods = "token_id with token_secret (or token_secret_file), or username with password (or password_file)"

    func readClusters(_ top: ConfigMapping) -> [ClusterConfig] {
        guard top.has("clusters") else {
            report(top.path("clusters"), "at least one cluster is required", at: top.mark(of: "clusters"))
            return []
        }
        let example = "[{name: home, url: https://pve1.lan:8006, token_id: ..., token_secret: ...}]"
        guard let nodes = sequence(top["clusters"], at: top.path("clusters"), example: example) else { return [] }
        if nodes.isEmpty {
            report(top.path("clusters"), "at least one cluster is required", at: top.mark(of: "clusters"))
        }
        var clusters: [ClusterConfig] = []
        var namePaths: [String: String] = [:]
        for (index, node) in nodes.enumerated() {
            let path = "\(top.path("clusters"))[\(index)]"
            guard let cluster = mapping(node, at: path, parentMark: node.mark, keys: Self.clusterKeys) else { continue }
            let name = requiredString("name", in: cluster, missing: "is required: \(ConfigValueForms.nameForm)")
            if let name {
                if !ConfigValueForms.isName(name) {
                    report(cluster.path("name"), "expected \(ConfigValueForms.nameForm), got \"\(name)\"", at: cluster.mark(of: "name"))
                } else if name == IntegrationSample.source {
                    report(cluster.path("name"), "\"\(name)\" is reserved: the homelab services' alerts are listed under it; choose another name",
                           at: cluster.mark(of: "name"))
                } else if let earlier = namePaths[name] {
                    report(cluster.path("name"), "duplicate cluster name \"\(name)\", already used by \(earlier)", at: cluster.mark(of: "name"))
                } else {
                    namePaths[name] = path
                }
            }
            let timeout = duration("timeout", in: cluster, default: .seconds(10), range: .seconds(1) ... .seconds(300))
            let source = cluster.mentions("simulator") ? readSimulator(cluster) : readRemote(cluster)
            let backupServer = readBackupServer(cluster)
            if let name, let source {
                var config = ClusterConfig(name: name, source: source, timeout: timeout)
                config.backupServer = backupServer
                clusters.append(config)
            }
        }
        return clusters
    }

    private func readSimulator(_ cluster: ConfigMapping) -> ClusterSource? {
        for key in Self.remoteOnlyKeys where cluster.mentions(key) {
            report(cluster.path(key), "cannot be combined with simulator, which needs no address or credentials", at: cluster.mark(of: key))
        }
        guard let simulator = mapping(
            cluster["simulator"], at: cluster.path("simulator"), parentMark: cluster.mark(of: "simulator"), keys: ["nodes", "guests", "seed"]
        ) else { return nil }
        let nodes = integer("nodes", in: simulator, default: 3, range: 1...64)
        let guests = integer("guests", in: simulator, default: 25, range: 0...10_000)
        let seed = value("seed", in: simulator, expected: "a whole number from 0 to \(UInt64.max)", parse: { UInt64($0) }) ?? 42
        return .simulator(nodes: nodes, guests: guests, seed: seed)
    }

    private func readRemote(_ cluster: ConfigMapping) -> ClusterSource? {
        let url: String?
        if cluster.has("url") {
            url = value("url", in: cluster, expected: ConfigValueForms.clusterURLForm, parse: ConfigValueForms.clusterURL)
        } else {
            report(cluster.path("url"), "is required: \(ConfigValueForms.clusterURLForm) (or simulator: for a simulated cluster)", at: cluster.mark)
            url = nil
        }
        let auth = readAuth(cluster)
        let caFile = existingFile("ca_file", in: cluster)
        let insecureTLS = bool("insecure_tls", in: cluster, default: false)
        if insecureTLS, cluster.has("ca_file") {
            report(
                cluster.path("insecure_tls"), "cannot be combined with ca_file; ca_file already makes the certificate trusted",
                at: cluster.mark(of: "insecure_tls")
            )
        }
        guard let url, let auth else { return nil }
        return .remote(url: url, auth: auth, caFile: caFile, insecureTLS: insecureTLS)
    }

    private func readAuth(_ cluster: ConfigMapping) -> ClusterAuth? {
        let tokenKeys = ["token_id", "token_secret", "token_secret_file"].filter(cluster.has)
        let passwordKeys = ["username", "password", "password_file"].filter(cluster.has)
        switch (tokenKeys.first, passwordKeys.first) {
        case (nil, nil):
            report(cluster.path("token_id"), "authentication is required: \(Self.authMethods)", at: cluster.mark)
            return nil
        case let (.some(tokenKey), .some(passwordKey)):
            report(
                cluster.path(passwordKey), "cannot be combined with \(tokenKey); use exactly one auth method: \(Self.authMethods)",
                at: cluster.mark(of: passwordKey)
            )
            return nil
        case (.some, nil):
            let id = requiredString("token_id", in: cluster, missing: "is required with token_secret: \(ConfigValueForms.tokenIDForm)")
            if let id, !ConfigValueForms.isTokenID(id) {
                report(cluster.path("token_id"), "expected \(ConfigValueForms.tokenIDForm), got \"\(id)\"", at: cluster.mark(of: "token_id"))
            }
            let secret = secret("token_secret", in: cluster, missing: "is required with token_id (or token_secret_file)")
            guard let id, ConfigValueForms.isTokenID(id), let secret else { return nil }
            return .token(id: id, secret: secret)
        case (nil, .some):
            let username = requiredString("username", in: cluster, missing: "is required with password: \(ConfigValueForms.usernameForm)")
            if let username, !ConfigValueForms.isUsername(username) {
                report(cluster.path("username"), "expected \(ConfigValueForms.usernameForm), got \"\(username)\"", at: cluster.mark(of: "username"))
            }
            let password = secret("password", in: cluster, missing: "is required with username (or password_file)")
            guard let username, ConfigValueForms.isUsername(username), let password else { return nil }
            return .password(username: username, password: password)
        }
    }
}
