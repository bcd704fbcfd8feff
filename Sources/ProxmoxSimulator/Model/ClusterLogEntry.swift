/// An entry of the cluster log (`/cluster/log`).
struct ClusterLogEntry: Sendable {
    var uid: Int
    var time: Int
    var node: String
    var pid: Int
    var user: String
    var tag: String
    var priority: Int
    var message: String
}
