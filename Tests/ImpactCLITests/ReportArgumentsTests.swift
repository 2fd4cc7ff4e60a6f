import ArgumentParser
import Foundation
import Testing

@testable import ImpactCLI

/// `ReportArguments` reads `impact report …` without ArgumentParser's parser: wherever it accepts an
/// argument list, it must make the very command ArgumentParser makes of it, and it must accept the
/// common ones (or the start-up time it is there for is lost).
@Suite struct ReportArgumentsTests {
    /// Values of each option: valid ones first, then ones that do not convert or fail validation.
    static let values: [String: [String]] = [
        "fiscal-year-start": ["4", "12", "+3", "03", "13", "0", "x"],
        "currency": ["USD", "EUR", "usd", "EURO"],
        "store": ["history.sqlite", "sqlite:a b.db", "postgres://u@db:5432/impact", "postgres://u:secret@db/impact"],
        "as-of": ["3", "2026-01-31", "later"],
        "compute": ["in-process", "in-database", "elsewhere"],
        "quarter": ["2026-Q3", "2026-Q5", "last"],
        "window": ["8", "1", "400", "0", "401", "eight"],
        "format": ["md,html,json", "json", "csv, MD", "md,,html", "doc", ","],
        "out": ["out", "reports/2026 Q3", "a=b"],
        "org": ["fjordbyte", "Ø-ren", "x=y"],
        "k": ["5", "3", "2", "five"],
        "locale": ["de-DE", "fr-FR", "en_US", "xx-YY"],
        "generated-at": ["2026-10-01T00:00:00Z", "2026-10-01", "yesterday"],
    ]
    static let flags = ["explain", "each-org", "include-members"]

    /// Checks one argument list; returns whether `ReportArguments` accepted it.
    @discardableResult
    static func check(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let fast = ReportArguments.job(arguments) else { return false }
        let parsed = try? ImpactCommand.parseAsRoot(arguments)
        guard let parsed = parsed as? ReportCommand else {
            Issue.record("accepted \(arguments), which ArgumentParser refuses", sourceLocation: sourceLocation)
            return true
        }
        #expect(fast == parsed.job, "\(arguments)", sourceLocation: sourceLocation)
        return true
    }

    /// The invocations of the README and the benchmark, every option alone in both spellings, every flag,
    /// and all of them together.
    @Test func commonArgumentListsAreReadAsArgumentParserReadsThem() {
        let common: [[String]] = [
            ["report"], ["report", "."], ["report", "Reports/examples/northwind"],
            [
                "report", "ws", "--org", "fjordbyte", "--format", "md,html,json", "--out", "o", "--generated-at",
                "2026-10-01T00:00:00Z",
            ],
            ["report", "--each-org", "ws", "--quarter", "2026-Q3", "--format=md,html,json", "--out=o"],
        ]
        for arguments in common { #expect(Self.check(arguments), "\(arguments)") }
        for (name, values) in Self.values {
            let valid = values[0]
            #expect(Self.check(["report", "--\(name)", valid]), "--\(name) \(valid)")
            #expect(Self.check(["report", "ws", "--\(name)=\(valid)"]), "--\(name)=\(valid)")
        }
        for flag in Self.flags {
            let arguments = ["report", "--\(flag)", "ws"] + (flag == "explain" ? ["--compute", "in-database"] : [])
            #expect(Self.check(arguments), "--\(flag)")
        }
        // Everything at once (what validates together: in-database with --explain, no --org with --each-org).
        var all = ["report", "ws"]
        for (name, values) in Self.values.sorted(by: { $0.key < $1.key }) where name != "org" {
            all += ["--\(name)", name == "compute" ? "in-database" : values[0]]
        }
        all += ["--explain", "--each-org", "--include-members"]
        #expect(Self.check(all))
    }

    /// Every value of every option, in both spellings, and each flag spelt with a value: accepted only
    /// where ArgumentParser makes the same command (an invalid value is left to it, for its message).
    @Test func everyValueOfEveryOption() {
        var accepted = 0
        var left = 0
        for (name, values) in Self.values {
            for value in values + ["", "-1", "--org", "-"] {
                for arguments in [["report", "--\(name)", value], ["report", "--\(name)=\(value)", "ws"]] {
                    if Self.check(arguments) { accepted += 1 } else { left += 1 }
                }
            }
            #expect(!Self.check(["report", "--\(name)"]), "--\(name) without a value")
        }
        for flag in Self.flags {
            #expect(!Self.check(["report", "--\(flag)=true"]))
            #expect(!Self.check(["report", "--\(flag)", "--\(flag)"]), "--\(flag) twice")
        }
        #expect(accepted > 0 && left > 0)
    }

    /// What only ArgumentParser handles.
    @Test func everythingElseIsLeftToArgumentParser() {
        let others: [[String]] = [
            [], ["validate", "ws"], ["--version"], ["help", "report"], ["report", "--help"], ["report", "-h"],
            ["report", "ws", "--", "--org"], ["report", "ws", "other"], ["report", "--nope"], ["report", "-o", "x"],
            ["report", "--org", "a", "--org", "b"], ["report", "--Org", "a"], ["report", "--org"],
            ["report", "--generate-completion-script", "bash"], ["report", "--experimental-dump-help"],
            ["report", "-"], ["report", "--each-org", "--org", "a"], ["report", "--explain"],
            ["report", "--compute", "in-database", "--explain", "--compute", "in-process"],
        ]
        for arguments in others { #expect(ReportArguments.job(arguments) == nil, "\(arguments)") }
    }

    /// Random argument lists from the values above (valid and not), in any order, with the folder
    /// anywhere, options repeated now and then: whatever is accepted is what ArgumentParser makes.
    @Test func randomArgumentLists() {
        var generator = SystemRandomNumberGenerator()  // a failure names its arguments
        let names = Self.values.keys.sorted()
        var accepted = 0
        for _ in 0..<600 {  // ArgumentParser takes about 8 ms a parse in a debug build
            var arguments: [String] = []
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                if Int.random(in: 0..<5, using: &generator) == 0 {
                    arguments.append("--" + Self.flags.randomElement(using: &generator)!)
                    continue
                }
                let name = names.randomElement(using: &generator)!
                let values = Self.values[name]!
                // Mostly valid values, so that whole lists validate.
                let value =
                    Bool.random(using: &generator)
                    ? values[0] : values.randomElement(using: &generator)!
                if Bool.random(using: &generator) {
                    arguments += ["--\(name)", value]
                } else {
                    arguments.append("--\(name)=\(value)")
                }
            }
            if Bool.random(using: &generator) {
                arguments.insert("ws", at: Int.random(in: 0...arguments.count, using: &generator))
            }
            if Self.check(["report"] + arguments) { accepted += 1 }
        }
        #expect(accepted > 60, "accepted \(accepted) of 600")
    }

    /// `--format`'s items are trimmed of exactly what Foundation's `CharacterSet.whitespaces` holds: every
    /// scalar of the Basic Multilingual Plane and beyond, around a format name and alone.
    @Test func formatsAreTrimmedAsFoundationTrimsWhitespace() {
        var scalars = (0..<0xD800).compactMap(Unicode.Scalar.init)
        scalars += [0xE000, 0xFEFF, 0xFFFD, 0x1_0000, 0x1_F600, 0xE_0020].compactMap(Unicode.Scalar.init)
        var differing: [String] = []
        for scalar in scalars {
            for text in ["\(scalar)md\(scalar)", "\(scalar)\(scalar)", "\(scalar)", "md \(scalar) html"] {
                let item = Substring(text)
                if ReportJob.trimmingSpaces(item) != Substring(item.trimmingCharacters(in: .whitespaces)) {
                    differing.append(String(scalar.value, radix: 16))
                }
            }
        }
        #expect(differing.isEmpty, "trimmed differently: U+\(differing.prefix(20).joined(separator: ", U+"))")
        #expect(ReportJob.trimmingSpaces("\t md\u{3000}") == "md")
    }

    /// Every long name in ArgumentParser's help of the command is one this reader knows (else an option
    /// added to the command would send every report through ArgumentParser again, unnoticed), and a
    /// command read from `report` alone sets every property (else an option added to the command but not
    /// set here would stop the run).
    @Test func theReaderKnowsEveryOptionOfTheCommand() throws {
        let help = ReportCommand.helpMessage(columns: 1_000)
        let names = Set(
            help.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" || $0 == "(" || $0 == ")" })
                .filter { $0.hasPrefix("--") }
                .map { String($0.dropFirst(2).prefix(while: { $0.isLetter || $0 == "-" })) }
        ).subtracting(["help", "version"])
        #expect(names.count >= 16, "\(names.sorted())")
        for name in names.sorted() {
            #expect(Self.values[name] != nil || Self.flags.contains(name), "--\(name) is not in this test")
            let arguments =
                Self.flags.contains(name) ? ["report", "--\(name)"] : ["report", "--\(name)", Self.values[name]![0]]
            if name != "explain" { #expect(Self.check(arguments), "--\(name) is not read") }
            // And the command hands it to the job it runs: each option changes the job (`--compute` given
            // its value that is not the default).
            let changing =
                name == "compute"
                ? ["report", "--compute", "in-database"]
                : arguments + (name == "explain" ? ["--compute", "in-database"] : [])
            let given = try #require(try ImpactCommand.parseAsRoot(changing) as? ReportCommand)
            let alone = try #require(
                try ImpactCommand.parseAsRoot(name == "explain" ? ["report", "--compute", "in-database"] : ["report"])
                    as? ReportCommand)
            #expect(given.job != alone.job, "--\(name) does not reach the job")
        }
    }
}
