/// A backup volume written by a simulated vzdump task.
struct SimulatedBackup: Sendable {
    var volid: String
    var storage: String
    /// The node whose local storage holds it; nil on a shared storage.
    var node: Int?
    var vmid: Int
    var kind: GuestKind
    var format: String
    var size: Int
    var ctime: Double
    var notes: String
    var protected: Bool
}

/// One backup of the benchmark's set (`setBackupsPerGuest`), with its JSON written once: a big
/// cluster's 50,000 are copied into each answer rather than written again, until the set changes.
struct DenseBackup: Sendable {
    var vmid: Int
    var volid: String
    /// The content entry as PVE lists it: what an edit changes and the Backup Server's view reads.
    var entry: JSONValue
    /// `entry`, `.encoded`.
    var encodedEntry: JSONValue
    /// On a `pbs` storage: the Backup Server's snapshot of it, `.encoded`.
    var encodedSnapshot: JSONValue?
}

/// Notes or protection changed on a volume through `PUT …/content/{volume}`.
struct VolumeEdit: Sendable {
    var notes: String?
    var protected: Bool?
}

/// An appliance template downloaded to a node's storage.
struct DownloadedTemplate: Sendable {
    var storage: String
    var node: Int
    var file: String
    var size: Int
    var ctime: Double
}

/// One entry of the simulated appliance index (`GET /nodes/{node}/aplinfo`).
struct ApplianceInfo: Sendable {
    var template: String
    var package: String
    var version: String
    var os: String
    var headline: String
    var size: Int

    static let index: [ApplianceInfo] = [
        ApplianceInfo(template: "debian-12-standard_12.7-1_amd64.tar.zst", package: "debian-12-standard", version: "12.7-1",
                      os: "debian-12", headline: "Debian 12 Bookworm (standard)", size: 126_117_428),
        ApplianceInfo(template: "debian-13-standard_13.1-2_amd64.tar.zst", package: "debian-13-standard", version: "13.1-2",
                      os: "debian-13", headline: "Debian 13 Trixie (standard)", size: 131_204_520),
        ApplianceInfo(template: "ubuntu-24.04-standard_24.04-2_amd64.tar.zst", package: "ubuntu-24.04-standard", version: "24.04-2",
                      os: "ubuntu-24.04", headline: "Ubuntu 24.04 Noble (standard)", size: 141_452_672),
        ApplianceInfo(template: "alpine-3.22-default_20250617_amd64.tar.xz", package: "alpine-3.22-default", version: "20250617",
                      os: "alpine", headline: "Alpine Linux 3.22 (default)", size: 3_251_512),
        ApplianceInfo(template: "rockylinux-9-default_20240912_amd64.tar.xz", package: "rockylinux-9-default", version: "20240912",
                      os: "rockylinux", headline: "Rocky Linux 9 (default)", size: 97_361_004),
    ]
}
