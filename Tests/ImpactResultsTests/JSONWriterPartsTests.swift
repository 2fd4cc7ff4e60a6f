import ImpactCore
import Testing

@testable import ImpactResults

/// A large array written in parts on every core is the same bytes as written line by line.
@Suite struct JSONWriterPartsTests {
    @Test(arguments: [0, 1, 99_999, 100_000, 263_171, 1_000_003])
    func partsJoinToTheSequentialBytes(count: Int) {
        let elements = (0..<count).map { "value \($0 * 7919 % 1_000_003)" }
        let write: @Sendable (String, inout [UInt8]) -> Void = { JSONWriter.writeString($0, into: &$1) }
        var sequential = JSONWriter.TopLevel(capacity: 0)
        sequential.member("before", .int(1))
        sequential.array("elements", elements, write)
        sequential.member("after", .int(2))
        var parallel = JSONWriter.TopLevel(capacity: 0)
        parallel.member("before", .int(1))
        parallel.array("elements", parallel: elements, write)
        parallel.member("after", .int(2))
        let expected = sequential.finish()
        #expect(parallel.finish() == expected)

        // Drained as written, sequential or in parallel: the same bytes, and never all of them held at once:
        // in parts of about `drainSize`, and in parallel, of one piece of the array at most.
        for inParallel in [false, true] {
            final class Drained: @unchecked Sendable {
                var bytes: [UInt8] = []
                var largest = 0
            }
            let drained = Drained()
            var writer = JSONWriter.TopLevel(capacity: 0) { part in
                drained.bytes += part
                drained.largest = max(drained.largest, part.count)
            }
            writer.member("before", .int(1))
            if inParallel {
                writer.array("elements", parallel: elements, write)
            } else {
                writer.array("elements", elements, write)
            }
            writer.member("after", .int(2))
            #expect(writer.finish().isEmpty)
            let same = drained.bytes == expected
            #expect(same)
            if !inParallel || count < 100_000 { #expect(drained.largest < 3 * JSONWriter.TopLevel.drainSize) }
            if count >= 263_171 { #expect(drained.largest * 2 < expected.count) }
        }
    }

    /// An empty document drained is `{}` and a line end, as written whole.
    @Test func anEmptyDocumentDrainedIsTheSame() {
        var bytes: [UInt8] = []
        let writer = JSONWriter.TopLevel(capacity: 0) { bytes += $0 }
        #expect(writer.finish().isEmpty)
        #expect(bytes == JSONWriter.TopLevel(capacity: 0).finish())
        #expect(bytes == Array("{}\n".utf8))
    }
}

/// A quarter's digits written straight into results.json are the quarter's text as a JSON string, for every
/// quarter of every year the calendar reads, and the years beyond it.
@Suite struct QuarterTextTests {
    @Test func everyQuarterIsWrittenAsItsText() {
        var mismatches: [Quarter] = []
        for year in [-1, 0] + Array(1...9_999) + [10_000, 123_456] {
            for number in 1...4 {
                let quarter = Quarter(fiscalYear: year, number: number)
                var direct: [UInt8] = []
                ResultsDocument.writeQuarter(quarter, into: &direct)
                var text: [UInt8] = []
                JSONWriter.writeString(quarter.description, into: &text)
                if direct != text { mismatches.append(quarter) }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
