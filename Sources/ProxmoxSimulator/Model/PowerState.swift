/// Power state of a guest; a suspended guest reports status "running" and qmpstatus "paused".
enum PowerState: Sendable {
    case running
    case stopped
    case paused
}
