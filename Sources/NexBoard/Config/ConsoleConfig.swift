/// Console links (`console`): how `vm console` opens a guest's console, and how long its links and
/// sessions last. (`console.subject`, the terminal chat's identity, is `NexBoardConfig.consoleSubject`.)
public struct ConsoleConfig: Sendable, Equatable {
    /// `console.proxy` (default false): true, links open NexBoard's own console page, proxied to Proxmox
    /// with NexBoard's credentials; false, links point to the Proxmox UI's console, where users log in.
    public var proxy: Bool
    /// `console.link_ttl` (default 60s, 10s to 10m): how long a link can be opened, once.
    public var linkTTL: Duration
    /// `console.max_session` (default 2h, 1m to 24h): how long an opened console lasts.
    public var maxSession: Duration
    /// `console.novnc_path` (default `/usr/share/novnc`, Debian's `novnc`): the noVNC folder the
    /// page's graphical console loads `core/rfb.js` from.
    public var novncPath: String
    /// `console.xterm_path`: the folder of the terminal library, a browser build of xterm.js
    /// (`xterm.js`, `xterm.css`) or term.js (`term.js`). Nil, Debian's packages: `libjs-xterm` when
    /// its xterm.js runs in a browser, else `libjs-term.js`.
    public var xtermPath: String?
    /// `console.spice_proxy`: the host name or address of the SPICE proxy written into `.vv` files
    /// (Proxmox's spiceproxy, port 3128 of every node). Nil, the host of the cluster's URL.
    public var spiceProxy: String?

    public init(proxy: Bool = false, linkTTL: Duration = .seconds(60), maxSession: Duration = .seconds(7200),
                novncPath: String = ConsoleConfig.debianNoVNC, xtermPath: String? = nil, spiceProxy: String? = nil) {
        self.proxy = proxy
        self.linkTTL = linkTTL
        self.maxSession = maxSession
        self.novncPath = novncPath
        self.xtermPath = xtermPath
        self.spiceProxy = spiceProxy
    }

    /// Where Debian's `novnc` puts noVNC.
    public static let debianNoVNC = "/usr/share/novnc"
}
