import ImpactReport

/// An inline SVG line chart: axes, gridlines, one line per series with distinct dash patterns and
/// markers (legible in greyscale), gaps where values are missing, a legend, and `<title>`/`<desc>`.
/// Colours come from CSS classes, so light, dark and print styles apply.
struct SVGLineChart {
    let chart: ReportChart
    var frame: SVGFrame { SVGFrame(height: 260, right: 40, bottom: 64, ticks: chart.ticks) }

    func svg() -> String {
        let frame = self.frame
        var out = frame.open(className: "line-chart", id: chart.id, title: chart.title, summary: chart.summary)
        let (left, height, top) = (frame.left, frame.height, frame.top)
        let (plotWidth, plotHeight) = (frame.plotWidth, frame.plotHeight)
        func y(_ value: Double) -> Double { frame.y(value) }
        let count = max(chart.categories.count, 1)
        func x(_ index: Int) -> Double {
            count == 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(count - 1)
        }
        out += frame.grid()
        out += "<g class=\"axis\">\n"
        // Label every quarter while they fit, else every second, third … (always the last one).
        let stride = max(1, Int((Double(count) * 56 / plotWidth).rounded(.up)))
        for (index, category) in chart.categories.enumerated() where (count - 1 - index) % stride == 0 {
            out +=
                "<text class=\"tick\" x=\"\(SVGFrame.number(x(index)))\" y=\"\(SVGFrame.number(top + plotHeight + 16))\" text-anchor=\"middle\">\(Escaping.html(category))</text>\n"
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
                let points = part.map { "\(SVGFrame.number($0.0)),\(SVGFrame.number($0.1))" }.joined(separator: " ")
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
                "<g class=\"series s\(style)\"><line x1=\"\(SVGFrame.number(legendX))\" x2=\"\(SVGFrame.number(legendX + 24))\" y1=\"\(SVGFrame.number(legendY))\" y2=\"\(SVGFrame.number(legendY))\"/>"
            out += marker(style, legendX + 12, legendY)
            out +=
                "</g><text x=\"\(SVGFrame.number(legendX + 30))\" y=\"\(SVGFrame.number(legendY))\" dominant-baseline=\"middle\">\(Escaping.html(series.name))</text>\n"
            legendX += 40 + Double(series.name.count) * 7
        }
        out += "</g>\n</svg>"
        return out
    }

    /// Circle, square, triangle, diamond.
    func marker(_ style: Int, _ x: Double, _ y: Double) -> String {
        switch style {
        case 0:
            return "<circle class=\"marker\" cx=\"\(SVGFrame.number(x))\" cy=\"\(SVGFrame.number(y))\" r=\"3.5\"/>\n"
        case 1:
            return
                "<rect class=\"marker\" x=\"\(SVGFrame.number(x - 3.5))\" y=\"\(SVGFrame.number(y - 3.5))\" width=\"7\" height=\"7\"/>\n"
        case 2:
            return
                "<polygon class=\"marker\" points=\"\(SVGFrame.number(x)),\(SVGFrame.number(y - 4.5)) \(SVGFrame.number(x + 4.5)),\(SVGFrame.number(y + 3.5)) \(SVGFrame.number(x - 4.5)),\(SVGFrame.number(y + 3.5))\"/>\n"
        default:
            return
                "<polygon class=\"marker\" points=\"\(SVGFrame.number(x)),\(SVGFrame.number(y - 5)) \(SVGFrame.number(x + 5)),\(SVGFrame.number(y)) \(SVGFrame.number(x)),\(SVGFrame.number(y + 5)) \(SVGFrame.number(x - 5)),\(SVGFrame.number(y))\"/>\n"
        }
    }
}
