import ImpactCore
import ImpactSources

/// Any bytes as an organizations and a financials CSV file, through the reader, typing and validation.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var log = DiagnosticLog()
    let split = bytes.firstIndex(of: 0x1E) ?? bytes.count
    let organizations = CSVFolderSource.parse(Array(bytes[..<split]), source: "organizations.csv", log: &log)
    let financials = CSVFolderSource.parse(
        split < bytes.count ? Array(bytes[(split + 1)...]) : [], source: "financials.csv", log: &log)
    let loader = CanonicalLoader(options: LoadOptions(knownMetrics: ["revenue.total"]))
    _ = loader.load([.organizations: organizations, .financials: financials], log: &log)
    for diagnostic in log.diagnostics { _ = diagnostic.description }
    return 0
}
