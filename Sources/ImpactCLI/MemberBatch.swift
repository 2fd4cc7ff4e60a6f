import Dispatch
import Foundation
import ImpactCore
import ImpactResults
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `--each-org`: one folder per organisation under `OUT/members/`, built and written in parallel on all
/// cores, each complete or absent (written into a hidden folder, then renamed). A report is released as
/// soon as it is written, so memory does not grow with the number of members.
struct MemberBatch {
    let outputs: ReportOutputs
    let document: ResultsDocument
    let dataset: Dataset
    let portfolio: Portfolio?
    let formats: [String]
    let directory: String

    struct Summary {
        let written: Int
        let withoutData: [Identifier]
        let interrupted: Bool
    }

    func run() throws -> Summary {
        let organizations = dataset.organizations
        let members = directory + "/members"
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: members, isDirectory: &isFolder), !isFolder.boolValue {
            throw CLIError.failure("cannot create the folder '\(members)': a file has that name")
        }
        do {
            try FileManager.default.createDirectory(atPath: members, withIntermediateDirectories: true)
        } catch {
            throw CLIError.failure("cannot create the folder '\(members)': \(SystemReason.text(of: error))")
        }
        // Find each organisation's observations and targets once (results are sorted by metric, then
        // organisation), instead of filtering everything for every member; kept as positions, and a
        // member's picked out only when its report is made: copies of every observation, grouped by member,
        // were 150 MB beside the results at full size (two million observations, measured).
        let slots = Dictionary(uniqueKeysWithValues: organizations.enumerated().map { ($1.id, $0) })
        let all = document.results
        var observations = [[Int32]](repeating: [], count: organizations.count)
        for (position, observation) in all.observations.enumerated() {
            if let slot = slots[observation.organization] { observations[slot].append(Int32(position)) }
        }
        var targets = [[Int32]](repeating: [], count: organizations.count)
        for (position, target) in all.targets.enumerated() {
            if let slot = slots[target.organization] { targets[slot].append(Int32(position)) }
        }
        let sharedObservations = observations
        let sharedTargets = targets
        // A member's aggregates are the published ones of its groups, shared with many other members:
        // each is encoded once.
        let encodedAggregates = portfolio.map { ResultsDocument.encode($0.aggregates) }

        let progress = BatchProgress(total: organizations.count)
        let next = Mutex(0)
        let failure = Mutex<CLIError?>(nil)
        Interruption.shared.beginBatch()
        progress.start(label: "member reports")
        let workers = max(1, min(OrderedParallel.cores, organizations.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                if Interruption.shared.isRequested || failure.withLock({ $0 != nil }) { return }
                let slot = next.withLock { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard slot < organizations.count else { return }
                let organization = organizations[slot]
                do {
                    let scoped = document.scoped(
                        to: organization.id, observations: sharedObservations[slot].map { all.observations[Int($0)] },
                        targets: sharedTargets[slot].map { all.targets[Int($0)] },
                        portfolio: portfolio, record: organization, encodedAggregates: encodedAggregates)
                    let files = try outputs.files(
                        formats, document: scoped, report: outputs.memberReport(scoped, organization.id))
                    try writeFolder(members + "/" + MemberFolder.name(for: organization.id), files)
                    progress.advance()
                } catch let error as CLIError {
                    failure.withLock { if $0 == nil { $0 = error } }
                } catch {
                    failure.withLock { if $0 == nil { $0 = CLIError.failure("\(error)") } }
                }
            }
        }
        progress.finish(label: "member reports")
        if let error = failure.withLock({ $0 }) { throw error }
        let withoutData = organizations.filter { !dataset.reports($0.id, in: document.quarter) }.map(\.id)
        return Summary(
            written: progress.completed, withoutData: withoutData, interrupted: Interruption.shared.isRequested)
    }

    /// Writes a member's files into a hidden folder and renames it into place: the folder is complete or
    /// absent, and a folder from an earlier run is replaced whole.
    func writeFolder(_ final: String, _ files: [OutputFile]) throws {
        let tag = "\(ProcessInfo.processInfo.processIdentifier)"
        let parent = (final as NSString).deletingLastPathComponent
        let name = (final as NSString).lastPathComponent
        let temporary = parent + "/." + name + ".partial-" + tag
        let old = parent + "/." + name + ".old-" + tag
        defer {
            try? FileManager.default.removeItem(atPath: temporary)
            try? FileManager.default.removeItem(atPath: old)
        }
        do {
            try? FileManager.default.removeItem(atPath: temporary)
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
            for file in files {
                do {
                    try file.write(to: temporary + "/" + file.name)
                } catch {
                    throw CLIError.failure("cannot write '\(final)/\(file.name)': \(error.reason)")
                }
            }
            if FileManager.default.fileExists(atPath: final) {
                guard rename(final, old) == 0 else { throw CLIError.failure("cannot replace '\(final)'") }
            }
            guard rename(temporary, final) == 0 else { throw CLIError.failure("cannot write '\(final)'") }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError.failure("cannot write '\(final)'")
        }
    }
}
