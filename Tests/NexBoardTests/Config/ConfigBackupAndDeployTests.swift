import Foundation
import NexBoard
import NexBoardCore
import Proxmox
import Testing

@Suite("The pbs and deploy sections of the configuration")
struct ConfigBackupAndDeployTests {
    @Test("a cluster's pbs section and deploy presets load")
    func loads() throws {
        let yaml = """
            clusters:
              - name: home
                url: https://pve1.lan:8006
                token_id: nexboard@pve!bot
                token_secret: t
                pbs:
                  url: https://pbs.lan:8007
                  token_id: nexboard@pbs!bot
                  token_secret: ${PBS_TOKEN}
                  datastores: [store1]
            deploy:
              presets:
                small: {cores: 1, memory: 1024, disk: 8, storage: local-lvm}
                big: {cores: 8, memory: 16384}
            """
        let config = try ConfigLoader.parse(yaml: yaml, baseDirectory: "/nonexistent", environment: ["PBS_TOKEN": "s3cret"])
        #expect(config.clusters[0].backupServer == BackupServerConfig(
            url: "https://pbs.lan:8007", tokenID: "nexboard@pbs!bot", tokenSecret: Secret("s3cret"), datastores: ["store1"]))
        #expect(config.deployPresets["small"] == DeployPreset(cores: 1, memoryMiB: 1024, diskGiB: 8, storage: "local-lvm"))
        #expect(config.deployPresets["big"] == DeployPreset(cores: 8, memoryMiB: 16384))
    }

    @Test("a pbs fingerprint loads in any spelling, and a bad one, or one combined with ca_file, insecure_tls or http, is reported")
    func fingerprint() throws {
        let pinned = (0..<32).map { String(format: "%02X", 255 - $0) }.joined(separator: ":")
        let config = try ConfigLoader.parse(yaml: """
            clusters:
              - name: home
                url: https://pve1.lan:8006
                token_id: nexboard@pve!bot
                token_secret: t
                pbs: {url: "https://pbs.lan:8007", token_id: "nexboard@pbs!bot", token_secret: s, fingerprint: \(pinned.replacingOccurrences(of: ":", with: "").lowercased())}
            """, baseDirectory: "/nonexistent", environment: [:])
        #expect(config.clusters[0].backupServer?.fingerprint == CertificateFingerprint(pinned))
        let problems = ConfigTestSupport.problems("""
            clusters:
              - name: short
                url: https://pve1.lan:8006
                token_id: nexboard@pve!bot
                token_secret: t
                pbs: {url: "https://pbs.lan:8007", token_id: "nexboard@pbs!bot", token_secret: s, fingerprint: "AB:CD:EF"}
              - name: both
                url: https://pve1.lan:8006
                token_id: nexboard@pve!bot
                token_secret: t
                pbs: {url: "https://pbs.lan:8007", token_id: "nexboard@pbs!bot", token_secret: s, fingerprint: "\(pinned)", insecure_tls: true}
              - name: plain
                url: https://pve1.lan:8006
                token_id: nexboard@pve!bot
                token_secret: t
                pbs: {url: "http://pbs.lan:8007", token_id: "nexboard@pbs!bot", token_secret: s, fingerprint: "\(pinned)"}
              - name: ca
                url: https://pve1.lan:8006
                token_id: nexboard@pve!bot
                token_secret: t
                pbs: {url: "https://pbs.lan:8007", token_id: "nexboard@pbs!bot", token_secret: s, fingerprint: "\(pinned)", ca_file: /etc/hostname}
            """)
        let messages = Dictionary(problems.map { ($0.keyPath, $0.message) }, uniquingKeysWith: { "\($0); \($1)" })
        #expect(messages["clusters[0].pbs.fingerprint"]?.contains("64 hex digits with or without colons") == true, "\(messages)")
        #expect(messages["clusters[0].pbs.fingerprint"]?.contains("AB:CD:EF") == true)
        #expect(messages["clusters[1].pbs.insecure_tls"]?.contains("cannot be combined with fingerprint") == true, "\(messages)")
        #expect(messages["clusters[2].pbs.fingerprint"]?.contains("needs an https url") == true, "\(messages)")
        #expect(messages["clusters[3].pbs.fingerprint"]?.contains("cannot be combined with ca_file") == true, "\(messages)")
        #expect(problems.count == 4, "\(problems)")
    }

    @Test("every bad pbs or preset value is reported with its key path")
    func problems() {
        let yaml = """
            clusters:
              - name: home
                url: https://pve1.lan:8006
                token_id: nexboard@pve!bot
                token_secret: t
                pbs:
                  url: https://root:pw@pbs.lan:8007
                  token_id: "nexboard@pbs:bot"
                  fingerprint: AB:CD
              - name: trial
                simulator: {}
                pbs: {url: "https://pbs.lan:8007"}
            deploy:
              presets:
                tiny: {cores: 0, ram: 512}
                Bad_Name: {cores: 1}
            """
        let paths = ConfigTestSupport.problems(yaml).map(\.keyPath)
        for expected in ["clusters[0].pbs.url", "clusters[0].pbs.token_id", "clusters[0].pbs.token_secret", "clusters[0].pbs.fingerprint",
                         "clusters[1].pbs", "deploy.presets.tiny.cores", "deploy.presets.tiny.ram", "deploy.presets.Bad_Name"] {
            #expect(paths.contains(expected), "\(expected) not in \(paths)")
        }
    }
}
