import ImpactReport

/// An inline SVG line chart: axes, gridlines, one line per series with distinct dash patterns and
/// markers (legible in greyscale), gaps where values are missing, a legend, and `<title>`/`<desc>`.
/// Colours come from CSS classes, so light, dark and print styles apply.
struct SVGLineChart {
    let chart: ReportChart
    let width = 640.0
    let height = 260.0
    let left = 96.0
    let right = 40.0
    let top = 16.0
    let bottom = 64.0

    func svg() -> String {
        let id = Escaping.html(chart.id)
        var out = "<svg class=\"line-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
        out += "aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        out += "<title id=\"\(id)-title\">\(Escaping.html(chart.title))</title>\n"
        out += "<desc id=\"\(id)-desc\">\(Escaping.html(chart.summary))</desc>\n"
        let ticks = chart.ticks.isEmpty ? [ReportChart.Tick(value: 0, label: "0")] : chart.ticks
        let low = ticks.first!.value
        let high = ticks.last!.value == low ? low + 1 : ticks.last!.value
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func y(_ value: Double) -> Double { top + plotHeight - (value - low) / (high - low) * plotHeight }
        let count = max(chart.categories.count, 1)
        func x(_ index: Int) -> Double {
            count == 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(count - 1)
        }
        // Grid and y-axis labels.
        out += "<g class=\"grid\">\n"
        for tick in ticks {
            let position = Self.number(y(tick.value))
            out +=
                "<line x1=\"\(Self.number(left))\" x2=\"\(Self.number(width - right))\" y1=\"\(position)\" y2=\"\(position)\"/>"
            out +=
                "<text class=\"tick\" x=\"\(Self.number(left - 6))\" y=\"\(position)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(Escaping.html(tick.label))</text>\n"
        }
        out += "</g>\n<g class=\"axis\">\n"
        // Label every quarter while they fit, else every second, third … (always the last one).
        let stride = max(1, Int((Double(count) * 56 / plotWidth).rounded(.up)))
        for (index, category) in chart.categories.enumerated() where (count - 1 - index) % stride == 0 {
            out +=
                "<text class=\"tick\" x=\"\(Self.number(x(index)))\" y=\"\(Self.number(top + plotHeight + 16))\" text-anchor=\"middle\">\(Escaping.html(category))</text>\n"
        }
        out += "</g>\n"
        // Series.
        for (seriesIndex, series) in chart.series.enumerated() {
            let style = seriesIndex % 4
            out += "<g class=\"series s\(style)\">\n"
            var segment: [(Double, Double)] = []
            var segments: [[(Double, Double)]] = []
            for (index, value) in series.values.enumerated() {
                if let value {
                    segment.append((x(index), y(value)))
                } else if !segment.isEmpty {
                    segments.append(segment)
                    segment = []
                }
            }
            if !segment.isEmpty { segments.append(segment) }
            for part in segments where part.count > 1 {
                let points = part.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
                out += "<polyline points=\"\(points)\"/>\n"
            }
            for point in segments.joined() { out += marker(style, point.0, point.1) }
            out += "</g>\n"
        }
        // Legend.
        out += "<g class=\"legend\">\n"
        var legendX = left
        for (seriesIndex, series) in chart.series.enumerated() {
            let style = seriesIndex % 4
            let legendY = height - 14
            out +=
                "<g class=\"series s\(style)\"><line x1=\"\(Self.number(legendX))\" x2=\"\(Self.number(legendX + 24))\" y1=\"\(Self.number(legendY))\" y2=\"\(Self.number(legendY))\"/>"
            out += marker(style, legendX + 12, legendY)
            out +=
                "</g><text x=\"\(Self.number(legendX + 30))\" y=\"\(Self.number(legendY))\" dominant-baseline=\"middle\">\(Escaping.html(series.name))</text>\n"
            legendX += 40 + Double(series.name.count) * 7
        }
        out += "</g>\n</svg>"
        return out
    }

    /// Circle, square, triangle, diamond.
    func marker(_ style: Int, _ x: Double, _ y: Double) -> String {
        switch style {
        case 0: return "<circle class=\"marker\" cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"3.5\"/>\n"
        case 1:
            return
                "<rect class=\"marker\" x=\"\(Self.number(x - 3.5))\" y=\"\(Self.number(y - 3.5))\" width=\"7\" height=\"7\"/>\n"
        case 2:
            return
                "<polygon class=\"marker\" points=\"\(Self.number(x)),\(Self.number(y - 4.5)) \(Self.number(x + 4.5)),\(Self.number(y + 3.5)) \(Self.number(x - 4.5)),\(Self.number(y + 3.5))\"/>\n"
        default:
            return
                "<polygon class=\"marker\" points=\"\(Self.number(x)),\(Self.number(y - 5)) \(Self.number(x + 5)),\(Self.number(y)) \(Self.number(x)),\(Self.number(y + 5)) \(Self.number(x - 5)),\(Self.number(y))\"/>\n"
        }
    }

    /// Coordinates with one decimal, deterministic and compact.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        let whole = Int(tenths) / 10
        let fraction = abs(Int(tenths) % 10)
        return fraction == 0 ? String(whole) : (tenths < 0 && whole == 0 ? "-" : "") + "\(whole).\(fraction)"
    }
}
