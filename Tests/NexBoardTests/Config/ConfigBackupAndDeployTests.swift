import Foundation
import NexBoard
import NexBoardCore
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
