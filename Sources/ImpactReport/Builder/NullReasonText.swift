import ImpactCore

/// Plain words for why a value is missing.
enum NullReasonText {
    static func explain(_ reason: NullReason, metric: String = "") -> String {
        if reason == .zeroBase && (metric == "partners.value_hhi" || metric == "partners.top_partner_share") {
            return "no engagement value started in the quarter"
        }
        switch reason {
        case .noData: return "inputs missing (no financials for the quarter, or an empty cell)"
        case .zeroBase: return "the base is zero, so the ratio is undefined"
        case .noLaunches: return "no launches to measure"
        case .noPartners: return "no active partners"
        default: return reason.rawValue
        }
    }
}
