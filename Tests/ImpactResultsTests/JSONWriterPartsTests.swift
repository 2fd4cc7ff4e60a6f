import Testing

@testable import ImpactResults

/// A large array written in parts on every core is the same bytes as written line by line.
@Suite struct JSONWriterPartsTests {
    @Test(arguments: [0, 1, 99_999, 100_000, 263_171])
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
        #expect(parallel.finish() == sequential.finish())
    }
}
