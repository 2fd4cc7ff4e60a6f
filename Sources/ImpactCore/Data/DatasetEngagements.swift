extension Dataset {
    /// One organisation's engagements, sorted by start day, each made as an `Engagement` value when it is
    /// read (the dataset keeps them as columns, `EngagementColumns`). Its indices are positions in the
    /// columns, as a slice's are positions in its array.
    public struct Engagements: RandomAccessCollection, Sendable {
        public typealias SubSequence = Engagements

        let table: EngagementTable
        let organization: Identifier
        let range: Range<Int>

        public var startIndex: Int { range.lowerBound }
        public var endIndex: Int { range.upperBound }

        public subscript(position: Int) -> Engagement {
            precondition(range.contains(position), "engagement \(position) outside \(range)")
            return table.engagement(at: position, organization: organization)
        }

        /// The engagements at `positions` (a range within these).
        public subscript(positions: Range<Int>) -> Engagements {
            precondition(positions.clamped(to: range) == positions, "engagements \(positions) outside \(range)")
            return Engagements(table: table, organization: organization, range: positions)
        }

        /// Their kinds, in order, read from their column: a metric that looks at a few fields of many
        /// engagements reads these rather than making each engagement (three ids and a partner's looked up
        /// for each; the funding metrics took three times as long so, profiled).
        public var kinds: ArraySlice<EngagementKind> { table.columns.kinds[range] }
        /// Their values, in the base currency, in order.
        public var values: ArraySlice<ExactDecimal> { table.columns.values[range] }
        /// Their start days, in order (ascending).
        public var startDays: ArraySlice<CalendarDate> { table.columns.startedOn[range] }
        /// Their partners' ids, in order.
        public var partners: LazyMapCollection<ArraySlice<Int32>, Identifier> {
            let table = self.table
            return table.columns.partners[range].lazy.map { table.partnerIDs[Int($0)] }
        }

        /// The engagements at `range` of the table, all of `organization`.
        init(table: EngagementTable, organization: Identifier, range: Range<Int>) {
            self.table = table
            self.organization = organization
            self.range = range
        }
    }

    /// The dataset's engagement columns, sorted, behind one reference: a view of an organisation's
    /// engagements, made for every organisation and quarter, holds this object rather than a copy of the
    /// dataset or of every column (each copy retains every array it holds, on every core).
    final class EngagementTable: Sendable {
        let columns: EngagementColumns
        /// The partners' ids by position, for engagements made as values.
        let partnerIDs: [Identifier]

        init(columns: EngagementColumns, partnerIDs: [Identifier]) {
            self.columns = columns
            self.partnerIDs = partnerIDs
        }

        /// The engagement at `position`, of `organization`, as a value.
        func engagement(at position: Int, organization: Identifier) -> Engagement {
            Engagement(
                id: columns.ids[position], organization: organization,
                partner: partnerIDs[Int(columns.partners[position])], kind: columns.kinds[position],
                startedOn: columns.startedOn[position], endedOn: columns.endedOn[position],
                value: columns.values[position])
        }
    }
}
