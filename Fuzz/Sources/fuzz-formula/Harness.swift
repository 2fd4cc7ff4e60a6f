import ImpactCore
import ImpactFormula

/// Any text as a formula: lexing, parsing and type checking against a few known metrics.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormula(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let definition = DeclarativeMetricDefinition(
        id: "fuzz.metric", title: "Fuzz", summary: "Fuzz.", unit: .ratio, direction: .neutral, additive: false,
        formula: text)
    _ = DeclarativeMetrics.build([definition], known: [])
    return 0
}
