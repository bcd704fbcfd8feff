import Foundation

/// The browser libraries the console page loads, served from folders on this machine: noVNC
/// (`console.novnc_path`) under `/console/assets/novnc/`, the terminal library (`console.xterm_path`)
/// under `/console/assets/xterm/`, and the page's own scripts (compiled in) under
/// `/console/assets/page/`.
///
/// Each folder is indexed once, when NexBoard starts: a request is a dictionary lookup, so a path
/// with `..`, a file of another type or a symbolic link that leads out of the folder is simply not
/// there, and nothing but the read itself touches the disk (Hummingbird's `FileIO`, on its own
/// thread pool). A package installed or removed later needs a restart.
struct ConsoleAssets: Sendable {
    /// The URL prefixes, each ending in `/`.
    static let novncPrefix = "/console/assets/novnc/"
    static let terminalPrefix = "/console/assets/xterm/"
    static let pagePrefix = "/console/assets/page/"

    /// Where Debian's `libjs-xterm` and `libjs-term.js` put their files.
    static let debianXterm = "/usr/share/javascript/xterm"
    static let debianTermJS = "/usr/share/javascript/term.js"
    /// A smaller `xterm.js` loads its modules with `require` (Debian 12's `libjs-xterm` 3.8.1 ships
    /// such a stub), which a browser cannot run; a browser build is hundreds of kilobytes.
    static let smallestBrowserBuild = 4096

    let novnc: AssetFolder
    let terminal: AssetFolder
    /// The terminal library's script and stylesheet, relative to `terminal`, when it has one.
    let terminalFiles: (script: String, style: String?)?

    init(_ configuration: ConsoleConfig) {
        novnc = AssetFolder(path: configuration.novncPath)
        if let path = configuration.xtermPath {
            terminal = AssetFolder(path: path)
        } else {
            let xterm = AssetFolder(path: Self.debianXterm)
            terminal = Self.terminalLibrary(in: xterm) != nil ? xterm : AssetFolder(path: Self.debianTermJS)
        }
        terminalFiles = Self.terminalLibrary(in: terminal)
    }

    /// Why the page of `kind` cannot work on this machine, for the page and for `check-config`:
    /// which package to install or which key to set. Nil when its library is there (SPICE needs none).
    func problem(_ kind: ConsoleKind) -> String? {
        switch kind {
        case .novnc where novnc.files["core/rfb.js"] == nil:
            "noVNC is not installed on the NexBoard server: install Debian's novnc package, "
                + "or set console.novnc_path to a folder with noVNC's core/rfb.js."
        case .xterm where terminalFiles == nil:
            "No terminal library is installed on the NexBoard server: install Debian's libjs-term.js package "
                + "(Debian 12's libjs-xterm ships an xterm.js that browsers cannot run), or set console.xterm_path "
                + "to a folder with a browser build of xterm.js (xterm.js and xterm.css)."
        default: nil
        }
    }

    /// The file behind `relative` in the folder served under `prefix`, when there is one.
    func file(prefix: String, _ relative: String) -> String? {
        switch prefix {
        case Self.novncPrefix: novnc.files[relative]
        case Self.terminalPrefix: terminal.files[relative]
        default: nil
        }
    }

    /// xterm.js (`xterm.js` or npm's `lib/xterm.js`, with its stylesheet) when it is a browser build, else term.js.
    private static func terminalLibrary(in folder: AssetFolder) -> (script: String, style: String?)? {
        for (script, style) in [("xterm.js", "xterm.css"), ("lib/xterm.js", "css/xterm.css")] {
            if let path = folder.files[script], AssetFolder.size(path) ?? 0 >= smallestBrowserBuild {
                return (script, folder.files[style] == nil ? nil : style)
            }
        }
        return folder.files["term.js"] == nil ? nil : ("term.js", nil)
    }

    /// The `Content-Type` of a served file; nil for any other type, which is not served.
    static func contentType(_ path: String) -> String? {
        switch (path as NSString).pathExtension.lowercased() {
        // ES modules need a JavaScript type; text/javascript is the one RFC 9239 names.
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        default: nil
        }
    }
}

/// A folder of browser files: every script and stylesheet under it, by path relative to it, mapped
/// to its real path. A file whose real path (symbolic links resolved) is outside the folder is left out.
struct AssetFolder: Sendable {
    /// The configured path.
    let path: String
    let files: [String: String]

    init(path: String) {
        self.path = path
        let root = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var files: [String: String] = [:]
        let manager = FileManager.default
        let enumerator = manager.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            guard ConsoleAssets.contentType(relative) != nil else { continue }
            let real = URL(fileURLWithPath: root + "/" + relative).resolvingSymlinksInPath().path
            var isFolder: ObjCBool = false
            guard real.hasPrefix(root + "/"), manager.fileExists(atPath: real, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            files[relative] = real
        }
        self.files = files
    }

    /// The size of a file (read when NexBoard starts).
    static func size(_ real: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: real)[.size] as? Int) ?? nil
    }
}

extension ConsoleConfig {
    /// What `check-config` warns about: with `console.proxy` on, a console library that is missing
    /// (which package to install, which key to set, where NexBoard looked).
    public var assetWarnings: [String] {
        guard proxy else { return [] }
        let assets = ConsoleAssets(self)
        return [
            assets.problem(.novnc).map { "\($0) (looked in \(assets.novnc.path))" },
            assets.problem(.xterm).map { "\($0) (looked in \(assets.terminal.path))" },
        ].compactMap { $0 }
    }
}
