import ImpactCore

/// What a reference column (`org_id`, `partner_id`) may name: the ids of the table it refers to, sorted as
/// the dataset sorts them (a position found is the dataset's), and the ids of that table's rows left out
/// for their own errors, each with where it is (`organizations.csv:2`), so that a reference to one names
/// that row instead of calling the id unknown.
struct ReferenceTable: Sendable {
    /// The table's name in messages: `organizations`, `partners`.
    let name: String
    let ids: IdentifierTable
    let rejected: [Identifier: String]
}
