import Foundation
@testable import NexBoardCore
import NexBoardTesting
import Testing

@Suite("Graph pictures and their PNG files")
struct GraphImageTests {
    /// What a PNG file holds, read back independently of the encoder: its chunks checked against a
    /// bitwise CRC-32, its zlib stream inflated by `Inflater` and checked against its Adler-32, its
    /// rows unfiltered.
    struct DecodedPNG {
        var width = 0
        var height = 0
        var chunks: [String] = []
        var rgb: [UInt8] = []
        var compressedSize = 0

        init(_ file: [UInt8]) throws {
            #expect(Array(file.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "the PNG signature")
            var offset = 8
            var idat: [UInt8] = []
            func bigEndian(_ at: Int) -> Int { file[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
            while offset + 12 <= file.count {
                let length = bigEndian(offset)
                let typed = Array(file[offset + 4..<offset + 8 + length])
                let type = String(decoding: typed.prefix(4), as: UTF8.self)
                #expect(UInt32(bigEndian(offset + 8 + length)) == Self.bitwiseCRC(typed), "the CRC of \(type)")
                chunks.append(type)
                let data = Array(typed.dropFirst(4))
                if type == "IHDR" {
                    width = Int(data[0...3].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
                    height = Int(data[4...7].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
                    #expect(Array(data[8...12]) == [8, 2, 0, 0, 0], "8-bit RGB, deflate, no interlace")
                }
                if type == "IDAT" { idat += data }
                offset += 12 + length
            }
            #expect(offset == file.count, "nothing after IEND")
            compressedSize = idat.count
            try #require(idat.count > 6)
            #expect((Int(idat[0]) << 8 | Int(idat[1])) % 31 == 0 && idat[0] & 0x0F == 8, "a zlib header for deflate")
            var inflater = Inflater(Array(idat.dropFirst(2)))
            let raw = try inflater.inflate()
            let adler = idat.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(adler == Self.simpleAdler(raw), "the Adler-32 of the inflated data")
            let stride = width * 3
            try #require(raw.count == (stride + 1) * height, "a filter byte and a row of pixels per row")
            rgb = [UInt8](repeating: 0, count: stride * height)
            for row in 0..<height {
                let filter = raw[row * (stride + 1)]
                for index in 0..<stride {
                    let value = raw[row * (stride + 1) + 1 + index]
                    let left = index >= 3 ? rgb[row * stride + index - 3] : 0
                    let up = row > 0 ? rgb[(row - 1) * stride + index] : 0
                    switch filter {
                    case 0: rgb[row * stride + index] = value
                    case 1: rgb[row * stride + index] = value &+ left
                    case 2: rgb[row * stride + index] = value &+ up
                    default: Issue.record("filter \(filter) is not one the encoder writes"); return
                    }
                }
            }
        }

        static func bitwiseCRC(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return ~crc
        }

        static func simpleAdler(_ bytes: [UInt8]) -> UInt32 {
            var a: UInt32 = 1, b: UInt32 = 0
            for byte in bytes {
                a = (a + UInt32(byte)) % 65_521
                b = (b + a) % 65_521
            }
            return b << 16 | a
        }
    }

    /// Inflates deflate data made of stored and fixed-Huffman blocks (what the encoder writes).
    struct Inflater {
        struct Unsupported: Error {}
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func bit() throws -> Int {
            guard position / 8 < bytes.count else { throw Unsupported() }
            defer { position += 1 }
            return Int(bytes[position / 8] >> UInt8(position % 8) & 1)
        }

        mutating func bits(_ count: Int) throws -> Int {
            var value = 0
            for index in 0..<count { value |= try bit() << index }
            return value
        }

        mutating func symbol() throws -> Int {
            var code = 0
            for _ in 0..<7 { code = code << 1 | (try bit()) }
            if code <= 0x17 { return 256 + code }
            code = code << 1 | (try bit())
            if (0x30...0xBF).contains(code) { return code - 0x30 }
            if (0xC0...0xC7).contains(code) { return 280 + code - 0xC0 }
            code = code << 1 | (try bit())
            return 144 + code - 0x190
        }

        mutating func inflate() throws -> [UInt8] {
            var output: [UInt8] = []
            var final = 0
            repeat {
                final = try bit()
                switch try bits(2) {
                case 0:
                    position = (position + 7) / 8 * 8
                    let length = try bits(16)
                    _ = try bits(16)
                    for _ in 0..<length { output.append(UInt8(try bits(8))) }
                case 1:
                    while true {
                        let symbol = try symbol()
                        if symbol < 256 { output.append(UInt8(symbol)); continue }
                        if symbol == 256 { break }
                        let code = symbol - 257
                        let length = Deflate.lengthBases[code] + (try bits(Deflate.lengthExtraBits[code]))
                        var distanceCode = 0
                        for _ in 0..<5 { distanceCode = distanceCode << 1 | (try bit()) }
                        let distance = Deflate.distanceBases[distanceCode] + (try bits(Deflate.distanceExtraBits[distanceCode]))
                        guard distance <= output.count else { throw Unsupported() }
                        for _ in 0..<length { output.append(output[output.count - distance]) }
                    }
                default:
                    throw Unsupported()
                }
            } while final == 0
            return output
        }
    }

    static let range = "last 1h · 2026-12-01 11:00Z → 12:00Z"

    static func wave(_ count: Int, phase: Double, gap: Range<Int>? = nil) -> [Double?] {
        (0..<count).map { index in
            if let gap, gap.contains(index) { return nil }
            return (sin(Double(index) / Double(count) * 6 + phase) + 1) / 2 * 0.8 + 0.1
        }
    }

    @Test("The PNG file reads back: signature, chunk CRCs, Adler-32 of the inflated rows, size and pixels")
    func pngReadsBack() throws {
        let canvas = GraphImage(title: "Node pve2: cpu, mem", panels: [
            Sparkline(series: [.init("cpu", Self.wave(70, phase: 0)), .init("mem", Self.wave(70, phase: 2))], unit: .percent, range: Self.range),
        ]).draw()
        let file = canvas.png()
        let decoded = try DecodedPNG(file)
        #expect(decoded.chunks == ["IHDR", "IDAT", "IEND"])
        #expect(decoded.width == 800 && decoded.height == 300)
        #expect(decoded.rgb == canvas.rgb, "the pixels come back as drawn")
        #expect(file.count < 60_000, "compressed: \(file.count) bytes for 720,000 bytes of pixels")
    }

    @Test("Random pixels, a single pixel and long runs survive the encoder")
    func encoderEdgeCases() throws {
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<(97 * 13 * 3)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(try DecodedPNG(PNGEncoder.encode(width: 97, height: 13, rgb: noise)).rgb == noise)
        #expect(try DecodedPNG(PNGEncoder.encode(width: 1, height: 1, rgb: [1, 2, 3])).rgb == [1, 2, 3])
        let flat = [UInt8](repeating: 7, count: 400 * 400 * 3)
        let file = PNGEncoder.encode(width: 400, height: 400, rgb: flat)
        #expect(try DecodedPNG(file).rgb == flat)
        #expect(file.count < 5_000, "a flat picture is runs of 258 bytes: \(file.count) bytes")
        #expect(PNGEncoder.crc32(Array("IEND".utf8)) == 0xAE42_6082, "IEND's well-known CRC")
        #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    @Test("Python's zlib inflates the file and finds the same pixels",
          .enabled(if: try TestPeer.check("Debian's python3 (/usr/bin/python3)", present: FileManager.default.isExecutableFile(atPath: Self.python))))
    func pythonReadsIt() async throws {
        let canvas = GraphImage(title: "web01: cpu", panels: [Sparkline(series: [.init("cpu", Self.wave(200, phase: 1))], unit: .percent, range: Self.range)])
            .draw()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-png-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let png = directory.appendingPathComponent("graph.png")
        let pixels = directory.appendingPathComponent("pixels.rgb")
        try Data(canvas.png()).write(to: png)
        let script = """
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
        offset, idat = 8, b''
        while offset < len(data):
            length, kind = struct.unpack('>I4s', data[offset:offset + 8])
            body = data[offset + 8:offset + 8 + length]
            assert zlib.crc32(kind + body) == struct.unpack('>I', data[offset + 8 + length:offset + 12 + length])[0], kind
            if kind == b'IHDR': width, height = struct.unpack('>II', body[:8])
            if kind == b'IDAT': idat += body
            offset += 12 + length
        raw = zlib.decompress(idat)
        stride, rows, previous = width * 3, [], bytearray(width * 3)
        for y in range(height):
            kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            for i in range(stride):
                if kind == 1: line[i] = (line[i] + (line[i - 3] if i >= 3 else 0)) & 255
                elif kind == 2: line[i] = (line[i] + previous[i]) & 255
                else: assert kind == 0, kind
            rows.append(bytes(line)); previous = line
        open(sys.argv[2], 'wb').write(b''.join(rows))
        print(width, height)
        """
        let result = try await ChildProcess.run(URL(fileURLWithPath: Self.python), arguments: ["-c", script, png.path, pixels.path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "800 300")
        #expect(Array(try Data(contentsOf: pixels)) == canvas.rgb)
    }

    static let python = "/usr/bin/python3"

    @Test("Known pixels of a small graph: background, plot, a full-scale line at the top, its area, a gap, one dot")
    func goldenPixels() throws {
        // 10 points: 100% for the first four, a gap of three, one point alone, a gap, then one more.
        let values: [Double?] = [1, 1, 1, 1, nil, nil, nil, 0.5, nil, 0.25]
        let image = GraphImage(title: "t", panels: [Sparkline(series: [.init("cpu", values)], unit: .percent, range: "")])
        let canvas = image.draw(width: 240, height: 160)
        let colour = GraphImage.colour(0)
        #expect(canvas.pixel(x: 0, y: 0) == GraphImage.Palette.background)
        // Layout: the title line, one legend line, then the plot to the bottom margin (no caption).
        let top = GraphImage.Layout.margin + 2 * GraphImage.Layout.lineHeight
        let bottom = 160 - GraphImage.Layout.margin
        let left = GraphImage.Layout.margin + BitmapFont.width("100%", scale: 2) + 8
        let right = 240 - GraphImage.Layout.margin
        let innerLeft = left + 1, innerWidth = right - left - 1, floor = bottom - 2
        func x(_ index: Int) -> Int { innerLeft + index * (innerWidth - 1) / (values.count - 1) }
        func y(_ fraction: Double) -> Int { floor - Int((fraction * Double(bottom - top - 3)).rounded()) }
        #expect(canvas.pixel(x: left, y: top + 5) == GraphImage.Palette.axis, "the y axis")
        #expect(canvas.pixel(x: (x(1) + x(2)) / 2, y: y(1)) == colour, "the 100% line along the top")
        let area = canvas.pixel(x: (x(1) + x(2)) / 2, y: (top + bottom) / 2)
        #expect(area != colour && area != GraphImage.Palette.plot && area.green > GraphImage.Palette.plot.green, "a translucent area under it")
        let gap = (x(5) + x(6)) / 2
        for row in top + 1..<bottom - 1 {
            let pixel = canvas.pixel(x: gap, y: row)
            #expect(pixel == GraphImage.Palette.plot || pixel == GraphImage.Palette.grid, "nothing drawn in the gap (row \(row))")
        }
        #expect(canvas.pixel(x: x(7), y: y(0.5)) == colour, "the lone point is a dot")
        #expect(canvas.pixel(x: x(9), y: y(0.25)) == colour, "so is the last one")
        #expect(canvas.pixel(x: x(7) + 4, y: y(0.5)) != colour, "and is not joined to anything")
        #expect(canvas.pixel(x: GraphImage.Layout.margin + 2, y: GraphImage.Layout.margin + GraphImage.Layout.lineHeight + 4) == colour,
                "the legend's swatch")
    }

    @Test("No data, NaN and infinity draw an empty plot that says so, and never trap")
    func emptyAndNaN() throws {
        for values: [Double?] in [[], [nil, nil], [.nan, .infinity, -.infinity]] {
            let image = GraphImage(title: "empty", panels: [Sparkline(series: [.init("cpu", values)], unit: .percent, range: Self.range)])
            let canvas = image.draw()
            let decoded = try DecodedPNG(canvas.png())
            #expect(decoded.rgb == canvas.rgb)
            let coloured = (0..<canvas.height).flatMap { y in (0..<canvas.width).filter { canvas.pixel(x: $0, y: y) == GraphImage.colour(0) } }
            #expect(coloured.count == GraphImage.Layout.swatch * GraphImage.Layout.swatch, "the series colour only in the legend's swatch")
            #expect(image.altText.contains("cpu no data"))
        }
        let nothing = GraphImage(title: "nothing", panels: []).draw(width: 100, height: 50)
        #expect(nothing.pixel(x: 99, y: 49) == GraphImage.Palette.background)
        let tiny = GraphImage(title: "tiny", panels: [Sparkline(series: [.init("a", [0.5])], unit: .number, range: "x")]).draw(width: 20, height: 10)
        #expect(tiny.width == 20)
    }

    @Test("One point is a dot in the middle; a flat line of numbers sits at the bottom of its scale")
    func onePoint() throws {
        let canvas = GraphImage(title: "one", panels: [Sparkline(series: [.init("cpu", [0.5])], unit: .percent, range: "")]).draw()
        let top = GraphImage.Layout.margin + 2 * GraphImage.Layout.lineHeight
        let bottom = 300 - GraphImage.Layout.margin
        let left = GraphImage.Layout.margin + BitmapFont.width("100%", scale: 2) + 8
        let innerWidth = 800 - GraphImage.Layout.margin - left - 1
        let y = bottom - 2 - Int((0.5 * Double(bottom - top - 3)).rounded())
        #expect(canvas.pixel(x: left + 1 + innerWidth / 2, y: y) == GraphImage.colour(0))
        let flat = GraphImage(title: "flat", panels: [Sparkline(series: [.init("n", [3, 3, 3])], unit: .number, range: "")]).draw()
        #expect(flat.rgb.count == 800 * 300 * 3)
    }

    @Test("Many series share the legend over two lines and the rest are counted; every series gets a colour")
    func manySeries() throws {
        let series = (0..<30).map { Sparkline.Series("series-\($0)", Self.wave(1_440, phase: Double($0))) }
        let image = GraphImage(title: "many", panels: [Sparkline(series: series, unit: .number, range: Self.range),
                                                        Sparkline(series: [.init("in", Self.wave(1_440, phase: 0)), .init("out", [])],
                                                                  unit: .bytesPerSecond, range: Self.range)])
        let canvas = image.draw()
        #expect(try DecodedPNG(canvas.png()).rgb == canvas.rgb)
        #expect(GraphImage.colour(8) == GraphImage.colour(0), "colours repeat after eight")
        #expect(image.altText.contains("series-29 from"))
        #expect(image.altText.contains("out no data"))
    }

    @Test("A long title and range are cut with an ellipsis; the font draws what it lacks as ?")
    func fittedText() {
        #expect(GraphImage.fitted(String(repeating: "x", count: 200), width: 120).hasSuffix("…"))
        #expect(GraphImage.fitted("short", width: 120) == "short")
        #expect(BitmapFont.rows("€") == BitmapFont.rows("?"))
        #expect(BitmapFont.rows("a") != BitmapFont.rows("A"))
        #expect(BitmapFont.glyphs.values.allSatisfy { $0.count == BitmapFont.glyphHeight })
    }
}
