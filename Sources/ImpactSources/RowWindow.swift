/// A part's window of the rows being typed (`TableDecoder.rows`): room from its first record's place on,
/// for at most a row per record.
struct RowWindow<Value: Sendable>: @unchecked Sendable {  // a window is written by its part alone
    let base: UnsafeMutablePointer<Located<Value>>
    private(set) var count = 0

    init(_ base: UnsafeMutablePointer<Located<Value>>) {
        self.base = base
    }

    mutating func append(_ row: Located<Value>) {
        (base + count).initialize(to: row)
        count += 1
    }
}
