// swift-tools-version:6.0
import Foundation
import PackageDescription

// libFuzzer harnesses for the readers and the formula parser. Build and run with Fuzz/run (it passes
// -sanitize=fuzzer); each harness is a library-style executable whose entry point is libFuzzer's.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent()
let ecosystemImpact = root.lastPathComponent.lowercased()

let package = Package(
    name: "ImpactFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: root.path)],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "fuzz-csv",
            dependencies: [
                "FuzzDriver", .product(name: "ImpactSources", package: ecosystemImpact),
                .product(name: "ImpactCore", package: ecosystemImpact),
            ]),
        .executableTarget(
            name: "fuzz-json", dependencies: ["FuzzDriver", .product(name: "ImpactSources", package: ecosystemImpact)]),
        .executableTarget(
            name: "fuzz-xlsx", dependencies: ["FuzzDriver", .product(name: "ImpactSources", package: ecosystemImpact)]),
        .executableTarget(
            name: "fuzz-formula",
            dependencies: [
                "FuzzDriver", .product(name: "ImpactFormula", package: ecosystemImpact),
                .product(name: "ImpactCore", package: ecosystemImpact),
            ]),
    ]
)
