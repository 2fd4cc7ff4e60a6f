import ImpactCore

/// Types an engagements record straight from its CSV line's bytes — the largest table, millions of rows
/// — without making a text field for each value.
///
/// It takes only the plain case: ASCII text, no surrounding spaces, every value valid as written (a kind
/// in lower case, dates `YYYY-MM-DD`, a canonical amount, known ids). Anything else returns nil and the
/// record is read by `TableDecoder`'s general reader, which reports the problem with its row, column and
/// value. So for every line it accepts it gives what the general reader gives, and never a message of
/// its own. A purpose-built reader is justified by measurement: the general path made a `String` for
/// every field of ten million rows (the performance issue's profile).
struct EngagementLineReader: Sendable {
    let delimiter: UInt8
    let width: Int
    /// Field positions of the columns; nil for a column the header does not have.
    let id: Int?
    let organization: Int
    let partner: Int
    let kind: Int
    let startedOn: Int
    let endedOn: Int?
    let value: Int?
    let currency: Int?
    let organizationIDs: IdentifierTable?
    let partnerIDs: IdentifierTable?
    let fallbackCurrency: Currency?
    /// The fallback currency's code as bytes.
    private let fallbackCode: [UInt8]

    init?(
        map: ColumnMap, delimiter: UInt8, organizationIDs: IdentifierTable?, partnerIDs: IdentifierTable?,
        fallbackCurrency: Currency?
    ) {
        guard let organization = map.index(of: "org_id"), let partner = map.index(of: "partner_id"),
            let kind = map.index(of: "kind"), let startedOn = map.index(of: "started_on")
        else { return nil }
        self.delimiter = delimiter
        self.width = map.width
        self.id = map.index(of: "engagement_id")
        self.organization = organization
        self.partner = partner
        self.kind = kind
        self.startedOn = startedOn
        self.endedOn = map.index(of: "ended_on")
        self.value = map.index(of: "value")
        self.currency = map.index(of: "currency")
        self.organizationIDs = organizationIDs
        self.partnerIDs = partnerIDs
        self.fallbackCurrency = fallbackCurrency
        self.fallbackCode = Array((fallbackCurrency?.code ?? "").utf8)
    }

    /// Adds the record of one line (its line end included) at `row` to `part`; false (nothing added) when
    /// the general reader must read it. Adding here rather than returning the record saves copying a
    /// hundred-byte optional through the generic reader's closures for every line (profiled).
    func read(_ line: UnsafeBufferPointer<UInt8>, row: Int, into part: inout EngagementPart, base: Currency) -> Bool {
        guard let value = read(line, organizationHint: part.organizationPositions.last ?? -1) else { return false }
        part.append(value, row: row, base: base)
        return true
    }

    /// The kinds by their exact texts, found from a field's bytes (`EngagementKind(rawValue:)` needed a
    /// `String` and a string switch for every line).
    private static let kindCases = EngagementKind.allCases
    private static let kinds = IdentifierTable(kindCases.map { Identifier($0.rawValue) })

    /// The record of one line (its line end included), or nil when the general reader must read it;
    /// `organizationHint` is the previous record's organisation position (or -1), tried first.
    private func read(_ line: UnsafeBufferPointer<UInt8>, organizationHint: Int32) -> EngagementRow? {
        var end = line.count
        if end > 0, line[end - 1] == 0x0A { end -= 1 }
        if end > 0, line[end - 1] == 0x0D { end -= 1 }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: width + 1) { bounds in
            // Field i is line[bounds[i] ..< bounds[i + 1] - 1].
            bounds[0] = 0
            var count = 1
            for index in 0..<end where line[index] == delimiter {
                if count < width { bounds[count] = index + 1 }
                count += 1
            }
            guard count == width else { return nil }
            bounds[width] = end + 1
            return read(line, fields: UnsafeBufferPointer(bounds), organizationHint: organizationHint)
        }
    }

    private func read(
        _ line: UnsafeBufferPointer<UInt8>, fields bounds: UnsafeBufferPointer<Int>, organizationHint: Int32
    ) -> EngagementRow? {
        func field(_ position: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: line[bounds[position]..<(bounds[position + 1] - 1)])
        }
        /// Plain: ASCII without controls, nothing to trim.
        func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let first = bytes.first, let last = bytes.last else { return true }
            if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return false }
            return bytes.allSatisfy(CSVReader.isPlain)
        }
        func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

        let organizationBytes = field(organization)
        let partnerBytes = field(partner)
        let kindBytes = field(kind)
        let startBytes = field(startedOn)
        guard !organizationBytes.isEmpty, !partnerBytes.isEmpty, plain(organizationBytes), plain(partnerBytes),
            let kindPosition = Self.kinds.position(of: kindBytes),
            let started = CalendarDate(isoUTF8: startBytes)
        else { return nil }
        /// A known id taken from its table (found from the bytes, no text made) with its position; without
        /// a table, the text (-1); nil for an id the table lacks, which the general reader reports.
        func reference(_ bytes: UnsafeBufferPointer<UInt8>, in table: IdentifierTable?, hint: Int32 = -1)
            -> (Identifier, Int32)?
        {
            guard let table else { return (Identifier(text(bytes)), -1) }
            // An id of up to 15 bytes is a small string, made from the line's bytes without reading the
            // table's copy — for a partner, a cache miss on each of ten million lines (profiled). A longer
            // one is the table's, so that ten million engagements share its storage.
            return table.position(of: bytes, hint: hint).map {
                (bytes.count <= 15 ? Identifier(text(bytes)) : table.ids[Int($0)], $0)
            }
        }
        guard
            let (organization, organizationPosition) = reference(
                organizationBytes, in: organizationIDs, hint: organizationHint),
            let (partner, partnerPosition) = reference(partnerBytes, in: partnerIDs)
        else { return nil }

        var engagementID: Identifier?
        if let id {
            let bytes = field(id)
            guard plain(bytes) else { return nil }
            if !bytes.isEmpty { engagementID = Identifier(text(bytes)) }
        }
        var ended: CalendarDate?
        if let endedOn {
            let bytes = field(endedOn)
            if !bytes.isEmpty {
                guard let date = CalendarDate(isoUTF8: bytes), date >= started else { return nil }
                ended = date
            }
        }
        var amount: ExactDecimal?
        if let value {
            let bytes = field(value)
            if !bytes.isEmpty {
                guard let decimal = ExactDecimal(utf8: bytes), decimal >= .zero else { return nil }
                amount = decimal
            }
        }
        var currency = fallbackCurrency
        if let column = self.currency {
            let bytes = field(column)
            if !bytes.isEmpty {
                if let fallbackCurrency, bytes.elementsEqual(fallbackCode) {
                    // The base currency's own code, as most rows give it: no text made, upper-cased and
                    // looked up for each of ten million rows.
                    currency = fallbackCurrency
                } else {
                    guard plain(bytes), let code = Currency(code: text(bytes)) else { return nil }
                    currency = code
                }
            }
        }
        guard let currency else { return nil }
        return EngagementRow(
            engagement: Engagement(
                id: engagementID, organization: organization, partner: partner,
                kind: Self.kindCases[Int(kindPosition)], startedOn: started,
                endedOn: ended, value: amount ?? .zero),
            currency: currency, valueGiven: amount != nil, organizationPosition: organizationPosition,
            partnerPosition: partnerPosition)
    }
}
