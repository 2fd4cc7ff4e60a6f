/// Why a set of records cannot form a dataset. Sources validate their input first and report problems
/// with file and row; these errors guard the core against records assembled in code.
public enum DatasetError: Error, Sendable, Equatable, CustomStringConvertible {
    case duplicateOrganization(Identifier)
    case duplicatePartner(Identifier)
    case duplicateFinancials(organization: Identifier, quarter: Quarter)
    case unknownOrganization(table: String, id: Identifier)
    case unknownPartner(id: Identifier)

    public var description: String {
        switch self {
        case .duplicateOrganization(let id): return "organisation '\(id)' appears twice"
        case .duplicatePartner(let id): return "partner '\(id)' appears twice"
        case .duplicateFinancials(let organization, let quarter):
            return "financials of '\(organization)' for '\(quarter)' appear twice"
        case .unknownOrganization(let table, let id): return "\(table) name unknown organisation '\(id)'"
        case .unknownPartner(let id): return "engagements name unknown partner '\(id)'"
        }
    }
}
