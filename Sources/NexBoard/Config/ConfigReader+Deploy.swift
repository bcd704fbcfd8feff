import NexBoardCore
import Yams

extension ConfigReader {
    static let presetKeys = ["cores", "memory", "disk", "storage", "bridge"]

    /// `deploy: {presets: {small: {cores: 1, memory: 1024, disk: 8, storage: local-lvm, bridge: vmbr0}}}`.
    func readDeploy(_ top: ConfigMapping) -> [String: DeployPreset] {
        guard let deploy = mapping(top["deploy"], at: top.path("deploy"), parentMark: top.mark(of: "deploy"), keys: ["presets"]),
              let presets = mapping(deploy["presets"], at: deploy.path("presets"), parentMark: deploy.mark(of: "presets"), keys: nil)
        else { return [:] }
        var result: [String: DeployPreset] = [:]
        for entry in presets.entries {
            let path = presets.path(entry.key)
            if !ConfigValueForms.isName(entry.key) {
                report(path, "a preset name is \(ConfigValueForms.nameForm)", at: entry.keyNode.mark)
                continue
            }
            guard let preset = mapping(entry.value, at: path, parentMark: entry.keyNode.mark, keys: Self.presetKeys) else { continue }
            func optionalInteger(_ key: String, _ range: ClosedRange<Int>) -> Int? {
                preset.has(key) ? integer(key, in: preset, default: range.lowerBound, range: range) : nil
            }
            result[entry.key] = DeployPreset(
                cores: optionalInteger("cores", 1...512), memoryMiB: optionalInteger("memory", 16...8_388_608),
                diskGiB: optionalInteger("disk", 1...131_072), storage: string("storage", in: preset), bridge: string("bridge", in: preset))
        }
        return result
    }
}
