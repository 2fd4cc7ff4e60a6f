/// The rows of a part's engagements, kept as runs of consecutive rows: a file's records follow each other
/// row by row, except after an empty line or a record that gave no engagement, so a part usually holds
/// one run. Kept row by row (four bytes an engagement, 40 MB at full size), writing and faulting in the
/// rows was 70 ms of `impact validate`'s 1.3 s (measured by leaving them out); they are read only to name a
/// problem's row.
struct RowRuns: Sendable {
    /// The position of each run's first engagement, ascending from 0.
    private var starts: [Int] = []
    /// Each run's first row.
    private var firstRows: [Int] = []
    private(set) var count = 0
    private var next = Int.min

    /// Adds the next engagement's row.
    @inline(__always)
    mutating func append(_ row: Int) {
        if row != next {
            starts.append(count)
            firstRows.append(row)
        }
        next = row &+ 1
        count += 1
    }

    /// The row of the engagement at `position` (less than `count`).
    func row(at position: Int) -> Int {
        precondition(position >= 0 && position < count, "row \(position) of \(count)")
        // The last run starting at or before `position`.
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= position { low = middle } else { high = middle - 1 }
        }
        return firstRows[low] + (position - starts[low])
    }
}
