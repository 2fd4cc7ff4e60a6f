import ImpactCore
import ImpactSources

/// Any bytes as up to four CSV files — organizations, financials, partners, engagements, separated by
/// 0x1E — through the reader, typing and validation (engagement lines without quotes go through the
/// byte-level engagements reader).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var log = DiagnosticLog()
    let files: [(CanonicalTable, String)] = [
        (.organizations, "organizations.csv"), (.financials, "financials.csv"), (.partners, "partners.csv"),
        (.engagements, "engagements.csv"),
    ]
    var segments = bytes.split(separator: 0x1E, maxSplits: files.count - 1, omittingEmptySubsequences: false)
    // One file alone is still read with an empty financials file, as the first seeds expect.
    if segments.count == 1 { segments.append([]) }
    var tables: [CanonicalTable: RawTable] = [:]
    for ((table, source), segment) in zip(files, segments) {
        tables[table] = CSVFolderSource.parse(Array(segment), source: source, log: &log)
    }
    let loader = CanonicalLoader(options: LoadOptions(knownMetrics: ["revenue.total"]))
    _ = loader.load(tables, log: &log)
    for diagnostic in log.diagnostics { _ = diagnostic.description }
    return 0
}
