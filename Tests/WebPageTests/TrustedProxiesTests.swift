import Testing
@testable import WebPage

@Suite("Trusted proxies and the client's address")
struct TrustedProxiesTests {
    let proxies = TrustedProxies(["127.0.0.1", "10.0.0.0/8", "fd00::/8"].compactMap(IPRange.init))

    @Test("ranges hold the addresses under their prefix, IPv4-mapped IPv6 counts as IPv4, and bad ranges are refused")
    func ranges() throws {
        let ten = try #require(IPRange("10.0.0.0/8"))
        #expect(ten.contains(try #require(IPAddress("10.255.1.2"))))
        #expect(!ten.contains(try #require(IPAddress("11.0.0.1"))))
        #expect(ten.contains(try #require(IPAddress("::ffff:10.1.2.3"))))
        let odd = try #require(IPRange("192.168.1.128/25"))
        #expect(odd.contains(try #require(IPAddress("192.168.1.200"))))
        #expect(!odd.contains(try #require(IPAddress("192.168.1.100"))))
        #expect(try #require(IPRange("fd00::/8")).contains(try #require(IPAddress("fd12:3456::1"))))
        #expect(!(try #require(IPRange("fd00::/8"))).contains(try #require(IPAddress("10.0.0.1"))), "families never mix")
        #expect(try #require(IPRange("0.0.0.0/0")).contains(try #require(IPAddress("203.0.113.9"))))
        for bad in ["10.0.0.0/33", "10.0.0/8", "10.0.0.0/", "10.0.0.0/+8", "::1/129", "host.lan", "", "10.0.0.0/8/8"] {
            #expect(IPRange(bad) == nil, "\(bad)")
        }
    }

    @Test("a trusted proxy's request is the right-most forwarded address that is not a proxy; anyone else's is its peer")
    func clientAddress() {
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["203.0.113.7"]) == "203.0.113.7")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["198.51.100.1, 203.0.113.7, 10.0.0.2"]) == "203.0.113.7",
                "what the client wrote itself (left) is not believed")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["198.51.100.1", "203.0.113.7"]) == "203.0.113.7",
                "several header lines read as one list")
        #expect(proxies.clientAddress(peer: "192.0.2.5", forwardedFor: ["203.0.113.7"]) == "192.0.2.5", "an untrusted peer's header is ignored")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1", "no header: the proxy itself")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["203.0.113.7, unknown"]) == "127.0.0.1",
                "a hop that is not an address is the proxy's to answer for")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["[2001:db8::1]:4711"]) == "2001:db8::1")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["203.0.113.7:5123"]) == "203.0.113.7")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["10.0.0.3, 10.0.0.2"]) == "10.0.0.3", "all proxies: the first")
        #expect(TrustedProxies().clientAddress(peer: "127.0.0.1", forwardedFor: ["203.0.113.7"]) == "127.0.0.1", "none trusted by default")
    }
}
