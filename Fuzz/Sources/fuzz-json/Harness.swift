import ImpactSources

/// Any bytes as a JSON or newline-delimited JSON table, and as one JSON document.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var log = DiagnosticLog()
    _ = JSONFolderSource.parse(bytes, source: "organizations.json", log: &log)
    _ = try? JSONReader.parse(String(decoding: bytes, as: UTF8.self))
    return 0
}
