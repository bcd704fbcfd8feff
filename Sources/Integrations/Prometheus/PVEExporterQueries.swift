/// PromQL for prometheus-pve-exporter's metric names (`pve_cpu_usage_ratio`, `pve_memory_usage_bytes`
/// … labelled `id="node/pve1"` or `id="qemu/101"`), overridable per metric in the configuration.
///
/// `$id` in a query is replaced by the series id it is asked for (`node/pve1`, `qemu/101`, `lxc/200`).
public struct PVEExporterQueries: Sendable, Equatable {
    /// CPU use as a fraction of the cores.
    public var cpu: String
    /// Memory use as a fraction.
    public var memory: String
    /// Disk use as a fraction (a VM reports none without the guest agent).
    public var disk: String
    /// Network traffic in bytes per second, received and sent.
    public var networkIn: String
    public var networkOut: String

    public static let standard = PVEExporterQueries(
        cpu: #"pve_cpu_usage_ratio{id="$id"}"#,
        memory: #"pve_memory_usage_bytes{id="$id"} / pve_memory_size_bytes{id="$id"}"#,
        disk: #"pve_disk_usage_bytes{id="$id"} / pve_disk_size_bytes{id="$id"}"#,
        networkIn: #"rate(pve_network_receive_bytes{id="$id"}[5m])"#,
        networkOut: #"rate(pve_network_transmit_bytes{id="$id"}[5m])"#)

    public init(cpu: String, memory: String, disk: String, networkIn: String, networkOut: String) {
        self.cpu = cpu
        self.memory = memory
        self.disk = disk
        self.networkIn = networkIn
        self.networkOut = networkOut
    }

    /// `template` for one series: `$id` replaced by `id`, with quotes and backslashes escaped.
    public static func query(_ template: String, id: String) -> String {
        let escaped = id.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return template.replacingOccurrences(of: "$id", with: escaped)
    }
}
