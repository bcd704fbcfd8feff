/// A named set of deploy defaults from the configuration (`deploy.presets.small`), chosen with `--preset`.
public struct DeployPreset: Sendable, Equatable {
    public var cores: Int?
    public var memoryMiB: Int?
    public var diskGiB: Int?
    public var storage: String?
    public var bridge: String?

    public init(cores: Int? = nil, memoryMiB: Int? = nil, diskGiB: Int? = nil, storage: String? = nil, bridge: String? = nil) {
        self.cores = cores
        self.memoryMiB = memoryMiB
        self.diskGiB = diskGiB
        self.storage = storage
        self.bridge = bridge
    }
}
