import ImpactReport

/// What the SVG charts share: the opening `<svg>` with its `<title>` and `<desc>`, the plot area, the
/// y scale from the ticks, and the horizontal grid with its labels.
struct SVGFrame {
    let width: Double
    let height: Double
    let left = 96.0
    let right: Double
    let top = 16.0
    let bottom: Double
    let ticks: [ReportChart.Tick]

    init(width: Double = 640, height: Double, right: Double, bottom: Double, ticks: [ReportChart.Tick]) {
        self.width = width
        self.height = height
        self.right = right
        self.bottom = bottom
        self.ticks = ticks.isEmpty ? [ReportChart.Tick(value: 0, label: "0")] : ticks
    }

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }
    var low: Double { ticks.first!.value }
    var high: Double { ticks.last!.value == low ? low + 1 : ticks.last!.value }

    /// The y coordinate of a value.
    func y(_ value: Double) -> Double { top + plotHeight - (value - low) / (high - low) * plotHeight }

    /// `<svg …>` with the accessible name and description of the chart.
    func open(className: String, id: String, title: String, summary: String) -> String {
        let id = Escaping.html(id)
        var out = "<svg class=\"\(className)\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
        out += "aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        out += "<title id=\"\(id)-title\">\(Escaping.html(title))</title>\n"
        out += "<desc id=\"\(id)-desc\">\(Escaping.html(summary))</desc>\n"
        return out
    }

    /// Horizontal grid lines at the ticks, labelled on the left.
    func grid() -> String {
        var out = "<g class=\"grid\">\n"
        for tick in ticks {
            let position = Self.number(y(tick.value))
            out +=
                "<line x1=\"\(Self.number(left))\" x2=\"\(Self.number(width - right))\" y1=\"\(position)\" y2=\"\(position)\"/>"
            out += "<text class=\"tick\" x=\"\(Self.number(left - 6))\" y=\"\(position)\" text-anchor=\"end\" "
            out += "dominant-baseline=\"middle\">\(Escaping.html(tick.label))</text>\n"
        }
        return out + "</g>\n"
    }

    /// Coordinates with one decimal, deterministic and compact.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        let whole = Int(tenths) / 10
        let fraction = abs(Int(tenths) % 10)
        return fraction == 0 ? String(whole) : (tenths < 0 && whole == 0 ? "-" : "") + "\(whole).\(fraction)"
    }
}
