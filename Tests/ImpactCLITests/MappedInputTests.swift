import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Input files are mapped into memory when they are regular files, read to their end otherwise (a pipe);
/// a file shortened while mapped makes the system send SIGBUS, which `impact` reports in words.
@Suite struct MappedInputTests {
    /// A copy of the example workspace whose engagements file is a named pipe.
    static func workspaceWithPipe() throws -> (folder: String, pipe: String, engagements: Data) {
        let folder = try ImpactProcess.temporaryFolder()
        let example = ImpactProcess.northwind
        for name in try FileManager.default.contentsOfDirectory(atPath: example) {
            try FileManager.default.copyItem(atPath: example + "/" + name, toPath: folder + "/" + name)
        }
        let data = try #require(
            FileManager.default.enumerator(atPath: folder)?.allObjects.compactMap { $0 as? String }.first {
                $0.hasSuffix("engagements.csv")
            })
        let pipe = folder + "/" + data
        let engagements = try Data(contentsOf: URL(fileURLWithPath: pipe))
        try FileManager.default.removeItem(atPath: pipe)
        #expect(mkfifo(pipe, 0o600) == 0)
        return (folder, pipe, engagements)
    }

    static func start(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ImpactProcess.executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, errors)
    }

    /// Writes `bytes` into the named pipe from a thread of its own (opening a pipe waits for its reader), a
    /// failed write an error rather than the end of the test process.
    static func feed(_ pipe: String, _ bytes: Data) {
        signal(SIGPIPE, SIG_IGN)
        Thread {
            guard let writer = FileHandle(forWritingAtPath: pipe) else { return }
            try? writer.write(contentsOf: bytes)
            try? writer.close()
        }.start()
    }

    /// Waits for `process` to end, at most `seconds`; false (the process stopped) when it did not.
    static func wait(for process: Process, seconds: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        guard !process.isRunning else {
            process.terminate()
            return false
        }
        return true
    }

    /// A pipe has no size to map: its bytes are read to the end, and the workspace checks as the example
    /// does.
    @Test func aPipeIsReadToItsEnd() throws {
        let (folder, pipe, engagements) = try Self.workspaceWithPipe()
        let expected = try ImpactProcess.impact(["validate", ImpactProcess.northwind])
        let (process, errors) = try Self.start(["validate", folder])
        Self.feed(pipe, engagements)
        #expect(Self.wait(for: process))
        #expect(process.terminationStatus == expected.status)
        #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == expected.stderr)
    }

    /// A large engagements file given through a pipe (read into memory grown as it comes, through many
    /// doublings, its lines' memory given back as they are typed): the digest in results.json is the
    /// file's, and the results are those of the same file read from the disk. (Whether a hasher running
    /// behind the typing would read released memory is a race this size does not lose: the pipe's bytes
    /// are hashed at once, see `FileBytes.contents`.)
    @Test func aLargePipesDigestIsTheFiles() throws {
        let folder = try ImpactProcess.temporaryFolder()
        let generated = try ImpactProcess.impact([
            "generate", folder, "--orgs", "200", "--partners", "1000", "--engagements", "250000", "--seed", "3",
        ])
        #expect(generated.status == 0)
        let pipe = folder + "/engagements.csv"
        let engagements = try Data(contentsOf: URL(fileURLWithPath: pipe))
        #expect(engagements.count > 12 << 20, "larger than the size from which a file is hashed beside its reading")
        let fromFile = try ImpactProcess.impact([
            "report", folder, "--format", "json", "--out", folder + "/from-file", "--generated-at", "2026-10-01",
        ])
        #expect(fromFile.status == 0)
        let digest = try ImpactProcess.run("/usr/bin/sha256sum", [pipe]).stdout.prefix(64)
        try FileManager.default.removeItem(atPath: pipe)
        #expect(mkfifo(pipe, 0o600) == 0)
        let (process, _) = try Self.start([
            "report", folder, "--format", "json", "--out", folder + "/from-pipe", "--generated-at", "2026-10-01",
        ])
        Self.feed(pipe, engagements)
        #expect(Self.wait(for: process))
        #expect(process.terminationStatus == 0)
        let results = try Data(contentsOf: URL(fileURLWithPath: folder + "/from-pipe/results.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: results) as? [String: Any])
        let inputs = try #require(document["inputs"] as? [[String: Any]])
        let input = try #require(inputs.first { $0["table"] as? String == "engagements" })
        #expect(input["sha256"] as? String == String(digest))
        #expect(results == (try Data(contentsOf: URL(fileURLWithPath: folder + "/from-file/results.json"))))
    }

    /// SIGBUS (what reading a mapped file past its new end brings) is reported in words, status 1.
    @Test func aBusErrorIsReportedInWords() throws {
        let (folder, _, _) = try Self.workspaceWithPipe()
        let (process, errors) = try Self.start(["validate", folder])  // waits to open the pipe
        Thread.sleep(forTimeInterval: 0.5)
        kill(process.processIdentifier, SIGBUS)
        #expect(Self.wait(for: process))
        #expect(process.terminationStatus == 1)
        #expect(process.terminationReason == .exit)
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(
            text.hasPrefix("error: an input file was changed or shortened while it was being read (bus error)"),
            "\(text)")
    }
}
