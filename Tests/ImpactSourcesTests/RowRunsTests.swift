import Testing

@testable import ImpactGenerator
@testable import ImpactSources

/// A part's engagement rows kept as runs give back every row as it was added: rows one after another,
/// with gaps (empty lines, records that gave no engagement), repeated or going back (as no file does,
/// but nothing may assume it), from one engagement to a hundred thousand.
@Suite struct RowRunsTests {
    @Test(arguments: [1, 2, 3, 17, 1_000, 100_000])
    func everyRowIsTheRowAdded(count: Int) {
        var generator = SplitMix64(seed: UInt64(count))
        var rows: [Int] = []
        var row = 2
        for _ in 0..<count {
            switch generator.next() % 20 {
            case 0: row += 1 + Int(generator.next() % 5)  // a gap
            case 1: break  // the same row again
            case 2: row = max(2, row - Int(generator.next() % 3))  // back
            default: row += 1
            }
            rows.append(row)
        }
        var runs = RowRuns()
        for row in rows { runs.append(row) }
        #expect(runs.count == rows.count)
        #expect((0..<count).map(runs.row(at:)) == rows)
    }

    @Test func consecutiveRowsAreOneRun() {
        var runs = RowRuns()
        for row in 7..<50_007 { runs.append(row) }
        #expect(runs.row(at: 0) == 7)
        #expect(runs.row(at: 49_999) == 50_006)
        #expect(runs.row(at: 12_345) == 12_352)
    }
}
