/// `POST /nodes/{node}/{qemu|lxc}/{vmid}/spiceproxy`: what virt-viewer (remote-viewer) needs to open
/// a guest's SPICE console: a one-time password, the guest's SPICE address as Proxmox's proxy
/// knows it, the proxy, the TLS port, the cluster's CA. Every scalar key is kept as text (Proxmox
/// adds keys such as `secure-attention` or `toggle-fullscreen`, and virt-viewer reads them all).
public struct SpiceConfig: Sendable, Hashable, Decodable {
    /// Every scalar key of the answer as text (numbers converted).
    public var settings: [String: String]

    public var host: String? { settings["host"] }
    public var password: String? { settings["password"] }
    public var proxy: String? { settings["proxy"] }

    public init(settings: [String: String]) {
        self.settings = settings
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        var settings: [String: String] = [:]
        for key in c.allKeys {
            if let value = c.lenientString(key.stringValue) { settings[key.stringValue] = value }
        }
        // Without these virt-viewer cannot connect: an answer lacking them is not understood.
        _ = try c.requiredString("host")
        _ = try c.requiredString("password")
        self.settings = settings
    }

    /// The `.vv` file, as Proxmox writes it for its UI (its `spiceconfig` format): a `[virt-viewer]`
    /// section with one `key=value` line per setting, line breaks within a value written as `\n`
    /// (as Proxmox writes the CA). Keys are sorted, so the file is the same for the same answer; a key
    /// that is not a plain word (letters, digits, `-`) is left out rather than written into the file.
    public var virtViewerFile: String {
        var text = "[virt-viewer]\n"
        for key in settings.keys.sorted() where !key.isEmpty && key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            let value = settings[key, default: ""].replacingOccurrences(of: "\r\n", with: "\\n")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\n")
            text += "\(key)=\(value)\n"
        }
        return text
    }
}
