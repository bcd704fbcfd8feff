/// A power action on a guest: `POST /nodes/{node}/{qemu|lxc}/{vmid}/status/{action}`.
public enum PowerAction: String, Sendable, CaseIterable {
    case start, stop, shutdown, reboot, suspend, resume
}
