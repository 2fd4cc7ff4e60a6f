import ImpactCore

/// Applies a source's mapping to one of its raw tables before typing: renamed headers, constant columns,
/// value maps, a default currency, and numbers and dates rewritten from the source's own formats into
/// the canonical ones. A value that does not follow the source's format is left as written, so that the
/// error quotes what the user wrote.
struct TableMapping {
    let table: CanonicalTable
    let settings: SourceSettings
    let tableSettings: TableSettings

    func apply(_ raw: RawTable) -> RawTable {
        let renames = Dictionary(
            tableSettings.renames.map { (FieldText.trim($0.key).lowercased(), $0.value) },
            uniquingKeysWith: { a, _ in a })
        var header = raw.header.map { name -> String in renames[FieldText.trim(name).lowercased()] ?? name }
        let canonical = header.map { FieldText.trim($0).lowercased() }
        let constants = tableSettings.constants.sorted { $0.key < $1.key }.filter { !canonical.contains($0.key) }
        header += constants.map(\.key)
        var currencyIndex = canonical.firstIndex(of: "currency")
        let addCurrency =
            tableSettings.currency != nil && currencyIndex == nil
            && table.columns.contains { $0.name == "currency" }
        if addCurrency {
            header.append("currency")
            currencyIndex = header.count - 1
        }
        let types = Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0.type) })
        let names = header.map { FieldText.trim($0).lowercased() }
        let needsRewrite =
            !constants.isEmpty || addCurrency || tableSettings.currency != nil || !tableSettings.valueMaps.isEmpty
            || settings.numberFormat != .canonical || settings.dateFormat != .iso
        guard needsRewrite || header != raw.header else { return raw }
        let records = raw.records.map { record -> RawRecord in
            guard needsRewrite else { return record }
            var fields = record.fields + constants.map(\.value)
            if addCurrency { fields.append("") }
            guard fields.count == names.count else { return RawRecord(row: record.row, fields: fields) }
            for index in fields.indices {
                let name = names[index]
                let trimmed = FieldText.trim(fields[index])
                if let map = tableSettings.valueMaps[name], let mapped = map[trimmed] {
                    fields[index] = mapped
                    continue
                }
                if index == currencyIndex, trimmed.isEmpty, let currency = tableSettings.currency {
                    fields[index] = currency
                    continue
                }
                switch types[name] {
                case .money?, .number?:
                    if settings.numberFormat != .canonical, let normalized = settings.numberFormat.normalize(trimmed),
                        ExactDecimal(normalized) != nil
                    {
                        fields[index] = normalized
                    }
                case .date?:
                    if !trimmed.isEmpty, let iso = settings.dateFormat.iso(trimmed), CalendarDate(iso: iso) != nil {
                        fields[index] = iso
                    }
                default:
                    break
                }
            }
            return RawRecord(row: record.row, fields: fields)
        }
        return RawTable(source: raw.source, header: header, records: records)
    }
}
