/*
 A PNG encoder for NexBoard's own pictures (graphs), with no library: 8-bit RGB, no interlace.

 The file is the signature, IHDR, one IDAT and IEND, each chunk with its CRC-32 (ISO-HDLC, as PNG
 and zlib define it). IDAT holds a zlib stream (RFC 1950: header 0x78 0x01, Adler-32 of the raw data
 at the end) whose deflate data (RFC 1951) is one block with the fixed Huffman codes and greedy LZ77
 matches found through a hash of the next three bytes. Each row is filtered (PNG's None, Sub or Up,
 whichever leaves the smallest bytes) so that a chart's flat areas and repeated rows become runs of
 zeros that the matches take up: an 800×300 graph is tens of kilobytes, not the 720 KB of its pixels.
 */

/// Encodes RGB pixels as a PNG file.
public enum PNGEncoder {
    /// The PNG file of a `width` × `height` picture whose pixels are `rgb` (3 bytes each, row by row,
    /// top to bottom).
    public static func encode(width: Int, height: Int, rgb: [UInt8]) -> [UInt8] {
        precondition(width > 0 && height > 0 && rgb.count == width * height * 3, "the pixels do not fill the picture")
        var header: [UInt8] = []
        appendBigEndian(UInt32(width), to: &header)
        appendBigEndian(UInt32(height), to: &header)
        header += [8, 2, 0, 0, 0]  // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace
        let raw = filtered(width: width, height: height, rgb: rgb)
        var zlib: [UInt8] = [0x78, 0x01]  // deflate with a 32 KiB window; (0x78 << 8 | 0x01) % 31 == 0
        zlib += Deflate.compress(raw)
        appendBigEndian(adler32(raw), to: &zlib)
        var file = signature
        appendChunk("IHDR", header, to: &file)
        appendChunk("IDAT", zlib, to: &file)
        appendChunk("IEND", [], to: &file)
        return file
    }

    /// The width and height a PNG file's header gives; nil for anything else.
    public static func size(of file: [UInt8]) -> (width: Int, height: Int)? {
        guard file.count >= 24, file.prefix(8).elementsEqual(signature), file[12..<16].elementsEqual("IHDR".utf8) else { return nil }
        func bigEndian(_ at: Int) -> Int { file[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (bigEndian(16), bigEndian(20))
    }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The scanlines, each with its filter type byte first.
    static func filtered(width: Int, height: Int, rgb: [UInt8]) -> [UInt8] {
        let stride = width * 3
        var output = [UInt8](repeating: 0, count: (stride + 1) * height)
        rgb.withUnsafeBufferPointer { pixels in
            output.withUnsafeMutableBufferPointer { out in
                for row in 0..<height {
                    let start = row * stride
                    let target = row * (stride + 1) + 1
                    // The cost of each filter in one pass: None, Sub (the pixel to the left), Up (the row above).
                    var none = 0, sub = 0, up = row > 0 ? 0 : Int.max
                    for index in 0..<stride {
                        let value = pixels[start + index]
                        none += cost(value)
                        sub += cost(index >= 3 ? value &- pixels[start + index - 3] : value)
                        if row > 0 { up += cost(value &- pixels[start - stride + index]) }
                    }
                    if none <= sub && none <= up {
                        out[target - 1] = 0
                        for index in 0..<stride { out[target + index] = pixels[start + index] }
                    } else if sub <= up {
                        out[target - 1] = 1
                        for index in 0..<stride { out[target + index] = index >= 3 ? pixels[start + index] &- pixels[start + index - 3] : pixels[start + index] }
                    } else {
                        out[target - 1] = 2
                        for index in 0..<stride { out[target + index] = pixels[start + index] &- pixels[start - stride + index] }
                    }
                }
            }
        }
        return output
    }

    /// How far a filtered byte is from zero, read as a signed byte (the usual heuristic).
    private static func cost(_ byte: UInt8) -> Int {
        let signed = Int(Int8(bitPattern: byte))
        return signed < 0 ? -signed : signed
    }

    static func appendChunk(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
        appendBigEndian(UInt32(data.count), to: &file)
        let typed = Array(type.utf8) + data
        file += typed
        appendBigEndian(crc32(typed), to: &file)
    }

    static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// CRC-32 as PNG chunks carry it.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// Adler-32 as a zlib stream ends with it.
    public static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        var index = 0
        while index < bytes.count {
            // 5,552 bytes at most between reductions keep b within 32 bits.
            let end = min(bytes.count, index + 5_552)
            while index < end {
                a += UInt32(bytes[index])
                b += a
                index += 1
            }
            a %= 65_521
            b %= 65_521
        }
        return b << 16 | a
    }
}

/// Raw deflate (RFC 1951): one final block with the fixed Huffman codes and greedy LZ77 matches.
enum Deflate {
    static let window = 32_768
    static let minimumMatch = 3
    static let maximumMatch = 258
    /// Candidates tried per position: enough for a chart's repeats, cheap for its noise.
    static let chainLimit = 24
    private static let hashBits = 15

    static let lengthBases: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
                                     227, 258]
    static let lengthExtraBits: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBases: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                                       4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtraBits: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    /// The length code index (0 is code 257) of each match length 0…258.
    private static let lengthCodes: [UInt8] = (0...maximumMatch).map { length in
        UInt8(max(0, (lengthBases.lastIndex { $0 <= length }) ?? 0))
    }

    static func compress(_ input: [UInt8]) -> [UInt8] {
        var writer = BitWriter()
        writer.reserve(input.count / 4 + 64)
        writer.write(1, bits: 1)  // BFINAL
        writer.write(1, bits: 2)  // BTYPE 01: fixed Huffman codes
        let hashSize = 1 << hashBits
        var head = [Int32](repeating: -1, count: hashSize)
        var previous = [Int32](repeating: -1, count: window)
        input.withUnsafeBufferPointer { data in
            head.withUnsafeMutableBufferPointer { head in
                previous.withUnsafeMutableBufferPointer { previous in
                    let count = data.count
                    func hash(_ position: Int) -> Int {
                        (Int(data[position]) << 10 ^ Int(data[position + 1]) << 5 ^ Int(data[position + 2])) & (hashSize - 1)
                    }
                    func insert(_ position: Int) {
                        guard position + minimumMatch <= count else { return }
                        let key = hash(position)
                        previous[position & (window - 1)] = head[key]
                        head[key] = Int32(position)
                    }
                    var position = 0
                    while position < count {
                        var bestLength = 0
                        var bestDistance = 0
                        if position + minimumMatch <= count {
                            var candidate = Int(head[hash(position)])
                            var tries = chainLimit
                            let longest = min(maximumMatch, count - position)
                            while candidate >= 0, position - candidate <= window, tries > 0 {
                                if data[candidate + bestLength] == data[position + bestLength] {
                                    var length = 0
                                    while length < longest, data[candidate + length] == data[position + length] { length += 1 }
                                    if length > bestLength {
                                        bestLength = length
                                        bestDistance = position - candidate
                                        if length == longest { break }
                                    }
                                }
                                let next = Int(previous[candidate & (window - 1)])
                                if next >= candidate { break }
                                candidate = next
                                tries -= 1
                            }
                        }
                        if bestLength >= minimumMatch {
                            writeMatch(length: bestLength, distance: bestDistance, to: &writer)
                            for offset in 0..<bestLength { insert(position + offset) }
                            position += bestLength
                        } else {
                            writeLiteral(Int(data[position]), to: &writer)
                            insert(position)
                            position += 1
                        }
                    }
                }
            }
        }
        writeLiteral(256, to: &writer)  // end of block
        return writer.finish()
    }

    /// A literal byte, or 256 (end of block), or a length code 257…285, in the fixed Huffman code.
    private static func writeLiteral(_ symbol: Int, to writer: inout BitWriter) {
        switch symbol {
        case 0...143: writer.writeCode(0x30 + symbol, length: 8)
        case 144...255: writer.writeCode(0x190 + symbol - 144, length: 9)
        case 256...279: writer.writeCode(symbol - 256, length: 7)
        default: writer.writeCode(0xC0 + symbol - 280, length: 8)
        }
    }

    private static func writeMatch(length: Int, distance: Int, to writer: inout BitWriter) {
        let lengthCode = Int(lengthCodes[length])
        writeLiteral(257 + lengthCode, to: &writer)
        if lengthExtraBits[lengthCode] > 0 {
            writer.write(UInt32(length - lengthBases[lengthCode]), bits: lengthExtraBits[lengthCode])
        }
        var distanceCode = 0
        while distanceCode + 1 < distanceBases.count, distanceBases[distanceCode + 1] <= distance { distanceCode += 1 }
        writer.writeCode(distanceCode, length: 5)
        if distanceExtraBits[distanceCode] > 0 {
            writer.write(UInt32(distance - distanceBases[distanceCode]), bits: distanceExtraBits[distanceCode])
        }
    }
}

/// Bits into bytes, least significant bit first, as deflate packs them.
struct BitWriter {
    private var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var count = 0

    mutating func reserve(_ capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// `bits` low bits of `value`, least significant first (extra bits, block headers).
    mutating func write(_ value: UInt32, bits: Int) {
        buffer |= UInt64(value) << UInt64(count)
        count += bits
        while count >= 8 {
            bytes.append(UInt8(buffer & 0xFF))
            buffer >>= 8
            count -= 8
        }
    }

    /// A Huffman code, most significant bit first.
    mutating func writeCode(_ code: Int, length: Int) {
        var reversed: UInt32 = 0
        for bit in 0..<length where code >> bit & 1 == 1 { reversed |= 1 << UInt32(length - 1 - bit) }
        write(reversed, bits: length)
    }

    /// The bytes, the last one padded with zero bits.
    mutating func finish() -> [UInt8] {
        if count > 0 { bytes.append(UInt8(buffer & 0xFF)) }
        buffer = 0
        count = 0
        return bytes
    }
}
