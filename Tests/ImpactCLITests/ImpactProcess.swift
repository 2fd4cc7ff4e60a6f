import Foundation

/// Runs the built `impact` executable (and other programs) as a user would, capturing everything.
struct ImpactProcess {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The repository root, from this file's location.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `impact` binary built beside the test bundle.
    static let executable: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "impact")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside.path }
        return repository.appendingPathComponent(".build/debug/impact").path
    }()

    static let northwind = repository.appendingPathComponent("Reports/examples/northwind").path

    static func impact(_ arguments: [String], in directory: String? = nil) throws -> Outcome {
        try run(executable, arguments, in: directory)
    }

    static func run(_ program: String, _ arguments: [String], in directory: String? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the process runs, so that a large output cannot block it.
        let outData = Locked(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            outData.set(out.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: outData.get(), as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A new empty temporary folder, removed when the tests end (`Scratch`).
    static func temporaryFolder() throws -> String {
        try Scratch.folder("impact-cli")
    }
}

/// A value shared between a reader thread and the test.
final class Locked<Value>: @unchecked Sendable {  // guarded by `lock`
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) {
        self.value = value
    }

    func set(_ newValue: Value) {
        lock.lock()
        value = newValue
        lock.unlock()
    }

    func update(_ change: (inout Value) -> Void) {
        lock.lock()
        change(&value)
        lock.unlock()
    }

    func get() -> Value {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
