// swift-tools-version:6.0
import Foundation
import PackageDescription

// A third-party package that adds its own metric plugin to EcosystemImpact without forking it: the plugin
// library depends on ImpactCore only; the executable `impact-jobs` is `impact` with the plugin added.
// Here the dependency is the checkout two folders up; a real package names the repository and a version.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().deletingLastPathComponent()
let ecosystemImpact = root.lastPathComponent.lowercased()

let package = Package(
    name: "JobsPlugin",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: root.path)],
    targets: [
        .target(name: "JobsMetrics", dependencies: [.product(name: "ImpactCore", package: ecosystemImpact)]),
        .executableTarget(
            name: "impact-jobs",
            dependencies: ["JobsMetrics", .product(name: "ImpactCLI", package: ecosystemImpact)]
        ),
        .testTarget(
            name: "JobsMetricsTests",
            dependencies: [
                "JobsMetrics", .product(name: "ImpactCore", package: ecosystemImpact),
                .product(name: "ImpactTesting", package: ecosystemImpact),
            ]
        ),
    ]
)
