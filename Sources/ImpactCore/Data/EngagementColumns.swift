/// Engagements column by column: each engagement's organisation and partner as a position among the ids
/// of their tables (dictionary-encoded), its kind as a one-byte case, its days as day numbers, its value as
/// an exact scaled integer. Index `i` of every column is engagement `i`.
///
/// Columns rather than an array of `Engagement`s: an `Engagement` carries its organisation's and
/// partner's ids as texts beside their positions, 88 bytes with the positions where these take 53, and
/// the queries of `MetricContext` read one or two columns of many engagements (their start days, their
/// partners) rather than whole records. Ten million engagements are the largest thing a portfolio run
/// holds (measured: 390 MB less at full size).
package struct EngagementColumns: Sendable {
    /// nil where the source gave no engagement id.
    package internal(set) var ids: EngagementIDs
    /// Positions among the organisation ids the columns were made with (see `Dataset.init`).
    package internal(set) var organizations: [Int32]
    /// Positions among the partner ids the columns were made with.
    package internal(set) var partners: [Int32]
    package internal(set) var kinds: [EngagementKind]
    package internal(set) var startedOn: [CalendarDate]
    package internal(set) var endedOn: [CalendarDate?]
    /// In the base currency.
    package internal(set) var values: [ExactDecimal]

    /// Every column aligned with `ids`; the caller vouches for it (a precondition checks the counts).
    package init(
        ids: [Identifier?], organizations: [Int32], partners: [Int32], kinds: [EngagementKind],
        startedOn: [CalendarDate], endedOn: [CalendarDate?], values: [ExactDecimal]
    ) {
        self.init(
            ids: EngagementIDs(ids), organizations: organizations, partners: partners, kinds: kinds,
            startedOn: startedOn, endedOn: endedOn, values: values)
    }

    package init(
        ids: EngagementIDs, organizations: [Int32], partners: [Int32], kinds: [EngagementKind],
        startedOn: [CalendarDate], endedOn: [CalendarDate?], values: [ExactDecimal]
    ) {
        let count = ids.count
        precondition(
            [organizations.count, partners.count, kinds.count, startedOn.count, endedOn.count, values.count]
                .allSatisfy { $0 == count }, "every column holds every engagement")
        self.ids = ids
        self.organizations = organizations
        self.partners = partners
        self.kinds = kinds
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.values = values
    }

    package var count: Int { ids.count }

    /// The uninitialized memory of each column, for a builder that fills them on several threads
    /// (`make(capacity:_:)`).
    package struct Storage: @unchecked Sendable {
        package let ids: UnsafeMutablePointer<EngagementIDs.Slot>
        package let organizations: UnsafeMutablePointer<Int32>
        package let partners: UnsafeMutablePointer<Int32>
        package let kinds: UnsafeMutablePointer<EngagementKind>
        package let startedOn: UnsafeMutablePointer<CalendarDate>
        package let endedOn: UnsafeMutablePointer<CalendarDate?>
        package let values: UnsafeMutablePointer<ExactDecimal>

        /// The storage `offset` engagements further on, in every column.
        package func advanced(by offset: Int) -> Storage {
            Storage(
                ids: ids + offset, organizations: organizations + offset, partners: partners + offset,
                kinds: kinds + offset, startedOn: startedOn + offset, endedOn: endedOn + offset,
                values: values + offset)
        }

        /// Moves `count` engagements from `source` (which may overlap this storage from above) here.
        package func moveInitialize(from source: Storage, count: Int) {
            ids.moveInitialize(from: source.ids, count: count)
            organizations.moveInitialize(from: source.organizations, count: count)
            partners.moveInitialize(from: source.partners, count: count)
            kinds.moveInitialize(from: source.kinds, count: count)
            startedOn.moveInitialize(from: source.startedOn, count: count)
            endedOn.moveInitialize(from: source.endedOn, count: count)
            values.moveInitialize(from: source.values, count: count)
        }

    }

    /// No engagements.
    package static var none: EngagementColumns { make(capacity: 0) { _ in (0, []) } }

    /// Columns made in their final arrays: `fill` gets each column's uninitialized storage (room for
    /// `capacity` engagements) and returns how many it initialized at their start, and the texts of long
    /// ids its slots name (`EngagementIDs`) — written in place, so
    /// that no column is built elsewhere and copied (ten million engagements typed into arrays per part
    /// were then moved on one core, 0.6 s and a second copy's memory, profiled).
    package static func make(capacity: Int, _ fill: (Storage) -> (count: Int, texts: [[UInt8]])) -> EngagementColumns {
        let capacity = max(capacity, 1)
        var count = 0
        var texts: [[UInt8]] = []
        var organizations: [Int32] = []
        var partners: [Int32] = []
        var kinds: [EngagementKind] = []
        var startedOn: [CalendarDate] = []
        var endedOn: [CalendarDate?] = []
        var values: [ExactDecimal] = []
        let ids = [EngagementIDs.Slot](unsafeUninitializedCapacity: capacity) { ids, idCount in
            organizations = .init(unsafeUninitializedCapacity: capacity) { organizations, organizationCount in
                partners = .init(unsafeUninitializedCapacity: capacity) { partners, partnerCount in
                    kinds = .init(unsafeUninitializedCapacity: capacity) { kinds, kindCount in
                        startedOn = .init(unsafeUninitializedCapacity: capacity) { startedOn, startCount in
                            endedOn = .init(unsafeUninitializedCapacity: capacity) { endedOn, endCount in
                                values = .init(unsafeUninitializedCapacity: capacity) { values, valueCount in
                                    (count, texts) = fill(
                                        Storage(
                                            ids: ids.baseAddress!, organizations: organizations.baseAddress!,
                                            partners: partners.baseAddress!, kinds: kinds.baseAddress!,
                                            startedOn: startedOn.baseAddress!, endedOn: endedOn.baseAddress!,
                                            values: values.baseAddress!))
                                    valueCount = count
                                }
                                endCount = count
                            }
                            startCount = count
                        }
                        kindCount = count
                    }
                    partnerCount = count
                }
                organizationCount = count
            }
            idCount = count
        }
        return EngagementColumns(
            ids: EngagementIDs(slots: ids, texts: texts), organizations: organizations, partners: partners,
            kinds: kinds, startedOn: startedOn,
            endedOn: endedOn, values: values)
    }
}
