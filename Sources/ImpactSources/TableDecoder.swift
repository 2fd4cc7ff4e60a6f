import ImpactCore

/// Types the records of each canonical table, field by field.
struct TableDecoder {
    let options: LoadOptions
    /// What `org_id` and `partner_id` may name; nil while the table is absent or its header unusable.
    var organizations: ReferenceTable?
    var partners: ReferenceTable?

    /// Reads the bytes of one CSV record line (with its row) in the plain case straight into a part; false
    /// (nothing added) sends the record to the general reader.
    /// Its third argument is what the `LineLookahead` returned for the line (`Int.min` without one).
    typealias LineReader<Part> = @Sendable (UnsafeBufferPointer<UInt8>, Int, Int, inout Part) -> Bool
    /// Told of each line a few lines before the `LineReader` reads it, to start fetching what it will need;
    /// what it returns (a hash it made) is handed to the reader with the line.
    typealias LineLookahead = @Sendable (UnsafeBufferPointer<UInt8>) -> Int

    /// The rows of a table that could be read, each problem logged; none when the header is unusable.
    /// Records are typed with `read` in parts on every core when there are many, each part writing its
    /// rows straight into the array returned, from its first record's place on (a record gives at most
    /// one row), the gaps of records that gave none closed afterwards. Typed into an array per part and
    /// then joined, every row was copied once more, on one core (full-size financials: 120,000 rows of
    /// 224 bytes, 10 ms, profiled).
    func rows<Value: Sendable>(
        _ table: CanonicalTable, _ raw: RawTable, log: inout DiagnosticLog,
        read: @escaping @Sendable (inout RowReader, inout DiagnosticLog) -> Value?
    ) -> [Located<Value>] {
        [Located<Value>](unsafeUninitializedCapacity: max(raw.records.count, 1)) { buffer, count in
            let start = buffer.baseAddress!  // room for one row at least
            nonisolated(unsafe) let base = start  // each part writes its own window
            let parts = rowParts(
                table, raw, log: &log, part: { records in RowWindow(base + records.lowerBound) },
                add: { $0.append($1) }, read: read)
            for part in parts {
                if part.base != start + count { (start + count).moveInitialize(from: part.base, count: part.count) }
                count += part.count
            }
        }
    }

    /// The same, each part collected by `add` into a `Part` made by `part` (given the part's range of
    /// records) — for rows kept in a form more compact than `Located` values. For the largest table:
    /// `plain`, given the column map and the delimiter, makes a reader for records kept as CSV lines
    /// (`LineReader`), which adds to the part itself; the records it declines are typed by `read`. With
    /// `releasing`, the memory of a part's lines is given back once the part is typed (`Lines.release`):
    /// only for lines that no one reads afterwards.
    func rowParts<Value: Sendable, Part: Sendable>(
        _ table: CanonicalTable, _ raw: RawTable, log: inout DiagnosticLog,
        plain: ((ColumnMap, UInt8) -> (LineReader<Part>, LineLookahead?)?)? = nil, releasing: Bool = false,
        part makePart: @Sendable (Range<Int>) -> Part,
        add: @Sendable (inout Part, Located<Value>) -> Void,
        read: @escaping @Sendable (inout RowReader, inout DiagnosticLog) -> Value?
    ) -> [Part] {
        guard let map = ColumnMap(table: table, raw: raw, log: &log) else {
            return []
        }
        let csv = raw.records.csvLines
        let plainReader = csv.flatMap { csv in plain?(map, csv.delimiter) }
        let lineReader = plainReader?.0
        let lookahead = plainReader?.1
        // Lines given back part by part: twice as many parts, so that less is held typed but not yet given
        // back (full size: peak 1,244 → 1,179 MB, the time the same; four times as many cost CPU).
        let parts =
            releasing
            ? max(1, min(OrderedParallel.cores * 8, raw.records.count / 5_000))
            : OrderedParallel.parts(for: raw.records.count, minimum: 5_000)
        let pieces = OrderedParallel.map(parts: parts) { part -> (Part, [Diagnostic]) in
            var partLog = DiagnosticLog()
            let range = OrderedParallel.range(part, of: parts, total: raw.records.count)
            var rows = makePart(range)
            // The part and its log are passed in, not captured: a local function's captured variables
            // were checked for overlapping access at run time on every line (`swift_beginAccess`,
            // profiled).
            func general(_ position: Int, _ rows: inout Part, _ partLog: inout DiagnosticLog) {
                func typed(_ reader: inout RowReader, fields: Int, _ rows: inout Part, _ partLog: inout DiagnosticLog) {
                    guard fields == map.width else {
                        partLog.error(
                            raw.source, row: reader.row,
                            "the row has \(fields) field\(fields == 1 ? "" : "s"); the header has \(map.width)")
                        return
                    }
                    let value = read(&reader, &partLog)
                    if !reader.failed, let value {
                        add(&rows, Located(source: raw.source, row: reader.row, value: value))
                    }
                }
                guard let csv else {
                    let record = raw.records[position]
                    var reader = RowReader(map: map, record: record)
                    typed(&reader, fields: record.fields.count, &rows, &partLog)
                    return
                }
                // A line of a quote-free file, read from its bytes (`RowReader.init(map:line:bounds:row:)`).
                let line = csv.lines[position]
                csv.bytes.withUnsafeBufferPointer { buffer in
                    var content = csv.bytes(of: line, in: buffer)[...]
                    if content.last == 0x0A { content = content.dropLast() }
                    if content.last == 0x0D { content = content.dropLast() }
                    let bytes = UnsafeBufferPointer(rebasing: content)
                    // Room for the header's fields: a line with another number is only counted.
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: map.width + 1) { bounds in
                        let fields = LineScan.fields(
                            bytes, end: bytes.count, delimiter: csv.delimiter, into: bounds
                        ).count
                        var reader = RowReader(
                            map: map, line: bytes,
                            bounds: UnsafeBufferPointer(rebasing: bounds[...min(fields, map.width)]),
                            row: Int(line.row))
                        typed(&reader, fields: fields, &rows, &partLog)
                    }
                }
            }
            guard let lineReader, let csv else {
                for position in range { general(position, &rows, &partLog) }
                return (rows, partLog.diagnostics)
            }
            // Unwrapped once: an optional closure bound inside the loop was retained for every line, its
            // reference count shared by the cores (profiled).
            // Lines looked at ahead of the read: far enough for a fetch from memory to arrive, and the
            // size of the ring that carries what the look-ahead returned to the line's read.
            let lookaheadLines = 8
            let distance = lookahead == nil ? 0 : lookaheadLines
            let lookahead = lookahead ?? { _ in Int.min }
            let lines = csv.lines
            csv.bytes.withUnsafeBufferPointer { buffer in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: lookaheadLines) { ahead in
                    ahead.initialize(repeating: Int.min)
                    for position in range.prefix(distance) {
                        ahead[position % lookaheadLines] = lookahead(csv.bytes(of: lines[position], in: buffer))
                    }
                    for position in range {
                        let given = ahead[position % lookaheadLines]
                        if position + distance < range.upperBound, distance > 0 {
                            ahead[(position + distance) % lookaheadLines] = lookahead(
                                csv.bytes(of: lines[position + distance], in: buffer))
                        }
                        let line = lines[position]
                        if !lineReader(csv.bytes(of: line, in: buffer), Int(line.row), given, &rows) {
                            general(position, &rows, &partLog)
                        }
                    }
                }
            }
            if releasing { csv.release(range) }
            return (rows, partLog.diagnostics)
        }
        for (_, diagnostics) in pieces { log.append(contentsOf: diagnostics) }
        return pieces.map(\.0)
    }

    func organizations(_ raw: RawTable, log: inout DiagnosticLog) -> [Located<Organization>] {
        rows(.organizations, raw, log: &log) { reader, log in
            let id = reader.id("org_id", log: &log)
            let name = reader.string("name", log: &log)
            let sector = reader.id("sector", log: &log)
            let region = reader.id("region", log: &log)
            let sizeBand = reader.enumeration("size_band", SizeBand.self, log: &log)
            let cohort = reader.id("cohort", log: &log)
            guard let id, let name else { return nil }
            return Organization(id: id, name: name, sector: sector, region: region, sizeBand: sizeBand, cohort: cohort)
        }
    }

    func financials(_ raw: RawTable, log: inout DiagnosticLog) -> [Located<FinancialRow>] {
        rows(.financials, raw, log: &log) { reader, log in
            let reference = reader.referencePosition("org_id", in: organizations, log: &log)
            let organization = reference?.id
            let period = reader.period("period", log: &log)
            let revenue = reader.decimal("revenue", nonNegative: true, log: &log)
            let costs = reader.decimal("operating_costs", nonNegative: true, log: &log)
            let ecosystem = reader.decimal("ecosystem_revenue", nonNegative: true, log: &log)
            let savings = reader.decimal("cost_savings", nonNegative: true, log: &log)
            let currency = reader.currency("currency", fallback: options.currency, log: &log)
            if let ecosystem, let revenue, ecosystem > revenue {
                reader.fail(
                    "ecosystem_revenue", "is more than the revenue '\(revenue)' of the same row", log: &log,
                    organization: organization)
            }
            guard let organization, let reference, let period, let currency else { return nil }
            return FinancialRow(
                organization: organization, organizationPosition: reference.position, period: period,
                revenue: revenue, operatingCosts: costs,
                ecosystemRevenue: ecosystem, costSavings: savings, currency: currency)
        }
    }

    func partners(_ raw: RawTable, log: inout DiagnosticLog) -> [Located<Partner>] {
        rows(.partners, raw, log: &log) { reader, log in
            let id = reader.id("partner_id", log: &log)
            let name = reader.string("name", log: &log)
            let actorType = reader.enumeration("actor_type", ActorType.self, log: &log)
            let sector = reader.id("sector", log: &log)
            let region = reader.id("region", log: &log)
            guard let id, let actorType else { return nil }
            return Partner(id: id, name: name, actorType: actorType, sector: sector, region: region)
        }
    }

    /// The engagements in parts (see `rowParts`), kept compact (`EngagementPart`); record k's engagement
    /// and positions go to `storage.advanced(by: k)` (uninitialized, room for every record).
    /// The engagements of `raw` typed into `storage`, in parts; with `releasing`, each part's lines are
    /// given back once typed (see `rowParts`).
    func engagements(
        _ raw: RawTable, into storage: EngagementBuffer.Storage, releasing: Bool = false, shards: Int = 1,
        texts: TextIndexes = TextIndexes(), log: inout DiagnosticLog
    ) -> [EngagementPart] {
        let source = raw.source
        let base = options.currency
        let plain = { (map: ColumnMap, delimiter: UInt8) -> (LineReader<EngagementPart>, LineLookahead?)? in
            guard
                let reader = EngagementLineReader(
                    map: map, delimiter: delimiter, organizationIDs: organizations?.ids, partnerIDs: partners?.ids,
                    fallbackCurrency: options.currency)
            else { return nil }
            return (
                { line, row, partnerHash, part in
                    reader.read(line, row: row, partnerHash: partnerHash, into: &part, base: base)
                }, reader.prefetch
            )
        }
        let read: @Sendable (inout RowReader, inout DiagnosticLog) -> EngagementRow? = { reader, log in
            let id = reader.id("engagement_id", log: &log)
            let organization = reader.referencePosition("org_id", in: organizations, log: &log)
            let partner = reader.referencePosition("partner_id", in: partners, log: &log)
            let kind = reader.enumeration("kind", EngagementKind.self, log: &log)
            let started = reader.date("started_on", log: &log)
            let ended = reader.date("ended_on", log: &log)
            let value = reader.decimal("value", nonNegative: true, log: &log)
            let currency = reader.currency("currency", fallback: options.currency, log: &log)
            if let started, let ended, ended < started {
                reader.fail("ended_on", "is before started_on '\(started)'", log: &log, organization: organization?.id)
            }
            guard let organization, let partner, let kind, let started, let currency else { return nil }
            return EngagementRow(
                engagement: Engagement(
                    id: id, organization: organization.id, partner: partner.id, kind: kind, startedOn: started,
                    endedOn: ended, value: value ?? .zero),
                currency: currency, valueGiven: value != nil, organizationPosition: organization.position,
                partnerPosition: partner.position)
        }
        return rowParts(
            .engagements, raw, log: &log, plain: plain, releasing: releasing,
            // Each part writes only its own records' range of `storage`.
            part: {
                EngagementPart(
                    source: source, window: storage.advanced(by: $0.lowerBound), capacity: $0.count, shards: shards,
                    textIndex: texts.take())
            },
            add: { $0.append($1, base: base) }, read: read)
    }

    func launches(_ raw: RawTable, log: inout DiagnosticLog) -> [Located<Launch>] {
        rows(.launches, raw, log: &log) { reader, log in
            let project = reader.id("project_id", log: &log)
            let organization = reader.reference("org_id", in: organizations, log: &log)
            let name = reader.string("name", log: &log)
            let started = reader.date("started_on", log: &log)
            let launched = reader.date("launched_on", log: &log)
            let supported = reader.bool("ecosystem_supported", log: &log)
            if let started, let launched, launched < started {
                reader.fail("launched_on", "is before started_on '\(started)'", log: &log, organization: organization)
            }
            guard let project, let organization, let started else { return nil }
            return Launch(
                projectID: project, organization: organization, name: name, startedOn: started, launchedOn: launched,
                ecosystemSupported: supported ?? false)
        }
    }

    func targets(_ raw: RawTable, log: inout DiagnosticLog) -> [Located<Target>] {
        rows(.targets, raw, log: &log) { reader, log in
            let organization = reader.reference("org_id", in: organizations, log: &log)
            let metric = reader.string("metric", log: &log)
            let quarter = reader.quarter("period", log: &log)
            let value = reader.decimal("target", log: &log)
            if let metric, !options.knownMetrics.contains(metric) {
                reader.fail(
                    "metric", "is not a known metric (see 'impact metrics')", log: &log, organization: organization)
            }
            guard let metric, let quarter, let value else { return nil }
            return Target(organization: organization, metric: metric, quarter: quarter, value: value)
        }
    }

    func fxRates(_ raw: RawTable, log: inout DiagnosticLog) -> [Located<FxRateRow>] {
        rows(.fxRates, raw, log: &log) { reader, log in
            let currency = reader.currency("currency", fallback: nil, log: &log)
            let quarter = reader.quarter("period", log: &log)
            let rate = reader.decimal("rate", log: &log)
            if let rate, rate <= .zero { reader.fail("rate", "must be greater than 0", log: &log) }
            guard let currency, let quarter, let rate else { return nil }
            return FxRateRow(currency: currency, quarter: quarter, rate: rate)
        }
    }
}
