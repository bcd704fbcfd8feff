/// Console links (`console`): how `vm console` opens a guest's console, and how long its links and
/// sessions last. (`console.subject`, the terminal chat's identity, is `NexBoardConfig.consoleSubject`.)
public struct ConsoleConfig: Sendable, Equatable {
    /// `console.proxy` (default false): true, links open NexBoard's own console page, proxied to Proxmox
    /// with NexBoard's credentials (the page does not connect yet: the proxy is the next step);
    /// false, links point to the Proxmox UI's console, where users log in.
    public var proxy: Bool
    /// `console.link_ttl` (default 60s, 10s to 10m): how long a link can be opened, once.
    public var linkTTL: Duration
    /// `console.max_session` (default 2h, 1m to 24h): how long an opened console lasts.
    public var maxSession: Duration

    public init(proxy: Bool = false, linkTTL: Duration = .seconds(60), maxSession: Duration = .seconds(7200)) {
        self.proxy = proxy
        self.linkTTL = linkTTL
        self.maxSession = maxSession
    }
}
