// swift-tools-version:6.2
import PackageDescription

// Module graph (one way only):
//   ImpactCore  <-  ImpactReport (format-free report model)  <-  ImpactRender (Markdown, HTML; cmark, Mustache)
//   ImpactCore  <-  Plugins/*  <-  BuiltinMetrics
//   ImpactCore  <-  ImpactSources (CSV, validation)  <-  ImpactWorkspace (impact.yml)
//   ImpactCore  <-  ImpactResults (results.json)
//   ImpactSources  <-  ImpactStore (revisions, replacement rules)  <-  ImpactSQLite (GRDB), ImpactPostgres (postgres-nio)
//   everything but ImpactPostgres  <-  ImpactCLI  <-  impact (executable, which adds the PostgreSQL store)
// The core and the plugin targets depend on nothing outside the standard library and Foundation,
// so a plugin author's build never compiles SwiftNIO, a database driver or a YAML parser; and an
// executable built on ImpactCLI (Examples/JobsPlugin) compiles SwiftNIO only if it adds ImpactPostgres.

let pluginTargets: [(name: String, path: String)] = [
    ("RevenueMetrics", "Plugins/Revenue"),
    ("CostMetrics", "Plugins/Cost"),
    ("TimeToMarketMetrics", "Plugins/TimeToMarket"),
    ("PartnerMetrics", "Plugins/Partners"),
    ("FundingMetrics", "Plugins/Funding"),
    ("KnowledgeMetrics", "Plugins/Knowledge"),
]

let package = Package(
    name: "EcosystemImpact",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ImpactCore", targets: ["ImpactCore"]),
        .library(name: "ImpactTesting", targets: ["ImpactTesting"]),
        .library(name: "BuiltinMetrics", targets: ["BuiltinMetrics"]),
        .library(name: "ImpactCLI", targets: ["ImpactCLI"]),
        .library(name: "ImpactSources", targets: ["ImpactSources"]),
        .library(name: "ImpactFormula", targets: ["ImpactFormula"]),
        .library(name: "ImpactStore", targets: ["ImpactStore"]),
        .library(name: "ImpactPostgres", targets: ["ImpactPostgres"]),
        .executable(name: "impact", targets: ["impact"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "ImpactCore", dependencies: ["CAffinity"]),
        .target(name: "ImpactTesting", dependencies: ["ImpactCore"]),
        .target(name: "BuiltinMetrics", dependencies: pluginTargets.map { .target(name: $0.name) }),
        .target(
            name: "ImpactSources",
            dependencies: [
                "ImpactCore", "CPrefetch", "CByteScan", "ZIPFoundation",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "ImpactResults", dependencies: ["ImpactCore"]),
        .target(
            name: "ImpactStore", dependencies: ["ImpactCore", "ImpactSources", "ImpactFormula"]),
        .target(
            name: "ImpactSQLite",
            dependencies: ["ImpactCore", "ImpactSources", "ImpactStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "ImpactPostgres",
            dependencies: [
                "ImpactCore", "ImpactSources", "ImpactStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ImpactWorkspace",
            dependencies: [
                "ImpactCore", "ImpactSources", "ImpactSQLite", "ImpactStore", "ImpactFormula", "ImpactExternal",
                "ImpactResults", "Yams",
            ]
        ),
        .target(name: "ImpactGenerator", dependencies: ["ImpactCore"]),
        .target(name: "ImpactFormula", dependencies: ["ImpactCore"]),
        .target(name: "ImpactExternal", dependencies: ["ImpactCore", "ImpactResults", "ImpactSources"]),
        .target(name: "ImpactReport", dependencies: ["ImpactCore", "ImpactResults"]),
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
        // One inline function in a header (the compiler's prefetch), nothing to link.
        .systemLibrary(name: "CAffinity"),
        .systemLibrary(name: "CPrefetch"),
        // One inline function in a header (sixteen bytes classified at once), nothing to link.
        .systemLibrary(name: "CByteScan"),
        // One inline function in a header (starting a file's writeback), nothing to link.
        .systemLibrary(name: "CWriteback"),
        .target(
            name: "ImpactTemplates", path: "Reports/templates",
            // In the executable's code: `impact` needs no resource folder beside it, wherever it is copied.
            resources: [
                .embedInCode("report.html.mustache"), .embedInCode("report.md.mustache"), .embedInCode("report.css"),
            ]
        ),
        .target(
            name: "ImpactRender",
            dependencies: [
                "ImpactReport", "ImpactTemplates", "CCmark", .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "ImpactCLI",
            dependencies: [
                "ImpactCore", "ImpactSources", "ImpactResults", "ImpactWorkspace", "ImpactGenerator",
                "ImpactReport", "ImpactRender", "ImpactFormula", "ImpactExternal", "BuiltinMetrics", "ImpactStore",
                "ImpactSQLite", "CWriteback", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "impact", dependencies: ["ImpactCLI", "ImpactPostgres"]),
        .testTarget(name: "ImpactCoreTests", dependencies: ["ImpactCore", "ImpactTesting"]),
        .testTarget(name: "ImpactFormulaTests", dependencies: ["ImpactFormula", "ImpactCore", "BuiltinMetrics"]),
        .testTarget(name: "MetricsTests", dependencies: ["ImpactCore", "ImpactTesting", "BuiltinMetrics"]),
        .testTarget(
            name: "ImpactSourcesTests",
            dependencies: ["ImpactCore", "ImpactSources", "BuiltinMetrics", "ImpactGenerator"]),
        .testTarget(
            name: "ImpactResultsTests",
            dependencies: ["ImpactCore", "ImpactResults", "ImpactTesting", "ImpactGenerator"]),
        .testTarget(
            name: "ImpactCLITests",
            dependencies: [
                "ImpactCLI", "ImpactGenerator", "ImpactCore", "ImpactSources", "ImpactStore", "ImpactSQLite",
                "ImpactPostgres",
            ]
        ),
        .testTarget(
            name: "ImpactWorkspaceTests",
            dependencies: ["ImpactWorkspace", "ImpactSources", "ImpactCore", "BuiltinMetrics", "ZIPFoundation"]
        ),
        .testTarget(
            name: "ImpactRenderTests",
            dependencies: [
                "ImpactRender", "ImpactReport", "ImpactCore", "ImpactResults", "BuiltinMetrics", "ImpactTemplates",
            ]
        ),
    ] + pluginTargets.map { .target(name: $0.name, dependencies: ["ImpactCore"], path: $0.path) }
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    // Release builds ask generic types' metadata of their accessors, handing them the conformances,
    // instead of looking the types up by mangled name: each first lookup of a conformance that way scanned
    // the process's 9,300 conformance records, and an SMB report made 72 scans where `--version` makes 26.
    // With this flag on the project's modules: 52 scans, the SMB report 1.1 ms faster (35.2 → 34.1 ms,
    // 300 interleaved runs; Benchmarks/RESULTS.md). Tools version 6.2 is the first whose packages can use
    // such a flag and still be a versioned dependency (of a plugin author's package).
    settings.append(
        .unsafeFlags(
            ["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release)))
    target.swiftSettings = settings
}
