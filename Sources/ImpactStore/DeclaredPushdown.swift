import ImpactFormula

/// Metrics declared in impact.yml whose formulas the database computes too: arithmetic over metrics the
/// database computes (`+ - * /` with the evaluator's rules). The others are computed in process, and
/// `impact report` says which and why.
public struct DeclaredPushdown: Sendable {
    /// A declared metric the database computes.
    public struct Metric: Sendable {
        public let id: String
        public let money: Bool
        public let formula: ArithmeticFormula
    }

    /// In dependency order.
    public private(set) var pushed: [Metric] = []
    /// Declared metrics left in process, with the reason, by id.
    public private(set) var inProcess: [(id: String, reason: String)] = []

    public init() {}

    /// Decides for declared metrics (in any order); `money` is whether the metric's unit is money.
    public init(_ candidates: [(id: String, money: Bool, formula: Result<ArithmeticFormula, ArithmeticUnsupported>)]) {
        var money = Dictionary(InDatabaseQuery.metrics.map { ($0.id, $0.money) }, uniquingKeysWith: { a, _ in a })
        var pending = candidates
        var progress = true
        while progress {
            progress = false
            for (index, candidate) in pending.enumerated().reversed() {
                let formula: ArithmeticFormula
                switch candidate.formula {
                case .failure(let why):
                    inProcess.append((candidate.id, why.description))
                    pending.remove(at: index)
                    continue
                case .success(let arithmetic):
                    formula = arithmetic
                }
                guard formula.references.allSatisfy({ money[$0.id] != nil }) else { continue }
                do {
                    _ = try InDatabaseQuery.compile(formula, money: money, aliases: formula.references)
                    pushed.append(Metric(id: candidate.id, money: candidate.money, formula: formula))
                    money[candidate.id] = candidate.money
                    progress = true
                } catch {
                    inProcess.append((candidate.id, error.description))
                }
                pending.remove(at: index)
            }
        }
        for candidate in pending {
            guard case .success(let formula) = candidate.formula else { continue }
            let missing = formula.references.map(\.id).first { money[$0] == nil } ?? ""
            inProcess.append((candidate.id, "it refers to '\(missing)', which is computed in process"))
        }
        inProcess.sort { $0.id < $1.id }
    }

    /// Quarters before the window that references may reach (the values they read must be there).
    var lookback: Int {
        pushed.reduce(0) { $0 + max(0, -($1.formula.references.map(\.offset).min() ?? 0)) }
    }

    /// Quarters after the window that references may reach.
    var lookahead: Int {
        pushed.reduce(0) { $0 + max(0, $1.formula.references.map(\.offset).max() ?? 0) }
    }
}
