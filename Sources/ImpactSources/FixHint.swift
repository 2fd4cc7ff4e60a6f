import ImpactCore

/// A suggestion of how to fix a problem, for `impact validate`.
public enum FixHint {
    static let hints: [(phrase: String, hint: String)] = [
        ("is not a valid date", "write dates as YYYY-MM-DD, or set date_format for the source in impact.yml"),
        (
            "is not a number",
            "write numbers as 1234.56 (no currency sign, no grouping), or set decimal_mark and grouping for the source"
        ),
        ("must not be negative", "amounts are never negative here; record a refund or a loss as its own figure"),
        ("is more than the revenue", "ecosystem revenue is part of revenue: check both figures"),
        ("is not in organizations", "add the organisation to the organizations table, or correct the id"),
        ("is not in partners", "add the partner to the partners table, or correct the id"),
        ("but that row has errors", "fix that row first: this reference is checked again once it can be read"),
        ("appears again", "remove or merge the repeated row; ids must be unique"),
        ("repeats the", "keep one row per key: the same period may be written only once, however it is written"),
        ("also has month rows", "give a quarter either as one quarter row or as three month rows, not both"),
        ("also has a quarter row", "give a quarter either as one quarter row or as three month rows, not both"),
        ("is empty; a value is required", "fill in the cell"),
        (
            "looks separated by",
            "spreadsheet programs in many countries separate CSV fields with ';': name the separator, or save with commas"
        ),
        ("missing required column", "add the column, or map your own header onto it with columns: in impact.yml"),
        ("has no fx_rates row", "add a row currency,period,rate for that quarter to the fx_rates table"),
        ("is not one of", "use one of the listed values, or map yours onto them with values: in impact.yml"),
        ("is a month; a fiscal quarter", "write the period as a fiscal quarter, e.g. 2026-Q3"),
        ("is not a fiscal quarter", "write periods as 2026-Q3 (or 2026Q3, Q3 2026) or months as 2026-07"),
        ("the row has", "check for an unquoted comma or a missing field; quote fields that contain commas"),
        ("never closed", "close the quote; a quote inside a quoted field is written twice (\"\")"),
        ("not valid UTF-16", "save the file again from your spreadsheet program as CSV UTF-8"),
        ("is not valid UTF-8", "save the file as UTF-8, or set encoding: windows-1252 (or latin-1) for the source"),
        ("control character", "remove the invisible character from the cell"),
        ("text after its closing quote", "quote the whole field, or remove the quotes"),
        ("is before started_on", "check the order of the two dates"),
        ("is not a known metric", "run 'impact metrics' for the ids, or declare the metric in impact.yml"),
        ("is not an ISO 4217 currency code", "use a three-letter code such as EUR, USD or CHF"),
        ("not found", "create the file, or say where it is in impact.yml (data: or sources:)"),
        ("second file for table", "keep one file per table: remove or rename the other"),
        ("is not a yes/no value", "write true, false, yes, no, 1 or 0"),
        ("must be greater than 0", "a rate is the units of base currency per unit of the currency, above 0"),
        ("is not a readable XLSX workbook", "save the workbook again from your spreadsheet program as .xlsx"),
        ("is not a SQLite database", "point the source at a SQLite file"),
        ("is not valid JSON", "check the file with a JSON validator: an array of objects, or one object per line"),
        ("is not a known key", "check the spelling against the keys listed"),
    ]

    /// A hint for a problem, nil when there is none.
    public static func hint(for diagnostic: Diagnostic) -> String? {
        hints.first { diagnostic.message.contains($0.phrase) }?.hint
    }
}
