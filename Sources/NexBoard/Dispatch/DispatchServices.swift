import Alerting
import Foundation
import NexBoardCore
import Store

/// The shared, long-lived pieces every request uses.
struct DispatchServices: Sendable {
    let catalog: CommandCatalog
    let policy: AccessPolicy
    let clusters: ClusterRegistry
    let store: NexBoardStore
    let confirmationTTL: Duration
    /// How often a followed task is polled.
    let taskPollInterval: Duration
    /// How long a reply follows a task before it says it is still running.
    let taskFollowLimit: Duration
    let now: @Sendable () -> Date
    /// Recent `/cluster/resources` per cluster, for autocomplete and for filtering lists.
    let resources: ClusterResourceCache
    /// Alert state and acknowledgements; nil when alerting is turned off.
    var alertCenter: AlertCenter? = nil
    /// The configured Prometheus; nil without a `prometheus` section.
    var prometheus: PrometheusSource? = nil
    /// Graphs also as pictures where the platform shows images (`monitor.images`).
    var graphImages = false
    /// `deploy.presets` from the configuration, by name.
    var deployPresets: [String: DeployPreset] = [:]
    /// Pi-hole, AdGuard Home and the other services beside Proxmox; nil when none is configured.
    var homelab: HomelabServices? = nil
    /// Console links (`vm console`) and their sessions on the HTTP page.
    var console: ConsoleService? = nil
}
