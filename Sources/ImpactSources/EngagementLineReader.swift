import CByteScan
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
    /// hundred-byte optional for every line (profiled).
    func read(
        _ line: UnsafeBufferPointer<UInt8>, row: Int, partnerHash: Int = Int.min, into part: inout EngagementPart,
        base: Currency
    ) -> Bool {
        var end = line.count
        if end > 0, line[end - 1] == 0x0A { end -= 1 }
        if end > 0, line[end - 1] == 0x0D { end -= 1 }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: width + 1) { bounds in
            // Room for the header's fields and the end of the last: a line with another number is the
            // general reader's.
            let (count, plainLine) = LineScan.fields(line, end: end, delimiter: delimiter, into: bounds)
            guard count == width else { return false }
            return read(
                line, fields: UnsafeBufferPointer(bounds), plainLine: plainLine, row: row, partnerHash: partnerHash,
                into: &part, base: base)
        }
    }

    /// Starts looking up the partner of a line that will be read a few lines later (`IdentifierTable.prefetch`);
    /// returns the partner's hash, which the read of the line then uses instead of hashing again
    /// (`Int.min` when no partner field was found).
    func prefetch(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        guard let partnerIDs, let start = line.baseAddress else { return Int.min }
        // The delimiters before and after the partner field, sixteen bytes at a time (`split`), then the
        // line's last bytes one by one.
        var seen = 0
        var first = 0
        var index = 0
        while index + 16 <= line.count {
            var delimiters = impact_scan16(start + index, delimiter).matches
            while delimiters != 0 {
                let at = index + delimiters.trailingZeroBitCount
                if seen == partner { return partnerIDs.prefetch(UnsafeBufferPointer(rebasing: line[first..<at])) }
                seen += 1
                first = at + 1
                delimiters &= delimiters - 1
            }
            index += 16
        }
        while index < line.count {
            if line[index] == delimiter {
                if seen == partner { return partnerIDs.prefetch(UnsafeBufferPointer(rebasing: line[first..<index])) }
                seen += 1
                first = index + 1
            }
            index += 1
        }
        return Int.min
    }

    /// The kinds by their exact texts, found from a field's bytes (`EngagementKind(rawValue:)` needed a
    /// `String` and a string switch for every line). Held by each reader rather than in static
    /// properties, whose first-use check was called for every line (profiled).
    private let kindCases = EngagementKind.allCases
    private let kinds = IdentifierTable(EngagementKind.allCases.map { Identifier($0.rawValue) })

    /// Adds the record of a line split into fields to `part`; false when the general reader must read it.
    /// The previous record's organisation (the part's last position) is tried first.
    private func read(
        _ line: UnsafeBufferPointer<UInt8>, fields bounds: UnsafeBufferPointer<Int>, plainLine: Bool, row: Int,
        partnerHash: Int, into part: inout EngagementPart, base: Currency
    ) -> Bool {
        let organizationHint = part.engagements.lastOrganization
        func field(_ position: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: line[bounds[position]..<(bounds[position + 1] - 1)])
        }
        /// Plain: ASCII without controls, nothing to trim.
        func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let first = bytes.first, let last = bytes.last else { return true }
            if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return false }
            return plainLine || bytes.allSatisfy(CSVReader.isPlain)
        }
        func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

        let organizationBytes = field(organization)
        let partnerBytes = field(partner)
        let kindBytes = field(kind)
        let startBytes = field(startedOn)
        guard !organizationBytes.isEmpty, !partnerBytes.isEmpty, plain(organizationBytes), plain(partnerBytes),
            let kindPosition = kinds.position(of: kindBytes),
            let started = CalendarDate(isoUTF8: startBytes)
        else { return false }
        /// A known id's position in its table, found from the bytes; -1 without a table (the engagement is
        /// typed for its other problems only: the load has an error for the table); nil for an id the table
        /// lacks, which the general reader reports. Only the position is kept: the engagements are columns.
        func reference(
            _ bytes: UnsafeBufferPointer<UInt8>, in table: IdentifierTable?, hint: Int32 = -1, hash: Int = Int.min
        ) -> Int32? {
            guard let table else { return -1 }
            return table.position(of: bytes, hint: hint, hash: hash)
        }
        guard let organizationPosition = reference(organizationBytes, in: organizationIDs, hint: organizationHint),
            let partnerPosition = reference(partnerBytes, in: partnerIDs, hash: partnerHash)
        else { return false }

        var engagementID: UnsafeBufferPointer<UInt8>?
        var idHash = 0
        if let id {
            let bytes = field(id)
            guard plain(bytes) else { return false }
            if !bytes.isEmpty {
                engagementID = bytes
                idHash = IdentifierTable.hash(bytes)
            }
        }
        var ended: CalendarDate?
        if let endedOn {
            let bytes = field(endedOn)
            if !bytes.isEmpty {
                guard let date = CalendarDate(isoUTF8: bytes), date >= started else { return false }
                ended = date
            }
        }
        var amount: ExactDecimal?
        if let value {
            let bytes = field(value)
            if !bytes.isEmpty {
                guard let decimal = ExactDecimal(utf8: bytes), decimal >= .zero else { return false }
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
                    guard plain(bytes), let code = Currency(code: text(bytes)) else { return false }
                    currency = code
                }
            }
        }
        guard let currency else { return false }
        // The id's slot made last, when the line is known to be read here (a long id's bytes go to the
        // part's text).
        part.append(
            id: part.engagements.slot(of: engagementID), idHash: idHash, organization: organizationPosition,
            partner: partnerPosition,
            kind: kindCases[Int(kindPosition)], startedOn: started, endedOn: ended, value: amount ?? .zero,
            currency: currency, valueGiven: amount != nil, row: row, base: base)
        return true
    }
}
