import ImpactCore
import ImpactSources

/// The keys of CLI.md's replacement rules. A submission replaces every live row whose key is among its
/// own rows' keys in the same table:
/// - `financials`: organisation and fiscal quarter (quarter rows and month rows alike);
/// - `engagements`, `launches`, `targets`: the organisation (general targets: the empty organisation);
/// - `organizations`, `partners`, `fx_rates`: the row's own key (insert or update).
/// Ids are trimmed as validation trims them and compared byte for byte.
enum RowKey {
    /// Separates the parts of a composite key (a unit separator cannot occur in valid data).
    static let separator = "\u{1F}"

    /// The table's records as stored rows, nil where the key cannot be read (such a row is invalid, and
    /// validation says why).
    static func rows(of raw: RawTable, table: CanonicalTable, calendar: FiscalCalendar) -> [StoredRow?] {
        let names = raw.header.map { FieldText.trim($0).lowercased() }
        let positions = StoreSchema.columns(of: table).map { column in names.firstIndex(of: column) }
        func field(_ record: RawRecord, _ column: String) -> String {
            guard let index = names.firstIndex(of: column), index < record.fields.count else { return "" }
            return FieldText.trim(record.fields[index])
        }
        return raw.records.map { record -> StoredRow? in
            let fields = positions.map { position -> String in
                guard let position, position < record.fields.count else { return "" }
                return record.fields[position]
            }
            let key: (row: String, org: String)?
            switch table {
            case .organizations:
                let id = field(record, "org_id")
                key = id.isEmpty ? nil : (id, id)
            case .partners:
                let id = field(record, "partner_id")
                key = id.isEmpty ? nil : (id, "")
            case .fxRates:
                if let currency = Currency(code: field(record, "currency")),
                    let period = Period(field(record, "period"))
                {
                    key = (currency.code + separator + period.quarter(in: calendar).description, "")
                } else {
                    key = nil
                }
            case .financials:
                let id = field(record, "org_id")
                if !id.isEmpty, let period = Period(field(record, "period")) {
                    key = (id + separator + period.quarter(in: calendar).description, id)
                } else {
                    key = nil
                }
            case .engagements, .launches:
                let id = field(record, "org_id")
                key = id.isEmpty ? nil : (id, id)
            case .targets:
                let id = field(record, "org_id")
                key = (id, id)
            }
            guard let key else { return nil }
            return StoredRow(
                addedIn: 0, source: raw.source, sourceRow: record.row, rowKey: key.row, orgKey: key.org, fields: fields)
        }
    }
}
