import ImpactCore

/// The built-in `cost` plugin: operating costs, savings from collaboration and the savings rate.
public enum CostPlugin {
    public static let plugin = MetricPlugin(
        name: "cost", metrics: [CostFigure.operating, CostFigure.savings, CostSavingsRate()])
}
