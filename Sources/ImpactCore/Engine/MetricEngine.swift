import Dispatch
import Foundation
import Synchronization

/// Runs metrics over every organisation of a dataset and every quarter of a report window.
///
/// An organisation that does not report in a quarter gets `no_data` for every metric without the
/// metric being asked. Organisations are spread over all cores; the output order does not depend on it.
public struct MetricEngine: Sendable {
    public let registry: MetricRegistry

    public init(registry: MetricRegistry) {
        self.registry = registry
    }

    /// Computes every registered metric (or only `metricIDs`) for every organisation and quarter.
    public func run(on dataset: Dataset, quarters: [Quarter], metricIDs: [String]? = nil) throws(EngineError)
        -> MetricResults
    {
        let entries: [MetricRegistry.Entry]
        if let metricIDs {
            var selected: [MetricRegistry.Entry] = []
            for id in Set(metricIDs) {
                guard let entry = registry.entry(id) else { throw .unknownMetric(id) }
                selected.append(entry)
            }
            entries = selected.sorted { $0.descriptor.id.utf8.lexicographicallyPrecedes($1.descriptor.id.utf8) }
        } else {
            entries = registry.entries
        }

        // Asked of each metric once: a descriptor is made by its metric (`Metric.descriptor`), and the
        // copy made for every organisation, quarter and metric was most of the engine's reference counting
        // (profiled).
        let units = entries.map(\.descriptor.unit)
        let organizations = dataset.organizations
        let perOrganization = Mutex([[MetricValue]?](repeating: nil, count: organizations.count))
        let firstError = Mutex<(slot: Int, error: EngineError)?>(nil)
        let chunkCount = min(organizations.count, OrderedParallel.cores * 4)
        if chunkCount > 0 {
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let range = Self.chunkRange(chunk, of: chunkCount, total: organizations.count)
                var local: [(Int, [MetricValue])] = []
                for slot in range {
                    do throws(EngineError) {
                        local.append((slot, try Self.evaluate(entries, units, organizations[slot], dataset, quarters)))
                    } catch {
                        firstError.withLock { current in
                            if current == nil || slot < current!.slot { current = (slot, error) }
                        }
                        return
                    }
                }
                perOrganization.withLock { values in
                    for (slot, row) in local { values[slot] = row }
                }
            }
        }
        if let failure = firstError.withLock({ $0 }) { throw failure.error }
        let values = perOrganization.withLock { $0 }.map { $0! }
        let observations = Self.observations(entries, organizations, quarters, values)
        let targets = Self.evaluateTargets(dataset, quarters, entries, observations)
        return MetricResults(quarters: quarters, metrics: entries, observations: observations, targets: targets)
    }

    /// The observations metric by metric, organisation by organisation, quarter by quarter; `values[slot]`
    /// holds an organisation's values metric-major. Written in place on every core: appended one by one,
    /// two million observations (a full-size portfolio's) were a fifth of a second on one core after the
    /// metrics (profiled).
    static func observations(
        _ entries: [MetricRegistry.Entry], _ organizations: [Organization], _ quarters: [Quarter],
        _ values: [[MetricValue]]
    ) -> [Observation] {
        let ids = entries.map(\.descriptor.id)
        let pairs = entries.count * organizations.count
        let count = pairs * quarters.count
        return [Observation](unsafeUninitializedCapacity: count) { buffer, initialized in
            let parts = OrderedParallel.parts(for: count, minimum: 100_000)
            nonisolated(unsafe) let buffer = buffer  // each part writes its own range
            _ = OrderedParallel.map(parts: parts) { part in
                // Part by (metric, organisation) pairs: a pair's observations are its quarters, in a row.
                for pair in OrderedParallel.range(part, of: parts, total: pairs) {
                    let (metric, slot) = pair.quotientAndRemainder(dividingBy: organizations.count)
                    let row = values[slot]
                    for (quarterIndex, quarter) in quarters.enumerated() {
                        (buffer.baseAddress! + pair * quarters.count + quarterIndex).initialize(
                            to: Observation(
                                metric: ids[metric], organization: organizations[slot].id, quarter: quarter,
                                value: row[metric * quarters.count + quarterIndex]))
                    }
                }
            }
            initialized = count
        }
    }

    /// Values of one organisation, metric-major then quarter.
    static func evaluate(
        _ entries: [MetricRegistry.Entry], _ units: [MetricUnit], _ organization: Organization, _ dataset: Dataset,
        _ quarters: [Quarter]
    ) throws(EngineError) -> [MetricValue] {
        var row = [MetricValue](repeating: .null(.noData), count: entries.count * quarters.count)
        // Quarter by quarter; a quarter in which the organisation does not report stays no_data. `units`:
        // the entries' units, in order.
        let slot = dataset.organizationSlots[organization.id]
        // Numbered once for all of the organisation's quarters.
        let partners = slot.map { OrganizationPartners(dataset: dataset, slot: $0) } ?? .none
        for (quarterIndex, quarter) in quarters.enumerated() where dataset.reports(organization.id, in: quarter) {
            let context = MetricContext(
                dataset: dataset, organization: organization, quarter: quarter, slot: slot, partners: partners)
            for metricIndex in entries.indices {
                let unit = units[metricIndex]
                let value = entries[metricIndex].metric.value(in: context)
                switch value {
                case .money where unit != .money, .number where unit == .money:
                    let entry = entries[metricIndex]
                    throw .wrongValueKind(
                        metric: entry.descriptor.id, plugin: entry.plugin, organization: organization.id,
                        quarter: quarter, unit: unit)
                case .number(let number) where !number.isFinite:
                    let entry = entries[metricIndex]
                    throw .notFinite(
                        metric: entry.descriptor.id, plugin: entry.plugin, organization: organization.id,
                        quarter: quarter)
                default:
                    row[metricIndex * quarters.count + quarterIndex] = value
                }
            }
        }
        return row
    }

    /// One entry per (metric, organisation, quarter) in the window that has a target; an organisation's
    /// own target overrides a general one.
    static func evaluateTargets(
        _ dataset: Dataset, _ quarters: [Quarter], _ entries: [MetricRegistry.Entry], _ observations: [Observation]
    ) -> [TargetResult] {
        guard !dataset.targets.isEmpty else { return [] }
        // The observations come metric by metric, organisation by organisation (in the dataset's order),
        // quarter by quarter: a target is placed at the position of its observation, found from the
        // positions of its metric, organisation and quarter. Keyed by metric id, organisation and quarter
        // instead, hashing every targeted observation's key was a quarter of a member report's metric
        // engine (profiled).
        let organizations = dataset.organizations.count
        precondition(entries.count * organizations * quarters.count == observations.count, "observations in order")
        var windowPositions: [Quarter: Int] = [:]
        for (position, quarter) in quarters.enumerated() { windowPositions[quarter] = position }
        var metricPositions: [String: Int] = [:]
        for (position, entry) in entries.enumerated() { metricPositions[entry.descriptor.id] = position }
        func place(_ target: Target) -> (metric: Int, quarter: Int)? {
            guard let quarter = windowPositions[target.quarter], let metric = metricPositions[target.metric] else {
                return nil
            }
            return (metric, quarter)
        }
        func position(metric: Int, slot: Int, quarter: Int) -> Int {
            (metric * organizations + slot) * quarters.count + quarter
        }
        // A target without an organisation is every organisation's; an organisation's own overrides it.
        var chosen: [Int: ExactDecimal] = [:]
        for target in dataset.targets where target.organization == nil {
            guard let (metric, quarter) = place(target) else { continue }
            for slot in 0..<organizations {
                chosen[position(metric: metric, slot: slot, quarter: quarter)] = target.value
            }
        }
        for target in dataset.targets {
            guard let organization = target.organization, let slot = dataset.organizationSlots[organization],
                let (metric, quarter) = place(target)
            else { continue }
            chosen[position(metric: metric, slot: slot, quarter: quarter)] = target.value
        }
        return chosen.keys.sorted().map { index in
            let observation = observations[index]
            let target = chosen[index]!
            let direction = entries[index / (organizations * quarters.count)].descriptor.direction
            return TargetResult(
                metric: observation.metric, organization: observation.organization, quarter: observation.quarter,
                target: target, value: observation.value,
                met: TargetResult.isMet(value: observation.value, target: target, direction: direction))
        }
    }

    static func chunkRange(_ chunk: Int, of chunks: Int, total: Int) -> Range<Int> {
        let lower = total * chunk / chunks
        let upper = total * (chunk + 1) / chunks
        return lower..<upper
    }
}
