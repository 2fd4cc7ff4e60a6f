import ImpactReport

/// An inline SVG of box plots: for each category a box from the 25th to the 75th percentile with a line
/// at the median and a diamond at the mean. No whiskers, minimum, maximum or points: only statistics
/// that disclosure control published.
struct SVGBoxPlot {
    let chart: DistributionChart
    let width = 640.0
    let height = 240.0
    let left = 96.0
    let right = 24.0
    let top = 16.0
    let bottom = 48.0

    func svg() -> String {
        let id = Escaping.html(chart.id)
        var out = "<svg class=\"box-plot\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
        out += "aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        out += "<title id=\"\(id)-title\">\(Escaping.html(chart.title))</title>\n"
        out += "<desc id=\"\(id)-desc\">\(Escaping.html(chart.summary))</desc>\n"
        let ticks = chart.ticks.isEmpty ? [ReportChart.Tick(value: 0, label: "0")] : chart.ticks
        let low = ticks.first!.value
        let high = ticks.last!.value == low ? low + 1 : ticks.last!.value
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func y(_ value: Double) -> Double { top + plotHeight - (value - low) / (high - low) * plotHeight }
        let slot = plotWidth / Double(max(chart.categories.count, 1))
        out += "<g class=\"grid\">\n"
        for tick in ticks {
            let position = SVGLineChart.number(y(tick.value))
            out +=
                "<line x1=\"\(SVGLineChart.number(left))\" x2=\"\(SVGLineChart.number(width - right))\" y1=\"\(position)\" y2=\"\(position)\"/>"
            out +=
                "<text class=\"tick\" x=\"\(SVGLineChart.number(left - 6))\" y=\"\(position)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(Escaping.html(tick.label))</text>\n"
        }
        out += "</g>\n<g class=\"boxes\">\n"
        for (index, category) in chart.categories.enumerated() {
            let center = left + slot * (Double(index) + 0.5)
            let half = min(slot * 0.3, 28)
            if let box = chart.boxes[index] {
                let top = y(box.p75)
                let bottom = y(box.p25)
                out +=
                    "<rect class=\"box\" x=\"\(SVGLineChart.number(center - half))\" y=\"\(SVGLineChart.number(top))\" "
                out +=
                    "width=\"\(SVGLineChart.number(2 * half))\" height=\"\(SVGLineChart.number(max(bottom - top, 1)))\"/>"
                out +=
                    "<line class=\"median\" x1=\"\(SVGLineChart.number(center - half))\" x2=\"\(SVGLineChart.number(center + half))\" "
                out += "y1=\"\(SVGLineChart.number(y(box.median)))\" y2=\"\(SVGLineChart.number(y(box.median)))\"/>"
                let my = y(box.mean)
                out += "<polygon class=\"mean\" points=\"\(SVGLineChart.number(center)),\(SVGLineChart.number(my - 4)) "
                out +=
                    "\(SVGLineChart.number(center + 4)),\(SVGLineChart.number(my)) \(SVGLineChart.number(center)),\(SVGLineChart.number(my + 4)) "
                out += "\(SVGLineChart.number(center - 4)),\(SVGLineChart.number(my))\"/>\n"
            } else {
                out +=
                    "<text class=\"withheld\" x=\"\(SVGLineChart.number(center))\" y=\"\(SVGLineChart.number(top + plotHeight / 2))\" text-anchor=\"middle\">✱</text>\n"
            }
            out +=
                "<text class=\"tick\" x=\"\(SVGLineChart.number(center))\" y=\"\(SVGLineChart.number(top + plotHeight + 16))\" text-anchor=\"middle\">\(Escaping.html(category))</text>\n"
        }
        out += "</g>\n"
        out +=
            "<g class=\"legend\"><rect class=\"box\" x=\"\(SVGLineChart.number(left))\" y=\"\(SVGLineChart.number(height - 20))\" width=\"14\" height=\"10\"/>"
        out +=
            "<text x=\"\(SVGLineChart.number(left + 20))\" y=\"\(SVGLineChart.number(height - 15))\" dominant-baseline=\"middle\">middle half (25th–75th percentile), line at the median</text>"
        out +=
            "<polygon class=\"mean\" points=\"\(SVGLineChart.number(left + 372)),\(SVGLineChart.number(height - 19)) \(SVGLineChart.number(left + 376)),\(SVGLineChart.number(height - 15)) \(SVGLineChart.number(left + 372)),\(SVGLineChart.number(height - 11)) \(SVGLineChart.number(left + 368)),\(SVGLineChart.number(height - 15))\"/>"
        out +=
            "<text x=\"\(SVGLineChart.number(left + 382))\" y=\"\(SVGLineChart.number(height - 15))\" dominant-baseline=\"middle\">mean</text></g>\n"
        return out + "</svg>"
    }
}
