/// An opaque picture to draw charts on: RGB pixels, row by row from the top left, painted with colours
/// that may be translucent (their alpha blends them over what is there). Pure and small: rectangles,
/// lines, and text in `BitmapFont`.
public struct Canvas: Sendable, Equatable {
    /// A colour with its opacity (255 opaque, 0 invisible).
    public struct Color: Sendable, Equatable {
        public var red: UInt8
        public var green: UInt8
        public var blue: UInt8
        public var alpha: UInt8

        /// `0xRRGGBB`, opaque unless `alpha` says otherwise.
        public init(_ hex: UInt32, alpha: UInt8 = 255) {
            red = UInt8(hex >> 16 & 0xFF)
            green = UInt8(hex >> 8 & 0xFF)
            blue = UInt8(hex & 0xFF)
            self.alpha = alpha
        }

        /// The same colour at another opacity.
        public func opacity(_ alpha: UInt8) -> Color {
            var copy = self
            copy.alpha = alpha
            return copy
        }
    }

    public let width: Int
    public let height: Int
    /// Three bytes a pixel.
    public private(set) var rgb: [UInt8]

    public init(width: Int, height: Int, background: Color) {
        precondition(width > 0 && height > 0, "a canvas has at least one pixel")
        self.width = width
        self.height = height
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in stride(from: 0, to: pixels.count, by: 3) {
            pixels[index] = background.red
            pixels[index + 1] = background.green
            pixels[index + 2] = background.blue
        }
        rgb = pixels
    }

    /// The opaque colour at a pixel.
    public func pixel(x: Int, y: Int) -> Color {
        let index = (y * width + x) * 3
        return Color(UInt32(rgb[index]) << 16 | UInt32(rgb[index + 1]) << 8 | UInt32(rgb[index + 2]))
    }

    /// Paints one pixel; outside the canvas nothing happens.
    public mutating func paint(x: Int, y: Int, _ color: Color) {
        guard x >= 0, y >= 0, x < width, y < height, color.alpha > 0 else { return }
        let index = (y * width + x) * 3
        if color.alpha == 255 {
            rgb[index] = color.red
            rgb[index + 1] = color.green
            rgb[index + 2] = color.blue
            return
        }
        let alpha = Int(color.alpha)
        func mix(_ old: UInt8, _ new: UInt8) -> UInt8 { UInt8((Int(new) * alpha + Int(old) * (255 - alpha) + 127) / 255) }
        rgb[index] = mix(rgb[index], color.red)
        rgb[index + 1] = mix(rgb[index + 1], color.green)
        rgb[index + 2] = mix(rgb[index + 2], color.blue)
    }

    /// Paints a rectangle, clipped to the canvas.
    public mutating func fill(x: Int, y: Int, width: Int, height: Int, _ color: Color) {
        let left = max(0, x)
        let right = min(self.width, x + width)
        let top = max(0, y)
        let bottom = min(self.height, y + height)
        guard left < right, top < bottom else { return }
        for row in top..<bottom {
            for column in left..<right { paint(x: column, y: row, color) }
        }
    }

    /// A straight line `thickness` pixels wide (Bresenham's, each step a square of that size).
    public mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), thickness: Int = 1, _ color: Color) {
        var x = start.x
        var y = start.y
        let deltaX = abs(end.x - start.x)
        let deltaY = -abs(end.y - start.y)
        let stepX = start.x < end.x ? 1 : -1
        let stepY = start.y < end.y ? 1 : -1
        var error = deltaX + deltaY
        let offset = (thickness - 1) / 2
        while true {
            fill(x: x - offset, y: y - offset, width: thickness, height: thickness, color)
            if x == end.x && y == end.y { break }
            let doubled = 2 * error
            if doubled >= deltaY {
                error += deltaY
                x += stepX
            }
            if doubled <= deltaX {
                error += deltaX
                y += stepY
            }
        }
    }

    /// Writes `text` with its top left corner at (`x`, `y`), each font pixel `scale` pixels square.
    public mutating func text(_ text: String, x: Int, y: Int, scale: Int = 1, _ color: Color) {
        var left = x
        for character in text {
            for (row, bits) in BitmapFont.rows(character).enumerated() {
                for column in 0..<BitmapFont.glyphWidth where bits >> (BitmapFont.glyphWidth - 1 - column) & 1 == 1 {
                    fill(x: left + column * scale, y: y + row * scale, width: scale, height: scale, color)
                }
            }
            left += BitmapFont.advance * scale
        }
    }

    /// The picture as a PNG file.
    public func png() -> [UInt8] {
        PNGEncoder.encode(width: width, height: height, rgb: rgb)
    }
}
