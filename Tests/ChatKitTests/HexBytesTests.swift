import ChatKit
import Foundation
import Testing

@Suite("Hex text as bytes")
struct HexBytesTests {
    @Test("Two digits per byte, either case, round trip")
    func roundTrip() {
        #expect(HexBytes.decode("00ff7A") == Data([0x00, 0xFF, 0x7A]))
        #expect(HexBytes.encode([0x00, 0xFF, 0x7A]) == "00ff7a")
        #expect(HexBytes.decode("") == Data())
    }

    @Test("A sign, a space, an odd length or any other character is not hex", arguments: ["+f", "-1", " f", "f", "0g", "0x", "１２"])
    func refusesNonHex(text: String) {
        #expect(HexBytes.decode(text) == nil)
    }
}
