import ImpactReport

/// An inline SVG of box plots: for each category a box from the 25th to the 75th percentile with a line
/// at the median and a diamond at the mean. No whiskers, minimum, maximum or points: only statistics
/// that disclosure control published.
struct SVGBoxPlot {
    let chart: DistributionChart
    func svg() -> String {
        let frame = SVGFrame(height: 240, right: 24, bottom: 48, ticks: chart.ticks)
        var out = frame.open(className: "box-plot", id: chart.id, title: chart.title, summary: chart.summary)
        let (left, height, top, plotHeight) = (frame.left, frame.height, frame.top, frame.plotHeight)
        func y(_ value: Double) -> Double { frame.y(value) }
        let slot = frame.plotWidth / Double(max(chart.categories.count, 1))
        out += frame.grid()
        out += "<g class=\"boxes\">\n"
        for (index, category) in chart.categories.enumerated() {
            let center = left + slot * (Double(index) + 0.5)
            let half = min(slot * 0.3, 28)
            if let box = chart.boxes[index] {
                let top = y(box.p75)
                let bottom = y(box.p25)
                out +=
                    "<rect class=\"box\" x=\"\(SVGFrame.number(center - half))\" y=\"\(SVGFrame.number(top))\" "
                out +=
                    "width=\"\(SVGFrame.number(2 * half))\" height=\"\(SVGFrame.number(max(bottom - top, 1)))\"/>"
                out +=
                    "<line class=\"median\" x1=\"\(SVGFrame.number(center - half))\" x2=\"\(SVGFrame.number(center + half))\" "
                out += "y1=\"\(SVGFrame.number(y(box.median)))\" y2=\"\(SVGFrame.number(y(box.median)))\"/>"
                let my = y(box.mean)
                out += "<polygon class=\"mean\" points=\"\(SVGFrame.number(center)),\(SVGFrame.number(my - 4)) "
                out +=
                    "\(SVGFrame.number(center + 4)),\(SVGFrame.number(my)) \(SVGFrame.number(center)),\(SVGFrame.number(my + 4)) "
                out += "\(SVGFrame.number(center - 4)),\(SVGFrame.number(my))\"/>\n"
            } else {
                out +=
                    "<text class=\"withheld\" x=\"\(SVGFrame.number(center))\" y=\"\(SVGFrame.number(top + plotHeight / 2))\" text-anchor=\"middle\">✱</text>\n"
            }
            out +=
                "<text class=\"tick\" x=\"\(SVGFrame.number(center))\" y=\"\(SVGFrame.number(top + plotHeight + 16))\" text-anchor=\"middle\">\(Escaping.html(category))</text>\n"
        }
        out += "</g>\n"
        out +=
            "<g class=\"legend\"><rect class=\"box\" x=\"\(SVGFrame.number(left))\" y=\"\(SVGFrame.number(height - 20))\" width=\"14\" height=\"10\"/>"
        out +=
            "<text x=\"\(SVGFrame.number(left + 20))\" y=\"\(SVGFrame.number(height - 15))\" dominant-baseline=\"middle\">middle half (25th–75th percentile), line at the median</text>"
        out +=
            "<polygon class=\"mean\" points=\"\(SVGFrame.number(left + 372)),\(SVGFrame.number(height - 19)) \(SVGFrame.number(left + 376)),\(SVGFrame.number(height - 15)) \(SVGFrame.number(left + 372)),\(SVGFrame.number(height - 11)) \(SVGFrame.number(left + 368)),\(SVGFrame.number(height - 15))\"/>"
        out +=
            "<text x=\"\(SVGFrame.number(left + 382))\" y=\"\(SVGFrame.number(height - 15))\" dominant-baseline=\"middle\">mean</text></g>\n"
        return out + "</svg>"
    }
}
