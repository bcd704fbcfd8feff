/// The sparkline graphs of a message (`Sparkline`), drawn as one picture for platforms that show
/// images: a title, a legend (each series' colour, label and last value), one panel per graph with
/// its scale's ends labelled, a line over a translucent area per series, and the time range under
/// it. A missing or non-finite point is a gap; a point alone between gaps is a dot. The background is
/// dark, which reads on Discord's dark and light themes alike. Pure: the same data gives the same
/// pixels.
public struct GraphImage: Sendable, Equatable {
    public static let defaultWidth = 800
    public static let defaultHeight = 300

    /// Colours of the picture.
    enum Palette {
        static let background = Canvas.Color(0x1B1D21)
        static let plot = Canvas.Color(0x23262B)
        static let grid = Canvas.Color(0x363A41)
        static let axis = Canvas.Color(0x5D646E)
        static let text = Canvas.Color(0xE3E5E8)
        static let dimText = Canvas.Color(0xA2A8B0)
        /// Series colours in order, bright on the dark plot; repeated after the eighth.
        static let series: [Canvas.Color] = ([0x5BA4FF, 0x4FD98B, 0xFFB547, 0xFF6B8B, 0xB98CFF, 0x3FD1D9, 0xE6E36A, 0xFF8C42] as [UInt32])
            .map { Canvas.Color($0) }
        static let areaAlpha: UInt8 = 46
    }

    /// Layout, in pixels; text is the 5×7 font at `scale`.
    enum Layout {
        static let scale = 2
        static let margin = 14
        static let lineHeight = BitmapFont.glyphHeight * scale + 8
        static let swatch = 12
        static let panelGap = 12
        static let legendLines = 2
        /// Panels with at most this many series draw the area under each line.
        static let seriesWithAreas = 3
    }

    /// The picture's heading ("Node pve2: cpu, mem, disk").
    public var title: String
    /// One panel each, top to bottom; the range of the last panel that has one goes under the picture.
    public var panels: [Sparkline]

    public init(title: String, panels: [Sparkline]) {
        self.title = title
        self.panels = panels
    }

    /// What the picture shows, in words: for screen readers and as a platform's alt text.
    public var altText: String {
        var parts: [String] = []
        for panel in panels {
            for series in panel.series {
                let values = series.values.compactMap { $0 }.filter(\.isFinite)
                if let low = values.min(), let high = values.max(), let last = values.last {
                    parts.append("\(series.label) from \(panel.unit.format(low)) to \(panel.unit.format(high)), last \(panel.unit.format(last))")
                } else {
                    parts.append("\(series.label) no data")
                }
            }
        }
        let range = panels.last { !$0.range.isEmpty }?.range
        return "Graph: \(title)" + (range.map { ", \($0)" } ?? "") + (parts.isEmpty ? "" : ". " + parts.joined(separator: "; ")) + "."
    }

    /// The picture as a PNG file.
    public func png(width: Int = defaultWidth, height: Int = defaultHeight) -> [UInt8] {
        draw(width: width, height: height).png()
    }

    /// The picture on a canvas (tests read its pixels).
    public func draw(width: Int = defaultWidth, height: Int = defaultHeight) -> Canvas {
        var canvas = Canvas(width: width, height: height, background: Palette.background)
        let scale = Layout.scale
        let margin = Layout.margin
        canvas.text(Self.fitted(title, width: width - 2 * margin), x: margin, y: margin, scale: scale, Palette.text)
        var top = margin + Layout.lineHeight
        top = drawLegend(on: &canvas, top: top, width: width)

        let caption = panels.last { !$0.range.isEmpty }?.range ?? ""
        let bottom = height - margin - (caption.isEmpty ? 0 : Layout.lineHeight)
        if !caption.isEmpty {
            canvas.text(Self.fitted(caption, width: width - 2 * margin), x: margin, y: bottom + 8, scale: scale, Palette.dimText)
        }
        let scales = panels.map(\.bounds)
        let labels = zip(panels, scales).flatMap { panel, scale in scale.map { [panel.unit.format($0.high), panel.unit.format($0.low)] } ?? [] }
        let labelWidth = labels.map { BitmapFont.width($0, scale: scale) }.max() ?? 0
        let left = margin + labelWidth + 8
        let right = width - margin
        guard !panels.isEmpty, right - left > 4 else { return canvas }
        let panelHeight = (bottom - top - Layout.panelGap * (panels.count - 1)) / panels.count
        guard panelHeight > 8 else { return canvas }
        var colour = 0
        for (index, panel) in panels.enumerated() {
            let panelTop = top + index * (panelHeight + Layout.panelGap)
            drawPanel(panel, scale: scales[index], on: &canvas, left: left, top: panelTop, right: right, bottom: panelTop + panelHeight,
                      firstColour: colour)
            colour += panel.series.count
        }
        return canvas
    }

    /// The colour of the `index`th series over all panels.
    static func colour(_ index: Int) -> Canvas.Color {
        Palette.series[index % Palette.series.count]
    }

    /// Swatches, labels and last values over up to two lines ("+N more" when the rest do not fit);
    /// returns the top of what comes under it.
    private func drawLegend(on canvas: inout Canvas, top: Int, width: Int) -> Int {
        let scale = Layout.scale
        let entries = panels.flatMap { panel in
            panel.series.map { series in
                let last = series.values.last { $0.map(\.isFinite) ?? false }.flatMap { $0 }
                return series.label + " " + (last.map(panel.unit.format) ?? "no data")
            }
        }
        guard !entries.isEmpty else { return top }
        var x = Layout.margin
        var line = 0
        for (index, entry) in entries.enumerated() {
            let entryWidth = Layout.swatch + 6 + BitmapFont.width(entry, scale: scale) + 18
            let more = "+\(entries.count - index) more"
            let roomForMore = line == Layout.legendLines - 1 && index < entries.count - 1 ? BitmapFont.width(more, scale: scale) : 0
            if x + entryWidth + roomForMore > width - Layout.margin, x > Layout.margin {
                if line == Layout.legendLines - 1 {
                    canvas.text(more, x: x, y: top + line * Layout.lineHeight, scale: scale, Palette.dimText)
                    break
                }
                line += 1
                x = Layout.margin
            }
            let y = top + line * Layout.lineHeight
            canvas.fill(x: x, y: y + 1, width: Layout.swatch, height: Layout.swatch, Self.colour(index))
            canvas.text(Self.fitted(entry, width: width - 2 * Layout.margin - Layout.swatch - 6), x: x + Layout.swatch + 6, y: y,
                        scale: scale, Palette.text)
            x += entryWidth
        }
        return top + (line + 1) * Layout.lineHeight
    }

    private func drawPanel(_ panel: Sparkline, scale: (low: Double, high: Double)?, on canvas: inout Canvas, left: Int, top: Int, right: Int,
                           bottom: Int, firstColour: Int) {
        let plotWidth = right - left
        let plotHeight = bottom - top
        canvas.fill(x: left, y: top, width: plotWidth, height: plotHeight, Palette.plot)
        for quarter in 1...3 {
            canvas.fill(x: left, y: top + plotHeight * quarter / 4, width: plotWidth, height: 1, Palette.grid)
        }
        canvas.fill(x: left, y: top, width: 1, height: plotHeight, Palette.axis)
        canvas.fill(x: left, y: bottom - 1, width: plotWidth, height: 1, Palette.axis)
        guard let scale else {
            let empty = panel.range.isEmpty ? "no data" : "no data in this range"
            canvas.text(empty, x: left + (plotWidth - BitmapFont.width(empty, scale: Layout.scale)) / 2, y: top + plotHeight / 2 - 7,
                        scale: Layout.scale, Palette.dimText)
            return
        }
        let labelScale = Layout.scale
        let high = panel.unit.format(scale.high)
        let low = panel.unit.format(scale.low)
        canvas.text(high, x: left - 8 - BitmapFont.width(high, scale: labelScale), y: top, scale: labelScale, Palette.dimText)
        canvas.text(low, x: left - 8 - BitmapFont.width(low, scale: labelScale), y: bottom - BitmapFont.glyphHeight * labelScale,
                    scale: labelScale, Palette.dimText)
        // The plot's inside: one pixel in from the axes.
        let innerLeft = left + 1
        let innerWidth = plotWidth - 1
        let floor = bottom - 2
        let span = scale.high > scale.low ? scale.high - scale.low : 1
        func y(_ value: Double) -> Int {
            let fraction = min(1, max(0, (value - scale.low) / span))
            return floor - Int((fraction * Double(plotHeight - 3)).rounded())
        }
        // Areas help a few series read; over more of them they wash the plot out: lines only then.
        let areaAlpha = panel.series.count <= Layout.seriesWithAreas ? Palette.areaAlpha : 0
        for (offset, series) in panel.series.enumerated() {
            let colour = Self.colour(firstColour + offset)
            let points = Sparkline.buckets(series.values, count: innerWidth)
            guard !points.isEmpty else { continue }
            func x(_ index: Int) -> Int {
                points.count == 1 ? innerLeft + innerWidth / 2 : innerLeft + index * (innerWidth - 1) / (points.count - 1)
            }
            for index in points.indices {
                guard let value = points[index] else { continue }
                let here = (x: x(index), y: y(value))
                if index + 1 < points.count, let next = points[index + 1] {
                    let there = (x: x(index + 1), y: y(next))
                    // The area under the segment, one column at a time (the next segment draws its own first column).
                    for column in here.x..<max(here.x + 1, there.x) where areaAlpha > 0 {
                        let t = there.x == here.x ? 0 : Double(column - here.x) / Double(there.x - here.x)
                        let top = Int((Double(here.y) + Double(there.y - here.y) * t).rounded())
                        canvas.fill(x: column, y: top, width: 1, height: floor - top + 1, colour.opacity(areaAlpha))
                    }
                    canvas.line(from: here, to: there, thickness: 2, colour)
                } else if index == 0 || points[index - 1] == nil {
                    // Alone between gaps: a dot over a thin column.
                    canvas.fill(x: here.x - 1, y: here.y, width: 3, height: floor - here.y + 1, colour.opacity(areaAlpha))
                    canvas.fill(x: here.x - 2, y: here.y - 2, width: 5, height: 5, colour)
                }
            }
        }
    }

    /// `text` cut with "…" to fit `width` pixels at the layout's scale.
    static func fitted(_ text: String, width: Int) -> String {
        let room = (width / Layout.scale + 1) / BitmapFont.advance
        guard text.count > room else { return text }
        return room > 1 ? String(text.prefix(room - 1)) + "…" : ""
    }
}
