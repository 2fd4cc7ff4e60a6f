import Foundation
import ImpactCore
import Synchronization

/// Turns the raw canonical tables of a workspace into a dataset: types every field, checks keys,
/// references and periods across tables, converts amounts to the base currency and sums monthly
/// financials into fiscal quarters. Every problem is logged; the dataset is returned only when there
/// are no errors.
public struct CanonicalLoader: Sendable {
    public let options: LoadOptions

    public init(options: LoadOptions) {
        self.options = options
    }

    /// The dataset, or nil when `log` has errors (including errors logged before the call).
    public func load(_ tables: [CanonicalTable: RawTable], log: inout DiagnosticLog) -> Dataset? {
        load(tables.mapValues { [$0] }, log: &log)
    }

    /// The dataset from tables that may come from several sources each (concatenated in order).
    ///
    /// The tables are taken over: each is released once typed, so that a large file's text and its typed
    /// rows are not all held at once.
    public func load(_ tables: consuming [CanonicalTable: [RawTable]], log: inout DiagnosticLog) -> Dataset? {
        var decoder = TableDecoder(options: options)
        // The tables whose ids others refer to, present and with a usable header. A table whose header
        // cannot be read (reported) has no ids to check against: every reference to it would be a second
        // error for the same problem, hundreds of them listed before the one that says why.
        var headerProblems = DiagnosticLog()
        let referable = Set(
            [CanonicalTable.organizations, .partners].filter { table in
                tables[table].map { $0.allSatisfy { ColumnMap(table: table, raw: $0, log: &headerProblems) != nil } }
                    ?? false
            })
        let engagementsWithoutPartners =
            tables[.partners] == nil && !options.reportedTables.contains(.partners)
            ? tables[.engagements]?.first(where: { !$0.records.isEmpty })?.source : nil
        func rows<Value>(_ table: CanonicalTable, _ read: (RawTable, inout DiagnosticLog) -> [Located<Value>])
            -> [Located<Value>]
        {
            let raws = tables.removeValue(forKey: table) ?? []
            // One source's rows as they are: joined, every row was copied once more (financials at full
            // size: 120,000 rows, a tenth of the small tables' time, profiled).
            if raws.count == 1 { return read(raws[0], &log) }
            return raws.flatMap { read($0, &log) }
        }
        let organizationRaws = tables[.organizations] ?? []
        let partnerRaws = tables[.partners] ?? []
        let organizations = rows(.organizations) { decoder.organizations($0, log: &$1) }
        let partners = rows(.partners) { decoder.partners($0, log: &$1) }
        // Sorted as the dataset sorts its tables, so that a position found while reading is the dataset's.
        let organizationIDs = IdentifierTable(unique(organizations, column: "org_id", log: &log) { $0.id })
        let partnerIDs = IdentifierTable(unique(partners, column: "partner_id", log: &log) { $0.id })
        if referable.contains(.organizations) {
            decoder.organizations = ReferenceTable(
                name: "organizations", ids: organizationIDs,
                rejected: Self.rejected(organizationRaws, .organizations, "org_id", kept: organizationIDs))
        }
        if referable.contains(.partners) {
            decoder.partners = ReferenceTable(
                name: "partners", ids: partnerIDs,
                rejected: Self.rejected(partnerRaws, .partners, "partner_id", kept: partnerIDs))
        }
        let fxRows = rows(.fxRates) { decoder.fxRates($0, log: &$1) }
        let financialRows = rows(.financials) { decoder.financials($0, log: &$1) }
        let launchRows = rows(.launches) { decoder.launches($0, log: &$1) }
        let targetRows = rows(.targets) { decoder.targets($0, log: &$1) }

        var converter = CurrencyConverter(base: options.currency, rates: fxRates(fxRows, log: &log))

        let financials = self.financials(financialRows, &converter, log: &log)

        let engagements = self.engagements(
            tables.removeValue(forKey: .engagements) ?? [], decoder, &converter,
            withoutPartners: engagementsWithoutPartners, log: &log)
        let launches = self.launches(launchRows, log: &log)
        let targets = self.targets(targetRows, log: &log)

        guard !log.hasErrors else { return nil }
        do {
            return try Dataset(
                calendar: options.calendar, currency: options.currency,
                organizations: organizations.map(\.value), partners: partners.map(\.value), financials: financials,
                // Positions found in these tables' ids (a table that could not be used is an error).
                engagements: options.keepsEngagements ? consume engagements : Self.letGo(consume engagements),
                organizationIDs: organizationIDs.ids, partnerIDs: partnerIDs.ids,
                launches: launches, targets: targets)
        } catch {
            log.error("workspace", "\(error)")
            return nil
        }
    }

    /// No engagements, `columns` let go on a thread of its own: destroying ten million ids visits each of
    /// them on one core (0.1 s at the end of a full-size check, profiled), and nothing waits for them.
    private static func letGo(_ columns: consuming EngagementColumns) -> EngagementColumns {
        // Taken out on the thread, so that they are destroyed there whoever lets go of the box last.
        final class Handover: Sendable {
            let columns: Mutex<EngagementColumns?>
            init(_ columns: consuming EngagementColumns) { self.columns = Mutex(consume columns) }
        }
        let handover = Handover(consume columns)
        Thread { _ = handover.columns.withLock { $0.take() } }.start()
        return .none
    }

    /// The ids of `raws`' rows that were left out for errors (not among `kept`), each with its first place
    /// (`organizations.csv:2`). Read only when some row was left out: usually a count tells none was.
    static func rejected(_ raws: [RawTable], _ table: CanonicalTable, _ column: String, kept: IdentifierTable)
        -> [Identifier: String]
    {
        guard raws.reduce(0, { $0 + $1.records.count }) > kept.ids.count else { return [:] }
        var rejected: [Identifier: String] = [:]
        for raw in raws {
            var ignored = DiagnosticLog()
            guard let map = ColumnMap(table: table, raw: raw, log: &ignored), let index = map.index(of: column) else {
                continue
            }
            for position in 0..<raw.records.count {
                let record = raw.records[position]
                guard index < record.fields.count else { continue }
                let id = Identifier(FieldText.trim(record.fields[index]))
                if !id.rawValue.isEmpty, kept.position(of: id) == nil, rejected[id] == nil {
                    rejected[id] = "\(raw.source):\(record.row)"
                }
            }
        }
        return rejected
    }

    /// The ids of the rows, sorted (code-point order, as the dataset sorts its tables) and each once,
    /// logging a repeated id at each later row. A stable sort of the rows by id puts an id's rows next to
    /// each other, first row first: rows exported in id order are sorted in one pass, and no dictionary
    /// of every id is built (a dictionary, then a set of its keys, then sorting the set's random order
    /// took a twentieth of a full-size load, on one core, profiled).
    private func unique<Value>(
        _ rows: [Located<Value>], column: String, log: inout DiagnosticLog, key: (Value) -> Identifier
    ) -> [Identifier] {
        let ids = rows.map { key($0.value) }
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        var unique: [Identifier] = []
        unique.reserveCapacity(ids.count)
        var first = 0
        for position in order {
            if let last = unique.last, last == ids[position] {
                let row = rows[position]
                log.error(
                    row.source, row: row.row, column: column, value: ids[position].rawValue,
                    "appears again (first at \(Place(rows[first]).text(from: row.source)))")
            } else {
                unique.append(ids[position])
                first = position
            }
        }
        return unique
    }

    private func fxRates(_ rows: [Located<FxRateRow>], log: inout DiagnosticLog) -> [CurrencyConverter.Key:
        ExactDecimal]
    {
        var rates: [CurrencyConverter.Key: (rate: ExactDecimal, place: Place)] = [:]
        for row in rows {
            let key = CurrencyConverter.Key(currency: row.value.currency, quarter: row.value.quarter)
            if let first = rates[key] {
                log.error(
                    row.source, row: row.row, column: "period", value: row.value.quarter.description,
                    "repeats the rate of '\(row.value.currency)' for this quarter (first at \(first.place.text(from: row.source)))"
                )
            } else {
                rates[key] = (row.value.rate, Place(row))
            }
        }
        return rates.mapValues(\.rate)
    }

    /// One organisation's financials rows of one quarter: a quarter row, or its month rows — positions
    /// in the rows kept (`financials`), so that a group is a few bytes: holding the rows themselves, a
    /// group of two hundred bytes was copied out and back for every row (a third of the step, profiled).
    private struct FinancialsGroup {
        var quarterRow: Int32 = -1
        var months: [YearMonth: Int32] = [:]
    }

    /// An organisation's quarter, hashed by the organisation's position in its table (an id's text was
    /// hashed for every row: a third of this step, profiled); by the id without a table (position -1).
    private struct FinancialsKey: Hashable {
        let organization: Identifier
        let position: Int32
        let quarter: Quarter

        static func == (a: FinancialsKey, b: FinancialsKey) -> Bool {
            a.position == b.position && a.quarter == b.quarter && (a.position >= 0 || a.organization == b.organization)
        }

        func hash(into hasher: inout Hasher) {
            if position >= 0 { hasher.combine(position) } else { hasher.combine(organization) }
            hasher.combine(quarter)
        }
    }

    /// The financials rows summed into quarters: an organisation's quarter from its quarter row, or from
    /// its three month rows; a row that repeats one, or a quarter row beside month rows, is logged.
    ///
    /// Grouped in parts by quarter on every core (an organisation's quarter is in one part; on one core,
    /// this step was 50 ms of a full-size load with the other core idle, profiled). Problems are logged
    /// by row, so that the parts' logs joined in any order read the same; the rows whose amounts cannot
    /// be converted are logged afterwards in row order (a missing rate is named once, at the first row
    /// that needs it). The quarters come part after part, each part's in the order of their first rows.
    private func financials(
        _ rows: [Located<FinancialRow>], _ converter: inout CurrencyConverter, log: inout DiagnosticLog
    ) -> [QuarterFinancials] {
        let parts = rows.count < 20_000 ? 1 : OrderedParallel.cores
        let calendar = options.calendar
        let rates = converter
        let grouped = OrderedParallel.map(parts: parts) { part in
            Self.financials(rows, part: part, of: parts, calendar: calendar, rates)
        }
        for index in grouped.flatMap(\.unconverted).sorted() {
            let row = rows[index]
            let line = row.value
            let quarter = line.period.quarter(in: calendar)
            for amount in [line.revenue, line.operatingCosts, line.ecosystemRevenue, line.costSavings] {
                guard let amount else { continue }
                _ = converter.convert(
                    amount, from: line.currency, in: quarter, source: row.source, row: row.row, log: &log)
            }
        }
        for part in grouped { log.append(contentsOf: part.log.diagnostics) }
        // Part after part: the dataset sorts each organisation's quarters (which are unique here), so their
        // order in this array changes nothing (sorted by first row, they were 20 ms of copies on one core).
        var quarters = grouped.first?.quarters ?? []
        for part in grouped.dropFirst() { quarters += part.quarters }
        return quarters
    }

    /// What one part of the financials grouping found: its quarters, in the order of their first rows;
    /// the indexes of the rows whose amounts could not be converted; its problems.
    private struct FinancialsPart: Sendable {
        var quarters: [QuarterFinancials] = []
        var unconverted: [Int] = []
        var log = DiagnosticLog()
    }

    /// The quarters of the rows whose quarter falls in `part` of `parts` (by ordinal).
    private static func financials(
        _ rows: [Located<FinancialRow>], part: Int, of parts: Int, calendar: FiscalCalendar,
        _ rates: CurrencyConverter
    ) -> FinancialsPart {
        var found = FinancialsPart()
        // The groups in the order their first rows come, found by key — and without a lookup when a row
        // belongs where the row before it did (an organisation's three months follow each other). A
        // dictionary of groups, each taken out, changed and stored back, with the period's text made for
        // every row, took 0.3 s on one core for the 120,000 rows of the full-size portfolio (profiled).
        var groups: [FinancialsGroup] = []
        var keys: [FinancialsKey] = []
        var positions: [FinancialsKey: Int] = [:]
        // Room for a group per row (most rows are a quarter's): grown by doubling, the groups were copied
        // and their fresh memory faulted in again and again (a fifth of this step, profiled).
        let expected = rows.count / parts + rows.count / (8 * parts) + 16
        groups.reserveCapacity(expected)
        keys.reserveCapacity(expected)
        positions.reserveCapacity(expected)
        // Every row that joined a group: its amounts converted, and its index in `rows` (for where it is).
        var kept = Kept(rows: rows)
        kept.amounts.reserveCapacity(expected)
        kept.indexes.reserveCapacity(expected)
        var previous: (key: FinancialsKey, position: Int)?
        for index in rows.indices {
            let line = rows[index].value
            let quarter = line.period.quarter(in: calendar)
            guard parts == 1 || (quarter.ordinal % parts + parts) % parts == part else { continue }
            guard let converted = converted(line, quarter: quarter, rates) else {
                found.unconverted.append(index)
                continue
            }
            let key = FinancialsKey(
                organization: line.organization, position: line.organizationPosition, quarter: quarter)
            let position: Int
            if let previous, previous.key == key {
                position = previous.position
            } else if let known = positions[key] {
                position = known
            } else {
                position = groups.count
                positions[key] = position
                groups.append(FinancialsGroup())
                keys.append(key)
            }
            previous = (key, position)
            add(index, converted, quarter: quarter, to: &groups[position], kept: &kept, log: &found.log)
        }

        found.quarters.reserveCapacity(groups.count)
        for (key, group) in zip(keys, groups) {
            if group.quarterRow >= 0 {
                found.quarters.append(kept.amounts[Int(group.quarterRow)])
                continue
            }
            let months = group.months.values.sorted { kept.index($0) < kept.index($1) }
            guard let first = months.first.map({ rows[kept.index($0)] }) else { continue }
            guard months.count == 3 else {
                let present = group.months.keys.sorted().map(\.description).joined(separator: ", ")
                found.log.warning(
                    first.source, row: first.row,
                    "organisation '\(key.organization)' has \(months.count) of the 3 months of '\(key.quarter)' (\(present)); the quarter is reported as missing",
                    organization: key.organization)
                continue
            }
            func sum(_ figure: (QuarterFinancials) -> ExactDecimal?) -> ExactDecimal? {
                var total = ExactDecimal.zero
                for month in months {
                    guard let value = figure(kept.amounts[Int(month)]) else { return nil }
                    total += value
                }
                return total
            }
            found.quarters.append(
                QuarterFinancials(
                    organization: key.organization, quarter: key.quarter, revenue: sum(\.revenue),
                    operatingCosts: sum(\.operatingCosts), ecosystemRevenue: sum(\.ecosystemRevenue),
                    costSavings: sum(\.costSavings)))
        }
        return found
    }

    /// The rows that joined a group, by their position in it: amounts converted, and where each row is.
    private struct Kept {
        let rows: [Located<FinancialRow>]
        var amounts: [QuarterFinancials] = []
        var indexes: [Int32] = []

        func index(_ position: Int32) -> Int { Int(indexes[Int(position)]) }
        func place(_ position: Int32) -> Place { Place(rows[index(position)]) }

        mutating func append(_ index: Int, _ amounts: QuarterFinancials) -> Int32 {
            self.amounts.append(amounts)
            indexes.append(Int32(index))
            return Int32(indexes.count - 1)
        }
    }

    /// A financials row's amounts in the base currency; nil when one cannot be converted.
    private static func converted(_ line: FinancialRow, quarter: Quarter, _ rates: CurrencyConverter)
        -> QuarterFinancials?
    {
        var failed = false
        func amount(_ value: ExactDecimal?) -> ExactDecimal? {
            guard let value else { return nil }
            guard let converted = rates.converted(value, from: line.currency, in: quarter) else {
                failed = true
                return nil
            }
            return converted
        }
        let financials = QuarterFinancials(
            organization: line.organization, quarter: quarter, revenue: amount(line.revenue),
            operatingCosts: amount(line.operatingCosts), ecosystemRevenue: amount(line.ecosystemRevenue),
            costSavings: amount(line.costSavings))
        return failed ? nil : financials
    }

    /// Adds the financials row at `index` (its amounts converted) to its group and to `kept`, or logs why
    /// it cannot join.
    private static func add(
        _ index: Int, _ amounts: QuarterFinancials, quarter: Quarter, to group: inout FinancialsGroup,
        kept: inout Kept, log: inout DiagnosticLog
    ) {
        let row = kept.rows[index]
        let line = row.value
        var periodText: String { line.period.description }
        switch line.period {
        case .quarter:
            if group.quarterRow >= 0 {
                log.error(
                    row.source, row: row.row, column: "period", value: periodText,
                    "repeats the financials of '\(line.organization)' for '\(quarter)' (first at \(kept.place(group.quarterRow).text(from: row.source)))",
                    organization: line.organization)
            } else if let month = group.months.values.min(by: { kept.index($0) < kept.index($1) }) {
                log.error(
                    row.source, row: row.row, column: "period", value: periodText,
                    "gives '\(line.organization)' a quarter row for '\(quarter)', which also has month rows (first at \(kept.place(month).text(from: row.source)))",
                    organization: line.organization)
            } else {
                group.quarterRow = kept.append(index, amounts)
            }
        case .month(let month):
            if let earlier = group.months[month] {
                log.error(
                    row.source, row: row.row, column: "period", value: periodText,
                    "repeats the financials of '\(line.organization)' for '\(month)' (first at \(kept.place(earlier).text(from: row.source)))",
                    organization: line.organization)
            } else if group.quarterRow >= 0 {
                log.error(
                    row.source, row: row.row, column: "period", value: periodText,
                    "is a month of '\(quarter)', for which '\(line.organization)' also has a quarter row (\(kept.place(group.quarterRow).text(from: row.source)))",
                    organization: line.organization)
            } else {
                group.months[month] = kept.append(index, amounts)
            }
        }
    }

    /// The engagements of the raw tables, typed in parts on every core straight into the array returned
    /// (`EngagementBuffer`), with their values in the base currency, and each one's organisation and
    /// partner positions (-1 unknown). An engagement with a problem (a repeated id, a value without a
    /// rate) is logged and kept: the load then has errors and makes no dataset. Without a partners table
    /// (`withoutPartners` names the engagements' source) they are typed, for their problems, and dropped.
    private func engagements(
        _ raws: consuming [RawTable], _ decoder: TableDecoder, _ converter: inout CurrencyConverter,
        withoutPartners: String?, log: inout DiagnosticLog
    ) -> EngagementColumns {
        var raws = raws
        let records = raws.reduce(0) { $0 + $1.records.count }
        // Lines that no other copy of their table holds are no longer read once typed: their memory is
        // given back as they are (`RawRecords.Lines.release`).
        let alone = raws.indices.map { raws[$0].records.holdsLinesAlone() }
        let organizationIDs = decoder.organizations?.ids.ids
        let shards = Self.shards(records)
        return EngagementColumns.make(capacity: records) { base in
            var parts: [EngagementPart] = []
            var offset = 0
            let texts = TextIndexes()
            for (raw, alone) in zip(raws, alone) {
                parts += decoder.engagements(
                    raw, into: base.advanced(by: offset), releasing: alone, shards: shards, texts: texts, log: &log)
                offset += raw.records.count
            }
            raws = []  // the files' text, no longer needed
            if let source = withoutPartners {
                log.error(source, "engagements need partners, and the workspace has no partners table")
            } else {
                let repeated = Self.repeatedHashes(parts)
                for index in parts.indices { parts[index].releaseIDHashes() }
                let unconverted = Self.convertForeignValues(parts, converter, calendar: options.calendar)
                var firstRow: [Identifier: Place] = [:]
                for (part, unconverted) in zip(parts, unconverted) {
                    if !repeated.isEmpty {
                        checkRepeated(
                            part, repeated: repeated, organizationIDs: organizationIDs, firstRow: &firstRow, log: &log)
                    }
                    logUnconverted(unconverted, of: part, &converter, log: &log)
                }
            }
            // Close the gaps of rows that gave no engagement (none when the load has no errors).
            var initialized = 0
            for part in parts { initialized += part.engagements.moveAll(to: base.advanced(by: initialized)) }
            // Without partners they were typed for their problems only (no column owns memory to release).
            if withoutPartners != nil { return (0, []) }
            // Each part's long ids, at the index its slots name.
            var longIDs = [[UInt8]](repeating: [], count: texts.count)
            for part in parts { longIDs[part.engagements.textIndex] = part.engagements.longIDs }
            return (initialized, longIDs)
        }
    }

    /// The number of shards of the ids' hashes (`EngagementPart.idHashes`) for `count` engagements: a
    /// shard's set holds up to 65,536 hashes (1 MB), so that it stays in a core's cache: with one set per
    /// core, tens of megabytes each, every insertion waited for memory (half of the check's time at full
    /// size, profiled).
    static func shards(_ count: Int) -> Int {
        max(OrderedParallel.parts(for: count, minimum: 100_000), (count + 65_535) / 65_536)
    }

    /// The hashes of engagement ids that occur more than once: only ids with one of these hashes can be
    /// repeated, and only they are kept in a dictionary of first places. A dictionary of every id (ten
    /// million at full size) took more time than any other step of the load and hundreds of megabytes;
    /// these sets hold 8 bytes per id, each shard's buckets (made while typing, `EngagementPart.idHashes`)
    /// checked on every core.
    static func repeatedHashes(_ parts: [EngagementPart]) -> Set<Int> {
        guard !parts.isEmpty else { return [] }
        let hashes = parts.map { part in
            guard let hashes = part.idHashes else {
                preconditionFailure("the ids' hashes were let go before the check")
            }
            return hashes
        }
        let shards = hashes[0].count
        precondition(hashes.allSatisfy { $0.count == shards }, "every part has the same shards")
        let repeated = OrderedParallel.map(parts: shards) { shard -> Set<Int> in
            var seen = SeenHashes(capacity: hashes.reduce(0) { $0 + $1[shard].count })
            var again = Set<Int>()
            for part in hashes {
                for hash in part[shard] where !seen.insert(hash) { again.insert(hash) }
            }
            return again
        }
        return repeated.reduce(into: Set<Int>()) { $0.formUnion($1) }
    }

    /// Logs each engagement whose id came before (only ids with a hash in `repeated` can have), with its
    /// organisation when its table was read.
    private func checkRepeated(
        _ part: EngagementPart, repeated: Set<Int>, organizationIDs: [Identifier]?,
        firstRow: inout [Identifier: Place], log: inout DiagnosticLog
    ) {
        for position in 0..<part.engagements.count {
            guard let id = part.engagements.id(at: position), repeated.contains(IdentifierTable.hash(id)) else {
                continue
            }
            if let first = firstRow[id] {
                let organization = Int(part.engagements.positions(at: position).organization)
                log.error(
                    part.source, row: part.rows.row(at: position), column: "engagement_id", value: id.rawValue,
                    "appears again (first at \(first.text(from: part.source)))",
                    organization: organization >= 0 ? organizationIDs?[organization] : nil)
            } else {
                firstRow[id] = Place(source: part.source, row: part.rows.row(at: position))
            }
        }
    }

    /// Converts the values given in another currency than the base one, in place, each part on a core of
    /// its own (on one core, the conversions were 10 ms of a full-size load with the other core idle,
    /// profiled); returns, by part, the positions of the values that could not be converted (no rate, or
    /// too large), left as they were for `logUnconverted` to log in row order.
    private static func convertForeignValues(
        _ parts: [EngagementPart], _ converter: CurrencyConverter, calendar: FiscalCalendar
    )
        -> [[(position: Int, currency: Currency)]]
    {
        OrderedParallel.map(parts: parts.count) { index in
            let part = parts[index]
            var unconverted: [(position: Int, currency: Currency)] = []
            for (position, currency) in part.foreign {
                let quarter = calendar.quarter(containing: part.engagements.startedOn(at: position))
                if let value = converter.converted(part.engagements.value(at: position), from: currency, in: quarter) {
                    part.engagements.setValue(value, at: position)
                } else {
                    unconverted.append((position, currency))
                }
            }
            return unconverted
        }
    }

    /// Logs why each value of `part` that `convertForeignValues` left could not be converted (the
    /// converter logs a missing rate once per source, currency and quarter).
    private func logUnconverted(
        _ unconverted: [(position: Int, currency: Currency)], of part: EngagementPart,
        _ converter: inout CurrencyConverter, log: inout DiagnosticLog
    ) {
        for (position, currency) in unconverted {
            let quarter = options.calendar.quarter(containing: part.engagements.startedOn(at: position))
            _ = converter.convert(
                part.engagements.value(at: position), from: currency, in: quarter, source: part.source,
                row: part.rows.row(at: position), log: &log)
        }
    }

    private func launches(_ rows: [Located<Launch>], log: inout DiagnosticLog)
        -> [Launch]
    {
        struct Key: Hashable {
            let organization: Identifier
            let project: Identifier
        }
        // Room for every row up front, and each key's first row by its index: grown from empty, with a
        // place (a text and a number) per key, this dictionary was 10 ms of a full-size load on one core
        // (30,000 launches, profiled).
        var firstRow: [Key: Int] = Dictionary(minimumCapacity: rows.count)
        var result: [Launch] = []
        result.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            let launch = row.value
            let key = Key(organization: launch.organization, project: launch.projectID)
            if let first = firstRow[key] {
                log.error(
                    row.source, row: row.row, column: "project_id", value: launch.projectID.rawValue,
                    "appears again for '\(launch.organization)' (first at \(Place(rows[first]).text(from: row.source)))",
                    organization: launch.organization)
                continue
            }
            firstRow[key] = index
            result.append(launch)
        }
        return result
    }

    private func targets(_ rows: [Located<Target>], log: inout DiagnosticLog)
        -> [Target]
    {
        struct Key: Hashable {
            let organization: Identifier?
            let metric: String
            let quarter: Quarter
        }
        var firstRow: [Key: Place] = [:]
        var result: [Target] = []
        for row in rows {
            let target = row.value
            let key = Key(organization: target.organization, metric: target.metric, quarter: target.quarter)
            if let first = firstRow[key] {
                let whose = target.organization.map { "'\($0)'" } ?? "every organisation"
                log.error(
                    row.source, row: row.row, column: "period", value: target.quarter.description,
                    "repeats the target of \(whose) for '\(target.metric)' in this quarter (first at \(first.text(from: row.source)))",
                    organization: target.organization)
                continue
            }
            firstRow[key] = Place(row)
            result.append(target)
        }
        return result
    }
}

/// Where a row is, for messages about a later row that repeats it: "row 3" in the same source, or
/// "data/other.csv:3" in another.
struct Place {
    let source: String
    let row: Int

    init<Value>(_ located: Located<Value>) {
        self.init(source: located.source, row: located.row)
    }

    init(source: String, row: Int) {
        self.source = source
        self.row = row
    }

    func text(from other: String) -> String {
        other == source ? "row \(row)" : "\(source):\(row)"
    }
}
