import Foundation
import ImpactCore

/// Makes a deterministic synthetic workspace with realistic shapes: long-tailed revenue and deal sizes,
/// a few very active members and many quiet ones, popular and niche partners, ongoing engagements, gaps
/// in reporting, monthly reporters, a foreign-currency member, launches and targets. The same parameters
/// give the same bytes. Rows are streamed to disk, so 10 million engagements need little memory.
public struct WorkspaceGenerator: Sendable {
    public struct Parameters: Sendable {
        public var organizations: Int
        public var partners: Int
        public var engagements: Int
        public var quarters: Int
        public var seed: UInt64
        public var fiscalYearStart: Int = 1
        /// The last quarter generated.
        public var lastQuarter: Quarter = "2026-Q3"
        /// Share of organisations that report monthly instead of quarterly.
        public var monthlyShare: Double = 0.1
        /// Share of organisations that report in USD (converted through fx_rates).
        public var foreignCurrencyShare: Double = 0.05

        public init(organizations: Int, partners: Int, engagements: Int, quarters: Int, seed: UInt64) {
            self.organizations = organizations
            self.partners = partners
            self.engagements = engagements
            self.quarters = quarters
            self.seed = seed
        }
    }

    public let parameters: Parameters

    public init(_ parameters: Parameters) throws(GeneratorError) {
        guard parameters.organizations >= 1 else { throw .invalidParameter("--orgs must be at least 1") }
        guard parameters.partners >= 1 || parameters.engagements == 0 else {
            throw .invalidParameter("--partners must be at least 1 when there are engagements")
        }
        guard parameters.engagements >= 0 else { throw .invalidParameter("--engagements must not be negative") }
        guard (1...400).contains(parameters.quarters) else { throw .invalidParameter("--quarters must be 1 to 400") }
        guard (1...12).contains(parameters.fiscalYearStart) else {
            throw .invalidParameter("--fiscal-year-start must be 1 to 12")
        }
        // Engagements start up to a year before the first quarter: every date written must be in the
        // year 1 or later, as dates are read.
        let calendar = FiscalCalendar(startMonth: parameters.fiscalYearStart)!
        let first = Quarter.window(endingWith: parameters.lastQuarter, count: parameters.quarters)[0]
        guard calendar.firstDay(of: first).components.year >= 2 else {
            throw .invalidParameter(
                "--last-quarter \(parameters.lastQuarter) with --quarters \(parameters.quarters) and the year of engagements before them reach before the year 1: give a later --last-quarter or fewer --quarters"
            )
        }
        self.parameters = parameters
    }

    static let sectors: [(String, Double)] = [
        ("C", 30), ("J", 22), ("M", 16), ("G", 8), ("F", 5), ("Q", 5), ("N", 4), ("H", 3), ("D", 2), ("", 5),
    ]
    static let regions = ["North Coast", "Harbour City", "Lake District", "Uplands", "River Valley", "Metro East"]
    static let sizes: [(String, Double)] = [("micro", 45), ("small", 32), ("medium", 18), ("large", 5)]
    static let cohorts = ["2022-autumn", "2023-spring", "2023-autumn", "2024-spring", "2024-autumn", "2025-spring", ""]
    static let actorTypes: [(String, Double)] = [
        ("smb", 30), ("large_enterprise", 12), ("support_org", 8), ("research", 15), ("financial", 10),
        ("government", 6), ("infrastructure", 9), ("other", 10),
    ]
    static let kinds: [(String, Double)] = [
        ("joint_project", 18), ("grant", 7), ("investment", 3), ("loan", 4), ("mentoring", 12), ("training", 12),
        ("event", 16), ("shared_facility", 8), ("license", 4), ("procurement", 10), ("talent", 6),
    ]
    static let namePrefixes = [
        "Nord", "Blue", "Alder", "Fjord", "Harbor", "Kestrel", "Lumen", "Mistral", "Oak", "Pioneer", "Quill",
        "Rune", "Sable", "Tidal", "Vega", "Willow", "Zephyr", "Amber", "Basalt", "Cobalt",
    ]
    static let nameSuffixes = [
        "Robotics", "Foods", "Analytics", "Textiles", "Bioworks", "Logistics", "Energy", "Design", "Software",
        "Metals", "Optics", "Care", "Marine", "Labs", "Systems",
    ]

    /// The files of a generated workspace.
    public static let fileNames = [
        "organizations.csv", "financials.csv", "partners.csv", "engagements.csv", "launches.csv", "targets.csv",
        "fx_rates.csv", "impact.yml",
    ]

    /// Writes `fileNames` into `directory` (created if missing) all or nothing: into a hidden folder inside
    /// it first, then each renamed into place once all were written, so that a failure (a full disk, say)
    /// leaves no half-written table and other files in the folder untouched.
    public func write(to directory: String) throws(GeneratorError) {
        let staging = directory + "/.impact-generate-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw .cannotWrite(directory, SystemReason.text(of: error))
        }
        defer { try? FileManager.default.removeItem(atPath: staging) }
        do {
            try writeFiles(to: staging)
        } catch {
            // Named as the file the user asked for, not the hidden one.
            guard case .cannotWrite(let path, let reason) = error else { throw error }
            throw .cannotWrite(directory + String(path.dropFirst(staging.count)), reason)
        }
        for name in Self.fileNames {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isFolder),
                isFolder.boolValue
            {
                throw .cannotWrite(directory + "/" + name, "a folder has that name")
            }
        }
        for name in Self.fileNames where rename(staging + "/" + name, directory + "/" + name) != 0 {
            throw .cannotWrite(directory + "/" + name, SystemReason.text(errno: errno))
        }
    }

    private func writeFiles(to directory: String) throws(GeneratorError) {
        let p = parameters
        var random = SplitMix64(seed: p.seed)
        let calendar = FiscalCalendar(startMonth: p.fiscalYearStart)!
        let window = Quarter.window(endingWith: p.lastQuarter, count: p.quarters)
        let firstDay = calendar.firstDay(of: window[0]).dayNumber - 365
        let lastDay = calendar.lastDay(of: p.lastQuarter).dayNumber

        func cumulative(_ weights: [(String, Double)]) -> [Double] {
            var sum = 0.0
            return weights.map {
                sum += $0.1
                return sum
            }
        }
        let sectorWeights = cumulative(Self.sectors)
        let sizeWeights = cumulative(Self.sizes)
        let actorWeights = cumulative(Self.actorTypes)
        let kindWeights = cumulative(Self.kinds)

        // Organisations.
        struct Member {
            let id: String
            let size: Int
            let reportsMonthly: Bool
            let foreign: Bool
            let joinsAt: Int
            let activity: Double
        }
        var members: [Member] = []
        var organizations = try ByteWriter(path: directory + "/organizations.csv")
        organizations.text("org_id,name,sector,region,size_band,cohort\n")
        let idWidth = max(5, String(p.organizations).count)
        for index in 1...p.organizations {
            let id = "org-" + Self.padded(index, idWidth)
            let name =
                Self.namePrefixes[random.int(0...Self.namePrefixes.count - 1)] + " "
                + Self.nameSuffixes[random.int(0...Self.nameSuffixes.count - 1)] + " " + String(index)
            let size = random.weighted(sizeWeights)
            organizations.text(id + "," + name + "," + Self.sectors[random.weighted(sectorWeights)].0 + ",")
            organizations.text(Self.regions[random.int(0...Self.regions.count - 1)] + "," + Self.sizes[size].0 + ",")
            organizations.text(Self.cohorts[random.int(0...Self.cohorts.count - 1)])
            try organizations.endRow()
            members.append(
                Member(
                    id: id, size: size, reportsMonthly: random.chance(p.monthlyShare),
                    foreign: random.chance(p.foreignCurrencyShare),
                    joinsAt: random.chance(0.15) ? random.int(0...max(0, p.quarters - 2)) : 0,
                    activity: random.logNormal(median: 1, sigma: 1.1)))
        }
        try organizations.close()

        // Financials: quarterly or monthly, in cents, with gaps, unknown cells and incomplete quarters.
        var financials = try ByteWriter(path: directory + "/financials.csv")
        financials.text("org_id,period,revenue,operating_costs,ecosystem_revenue,cost_savings,currency\n")
        let baseRevenue = [60_000.0, 400_000.0, 2_500_000.0, 15_000_000.0]
        for member in members {
            var revenue = random.logNormal(median: baseRevenue[member.size] / 4, sigma: 0.6)
            let trend = random.normal() * 0.03 + 0.01
            let ecosystemShare = min(0.9, random.unit() * random.unit() * 0.8)
            for (position, quarter) in window.enumerated() where position >= member.joinsAt {
                revenue *= max(0.2, 1 + trend + random.normal() * 0.08)
                if random.chance(0.04) { continue }  // a gap in reporting
                if random.chance(0.02) { revenue = 0 }  // a dormant quarter
                let revenueCents = Int(revenue * 100)
                let costCents = Int(revenue * (0.6 + random.unit() * 0.5) * 100)
                let ecosystemCents = Int(Double(revenueCents) * ecosystemShare)
                let savingsCents = Int(Double(costCents) * random.unit() * 0.08)
                let knowsEcosystem = !random.chance(0.03)
                let currency = member.foreign ? "USD" : ""
                if member.reportsMonthly {
                    let months = calendar.months(of: quarter)
                    let reported = random.chance(0.02) ? random.int(1...2) : 3
                    let splits = [0.3, 0.33]
                    var used = (0, 0, 0, 0)
                    for (index, month) in months.prefix(reported).enumerated() {
                        func part(_ total: Int, _ spent: Int) -> Int {
                            index == 2 ? total - spent : Int(Double(total) * splits[index])
                        }
                        let r = part(revenueCents, used.0)
                        let c = part(costCents, used.1)
                        let e = part(ecosystemCents, used.2)
                        let s = part(savingsCents, used.3)
                        used = (used.0 + r, used.1 + c, used.2 + e, used.3 + s)
                        financials.text(member.id + "," + month.description + ",")
                        financials.cents(r)
                        financials.comma()
                        financials.cents(c)
                        financials.comma()
                        if knowsEcosystem { financials.cents(min(e, r)) }
                        financials.comma()
                        financials.cents(s)
                        financials.text("," + currency)
                        try financials.endRow()
                    }
                } else {
                    financials.text(member.id + "," + quarter.description + ",")
                    financials.cents(revenueCents)
                    financials.comma()
                    financials.cents(costCents)
                    financials.comma()
                    if knowsEcosystem { financials.cents(ecosystemCents) }
                    financials.comma()
                    financials.cents(savingsCents)
                    financials.text("," + currency)
                    try financials.endRow()
                }
            }
        }
        try financials.close()

        // Partners, with a popularity that makes a few of them hubs.
        var partners = try ByteWriter(path: directory + "/partners.csv")
        partners.text("partner_id,name,actor_type,sector,region\n")
        var popularity: [Double] = []
        var running = 0.0
        let partnerWidth = max(5, String(p.partners).count)
        for index in 0..<p.partners {
            let actor = Self.actorTypes[random.weighted(actorWeights)].0
            let sector = random.chance(0.15) ? "" : Self.sectors[random.weighted(sectorWeights)].0
            partners.text("p-" + Self.padded(index + 1, partnerWidth) + ",")
            partners.text(
                Self.namePrefixes[random.int(0...Self.namePrefixes.count - 1)] + " " + actor + " " + String(index + 1))
            partners.text("," + actor + "," + sector + "," + Self.regions[random.int(0...Self.regions.count - 1)])
            try partners.endRow()
            running += 1 / pow(Double(index + 1), 0.8)
            popularity.append(running)
        }
        try partners.close()

        // Engagements: shared out by member activity (long-tailed), partners by popularity.
        var engagements = try ByteWriter(path: directory + "/engagements.csv")
        engagements.text("engagement_id,org_id,partner_id,kind,started_on,ended_on,value,currency\n")
        let totalActivity = members.reduce(0) { $0 + $1.activity }
        var counts = members.map { Int(Double(p.engagements) * $0.activity / totalActivity) }
        var missing = p.engagements - counts.reduce(0, +)
        var slot = 0
        while missing > 0 {
            counts[slot % counts.count] += 1
            missing -= 1
            slot += 1
        }
        var engagementNumber = 0
        let engagementWidth = max(7, String(p.engagements).count)
        // Partner ids are drawn by popularity, then shuffled by a fixed permutation so hubs are spread.
        for (memberIndex, member) in members.enumerated() {
            for _ in 0..<counts[memberIndex] {
                engagementNumber += 1
                let kind = Self.kinds[random.weighted(kindWeights)].0
                let start = random.int(firstDay...lastDay)
                let ongoing = random.chance(0.25)
                let duration = Int(random.logNormal(median: 90, sigma: 1.0))
                let partnerIndex = p.partners > 0 ? (random.weighted(popularity) * 7919 + memberIndex) % p.partners : 0
                engagements.text("e-" + Self.padded(engagementNumber, engagementWidth) + "," + member.id + ",p-")
                engagements.text(Self.padded(partnerIndex + 1, partnerWidth) + "," + kind + ",")
                engagements.date(CalendarDate(dayNumber: start).components)
                engagements.comma()
                if !ongoing { engagements.date(CalendarDate(dayNumber: start + duration).components) }
                engagements.comma()
                let valued = kind != "event" && kind != "mentoring" || random.chance(0.2)
                if valued {
                    let median: Double
                    switch kind {
                    case "grant", "investment", "loan": median = 40_000
                    case "joint_project", "license", "procurement": median = 15_000
                    default: median = 2_000
                    }
                    engagements.cents(Int(random.logNormal(median: median, sigma: 1.3) * 100))
                }
                engagements.text(member.foreign && valued ? ",USD" : ",")
                try engagements.endRow()
            }
        }
        try engagements.close()

        // Launches: a few a year per member, some not launched yet, some ecosystem-supported.
        var launches = try ByteWriter(path: directory + "/launches.csv")
        launches.text("project_id,org_id,name,started_on,launched_on,ecosystem_supported\n")
        for member in members {
            let projects = random.int(0...max(1, p.quarters / 2))
            for number in 0..<projects {
                let supported = random.chance(0.45)
                let start = random.int(firstDay...lastDay)
                let days = Int(random.logNormal(median: supported ? 150 : 200, sigma: 0.6))
                launches.text("proj-" + String(number + 1) + "," + member.id + ",Project " + String(number + 1) + ",")
                launches.date(CalendarDate(dayNumber: start).components)
                launches.comma()
                if start + days <= lastDay && !random.chance(0.1) {
                    launches.date(CalendarDate(dayNumber: start + days).components)
                }
                launches.text(supported ? ",yes" : ",no")
                try launches.endRow()
            }
        }
        try launches.close()

        // Targets: a general growth target, and some members' own revenue targets.
        var targets = try ByteWriter(path: directory + "/targets.csv")
        targets.text("org_id,metric,period,target\n")
        for quarter in window.suffix(4) {
            targets.text("," + "revenue.growth_qoq," + quarter.description + ",0.02")
            try targets.endRow()
            targets.text("," + "time_to_market.median_days_4q," + quarter.description + ",180")
            try targets.endRow()
        }
        for member in members where random.chance(0.1) {
            targets.text(member.id + ",revenue.growth_qoq," + p.lastQuarter.description + ",0.05")
            try targets.endRow()
        }
        try targets.close()

        // Exchange rates for every quarter an amount may fall in.
        var rates = try ByteWriter(path: directory + "/fx_rates.csv")
        rates.text("currency,period,rate\n")
        var rate = 0.92
        let firstRateQuarter = calendar.quarter(containing: CalendarDate(dayNumber: firstDay))
        var quarter = firstRateQuarter
        while quarter <= p.lastQuarter {
            rate *= 1 + random.normal() * 0.015
            rates.text("USD," + quarter.description + ",")
            rates.int(Int(rate * 1_000_000) / 1_000_000)
            rates.text("." + Self.padded(Int(rate * 1_000_000) % 1_000_000, 6))
            try rates.endRow()
            quarter = quarter.adding(1)
        }
        try rates.close()

        let configuration = """
            # Generated by `impact generate` (seed \(p.seed)): synthetic data for demos, tests and benchmarks.
            name: Synthetic portfolio (seed \(p.seed))
            currency: EUR
            fiscal_year_start: \(p.fiscalYearStart)

            """
        var yml = try ByteWriter(path: directory + "/impact.yml")
        yml.text(configuration)
        try yml.close()
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
