import ImpactSources

/// Any bytes as an XLSX workbook: the zip layer, the XML parts and the cells.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXLSX(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var log = DiagnosticLog()
    _ = XLSXWorkbookSource.sheets(of: bytes, source: "book.xlsx", log: &log)
    return 0
}
