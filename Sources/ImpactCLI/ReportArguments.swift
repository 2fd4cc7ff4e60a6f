import ArgumentParser

/// `impact report …` read without ArgumentParser's parser, when every argument is one this reader knows
/// for certain; anything else is left to ArgumentParser (nil), which then reads or refuses the arguments
/// with its own messages.
///
/// Written by hand for start-up time, and only for this one command: before it can read a single
/// argument, ArgumentParser builds the argument set of the command through reflection, the Swift runtime's
/// first use of each of its property-wrapper types (their metadata and about 35 scans of the 9,300
/// protocol conformance records). Reading the SMB report's arguments here instead took its run from 44.8
/// to 41.3 ms (medians of 40, interleaved, on the 2-core machine of Benchmarks/RESULTS.md), where the
/// target is twice the time of `impact --version`.
///
/// This reader knows the long names and kinds of the command's options; it converts each value with the
/// option type's own `init(argument:)` and calls the same `validate()` methods, so it makes the very
/// job ArgumentParser's command makes (`ReportCommand.job`), without making the command: the first use of
/// its property wrappers (their metadata, ArgumentParser's name sets) was a third of a millisecond of an
/// SMB report (profiled). `ReportArgumentsTests` checks that on every argument list
/// it accepts (every option alone and in combination, both spellings, repeated, misspelt, invalid, with
/// values that look like options), and fails when an option is added to the command but not here.
///
/// Left to ArgumentParser: a first argument other than `report`; help and version; a short or unknown
/// name; an option or flag given twice; `--`; a flag with `=`; a missing or empty value, or a value that
/// begins with `-`; a second positional argument; a value that does not convert; a failed validation.
enum ReportArguments {
    private enum Kind {
        case value
        case flag
    }

    /// Every option and flag of `ReportCommand`, with those of its option groups, by long name.
    private static let kinds: [String: Kind] = [
        "fiscal-year-start": .value, "currency": .value, "store": .value, "as-of": .value, "compute": .value,
        "explain": .flag, "quarter": .value, "window": .value, "format": .value, "out": .value, "org": .value,
        "each-org": .flag, "include-members": .flag, "k": .value, "locale": .value, "generated-at": .value,
    ]

    /// The job the arguments (without the program's name) make, validated; nil to leave them to
    /// ArgumentParser.
    static func job(_ arguments: [String]) -> ReportJob? {
        guard arguments.first == "report" else { return nil }
        var given: [String: String] = [:]
        var directory: String?
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else {
                // A positional argument: the workspace folder, once.
                guard !argument.hasPrefix("-"), directory == nil else { return nil }
                directory = argument
                continue
            }
            var name = argument.dropFirst(2)
            var inline: Substring?
            if let equals = name.firstIndex(of: "=") {
                inline = name[name.index(after: equals)...]
                name = name[..<equals]
            }
            let key = String(name)
            guard let kind = kinds[key], given[key] == nil else { return nil }
            switch kind {
            case .flag:
                guard inline == nil else { return nil }
                given[key] = ""
            case .value:
                let value: String
                if let inline {
                    value = String(inline)
                } else {
                    guard index < arguments.count else { return nil }
                    value = arguments[index]
                    index += 1
                }
                guard !value.isEmpty, !value.hasPrefix("-") else { return nil }
                given[key] = value
            }
        }
        return make(given, directory: directory)
    }

    /// The job of the arguments read; nil when a value does not convert or validation fails.
    private static func make(_ given: [String: String], directory: String?) -> ReportJob? {
        func value<Value: ExpressibleByArgument>(_ name: String, _ type: Value.Type) -> Value?? {
            guard let text = given[name] else { return .some(nil) }
            guard let value = Value(argument: text) else { return nil }
            return .some(value)
        }
        guard let fiscalYearStart = value("fiscal-year-start", Int.self), let window = value("window", Int.self),
            let k = value("k", Int.self), let compute = value("compute", ComputePlace.self)
        else { return nil }

        let job = ReportJob(
            workspaceOptions: WorkspaceChoice(
                directory: directory ?? ".", fiscalYearStart: fiscalYearStart, currency: given["currency"]),
            storeOptions: StoreChoice(store: given["store"]), asOf: given["as-of"], compute: compute ?? .inProcess,
            explain: given["explain"] != nil, quarter: given["quarter"], window: window, format: given["format"],
            out: given["out"], org: given["org"], eachOrg: given["each-org"] != nil,
            includeMembers: given["include-members"] != nil, k: k, locale: given["locale"],
            generatedAt: given["generated-at"])
        do {
            try job.workspaceOptions.validate()
            try job.storeOptions.validate()
            try job.validate()
        } catch {
            return nil
        }
        return job
    }
}
