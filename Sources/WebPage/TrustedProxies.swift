import Foundation

/// The reverse proxies whose `X-Forwarded-For` NexBoard believes (`http.trusted_proxies`).
///
/// Behind a reverse proxy every connection comes from the proxy, so limits kept per address (the
/// console links' failed lookups) would count everyone together, and one stranger guessing tokens
/// would lock everyone out. A request whose peer is a trusted proxy is attributed to the right-most
/// `X-Forwarded-For` address that is not itself a trusted proxy: the address the outermost trusted
/// proxy saw. Addresses further left were written by the client and are not believed. Any other
/// request is its peer's.
public struct TrustedProxies: Sendable, Equatable {
    public let ranges: [IPRange]

    public init(_ ranges: [IPRange] = []) {
        self.ranges = ranges
    }

    /// True when `address` (an IP address as text) is one of the trusted proxies.
    public func trusts(_ address: String) -> Bool {
        guard let address = IPAddress(address) else { return false }
        return ranges.contains { $0.contains(address) }
    }

    /// The client's address for a request from `peer` carrying these `X-Forwarded-For` header values.
    public func clientAddress(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer, trusts(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { Self.address(fromHop: $0) }
        for hop in hops.reversed() {
            // A hop that is not an address (`unknown`, garbage) cannot be attributed: the peer answers for it.
            guard IPAddress(hop) != nil else { return peer }
            if !trusts(hop) { return hop }
        }
        return hops.first ?? peer
    }

    /// A hop without spaces, brackets or port (`[2001:db8::1]:443` → `2001:db8::1`, `192.0.2.1:80` → `192.0.2.1`).
    static func address(fromHop hop: Substring) -> String {
        var text = hop.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") {
            text = String(text[text.index(after: text.startIndex)..<end])
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            text = String(text[..<colon])
        }
        return text
    }
}

/// An IPv4 or IPv6 address as its bytes; an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is its IPv4 address.
public struct IPAddress: Sendable, Equatable {
    public let bytes: [UInt8]

    public init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            let all = withUnsafeBytes(of: &v6) { Array($0) }
            bytes = all.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff] ? Array(all.suffix(4)) : all
        } else {
            return nil
        }
    }
}

/// An address range in CIDR form (`10.0.0.0/8`, `fd00::/8`), or one address (`127.0.0.1`, `::1`).
public struct IPRange: Sendable, Equatable, CustomStringConvertible {
    public let network: IPAddress
    public let prefixLength: Int
    public let description: String

    /// Nil when `text` is not an address or CIDR range, or its prefix is longer than the address.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let network = IPAddress(String(parts[0])) else { return nil }
        let bits = network.bytes.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), parts[1].allSatisfy(\.isNumber), (0...bits).contains(length) else { return nil }
            prefixLength = length
        } else {
            prefixLength = bits
        }
        self.network = network
        self.description = text
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        var remaining = prefixLength
        for (mine, theirs) in zip(network.bytes, address.bytes) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xff : ~(0xff >> UInt8(remaining))
            guard mine & mask == theirs & mask else { return false }
            remaining -= 8
        }
        return true
    }
}
