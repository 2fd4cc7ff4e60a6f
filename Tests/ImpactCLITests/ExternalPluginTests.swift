import Foundation
import Testing

/// Out-of-process plugins end to end: each failure mode ends as an error naming the plugin, the request
/// and the tail of its stderr — never a silent zero or a hang — and a batch starts the process once.
@Suite(.serialized) struct ExternalPluginTests {
    static let probe = ImpactProcess.repository.appendingPathComponent(
        "Tests/ImpactCLITests/Plugins/misbehaving_plugin.py"
    ).path

    /// A generated workspace whose impact.yml runs the probe plugin in `mode`.
    /// `wrapped`: started through a shell that stays its parent (as `sh run.sh` would), not directly.
    func workspace(orgs: Int = 5, mode: String, timeout: Int = 60, starts: String? = nil, wrapped: Bool = false)
        throws -> String
    {
        let root = try ImpactProcess.temporaryFolder()
        let generated = try ImpactProcess.impact([
            "generate", root + "/ws", "--orgs", "\(orgs)", "--partners", "20", "--engagements", "\(orgs * 10)",
            "--quarters", "6", "--seed", "4",
        ])
        #expect(generated.status == 0)
        let command =
            wrapped
            ? #"command: sh\#n    arguments: ["-c", "python3 \"$0\"; exit $?", "\#(Self.probe)"]"#
            : #"command: python3\#n    arguments: ["\#(Self.probe)"]"#
        var yml = try String(contentsOfFile: root + "/ws/impact.yml", encoding: .utf8)
        yml += """
            plugins:
              - name: probe-config
                \(command)
                timeout: \(timeout)
                environment:
                  MODE: \(mode)
                  STARTS: "\(starts ?? "")"

            """
        try yml.write(toFile: root + "/ws/impact.yml", atomically: true, encoding: .utf8)
        return root + "/ws"
    }

    @Test(arguments: [
        (
            "crash",
            "plugin 'probe', request 'compute 1': the process exited with status 3 without answering; its stderr ended with: computing request 1 for 5 organisations\nTraceback: something broke inside the plugin"
        ),
        (
            "timeout",
            "plugin 'probe', request 'compute 1': no answer within 2 seconds; its stderr ended with: computing request 1 for 5 organisations"
        ),
        (
            "garbage",
            "plugin 'probe', request 'compute 1': it answered with something that is not a JSON object: 'this is not json'"
        ),
        (
            "wrong_version",
            "plugin 'probe-config', request 'describe': it speaks protocol 2.0, and this impact speaks 1.0: the major versions differ"
        ),
        (
            "wrong_unit",
            "plugin 'probe', request 'compute 1': it returned a plain number for 'probe.amount' of 'org-00001' in '2024-Q4', a money metric: money must be a decimal in a string such as \"1234.56\""
        ),
        (
            "nan",
            "plugin 'probe', request 'compute 1': it returned NaN for 'probe.count' of 'org-00001' in '2024-Q4', which is not a finite number"
        ),
        (
            "unknown_metric",
            "plugin 'probe', request 'compute 1': it returned metric 'probe.other', which it did not describe"
        ),
    ])
    func eachFailureIsAnErrorNamingPluginRequestAndStderr(mode: String, message: String) throws {
        let starts = try ImpactProcess.temporaryFolder() + "/starts.txt"
        let ws = try workspace(mode: mode, timeout: mode == "timeout" ? 2 : 60, starts: starts)
        let started = Date()
        let result = try ImpactProcess.impact(["report", ws, "--format", "json", "--out", ws + "/out", "--window", "4"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("error: " + message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ws + "/out/results.json"))
        #expect(Date().timeIntervalSince(started) < 20)
        let lines = try String(contentsOfFile: starts, encoding: .utf8).split(separator: "\n")
        let pid = try #require(lines.first.flatMap { Int32($0) })
        #expect(Self.ends(pid), "the plugin (process \(pid)) runs on after impact exited")
    }

    @Test func aNewerMinorVersionIsAccepted() throws {
        let ws = try workspace(mode: "newer_minor")
        let result = try ImpactProcess.impact(["report", ws, "--format", "json", "--out", ws + "/out"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try String(contentsOfFile: ws + "/out/results.json", encoding: .utf8)
        #expect(
            json.contains(
                "{\"metric\": \"probe.amount\", \"org\": \"org-00001\", \"quarter\": \"2026-Q3\", \"value\": 12.5}"))
        #expect(json.contains("\"plugin\": \"probe\""))
    }

    /// At the end of a run the plugin is told to shut down (Docs/plugin-protocol.md: `shutdown`, then its
    /// input closed); one that does not end is not waited for beyond a second (it is sent SIGTERM, then
    /// SIGKILL), and the run still succeeds. Either way the plugin has ended when `impact` has — here it
    /// starts with SIGTERM blocked, as the test runner's threads block it.
    @Test(arguments: ["good", "linger"]) func aPluginIsToldToShutDownAndNotWaitedForIfItLingers(mode: String) throws {
        let starts = try ImpactProcess.temporaryFolder() + "/starts.txt"
        let ws = try workspace(mode: mode, starts: starts)
        let began = Date()
        let result = try ImpactProcess.impact(["report", ws, "--format", "json", "--out", ws + "/out"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Date().timeIntervalSince(began) < 20, "not waited out: the lingering plugin sleeps 30 s")
        let lines = try String(contentsOfFile: starts, encoding: .utf8).split(separator: "\n").map(String.init)
        let pid = try #require(lines.first.flatMap { Int32($0) })
        #expect(lines == ["\(pid)", "shutdown \(pid)"])
        #expect(Self.ends(pid), "the plugin (process \(pid)) runs on after impact exited")
    }

    /// Whether process `pid` ends (or is a zombie that nobody reaps) within five seconds; killed if not.
    static func ends(_ pid: Int32) -> Bool {
        func running() -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            return !stat[stat.index(after: close)...].hasPrefix(" Z")
        }
        let deadline = Date().addingTimeInterval(5)
        while running() && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if running() {
            kill(pid, SIGKILL)
            return false
        }
        return true
    }

    /// A plugin run through a wrapper that does not exec it (a shell script, pyenv's `python3`) ends with
    /// the wrapper when it is stopped by signal: the whole process group is signalled, so that no plugin
    /// is left running, orphaned, after `impact` has exited. `timeout`: stopped for not answering (the
    /// run fails); `linger`: stopped for not ending after `shutdown` (the run succeeds).
    @Test(arguments: ["timeout", "linger"]) func aWrappedPluginEndsWithItsWrapper(mode: String) throws {
        let starts = try ImpactProcess.temporaryFolder() + "/starts.txt"
        let ws = try workspace(mode: mode, timeout: 2, starts: starts, wrapped: true)
        let result = try ImpactProcess.impact(["report", ws, "--format", "json", "--out", ws + "/out", "--window", "4"])
        if mode == "timeout" {
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("request 'compute 1': no answer within 2 seconds"), "\(result.stderr)")
        } else {
            #expect(result.status == 0, "\(result.stderr)")
        }
        let lines = try String(contentsOfFile: starts, encoding: .utf8).split(separator: "\n")
        let pid = try #require(lines.first.flatMap { Int32($0) })
        #expect(Self.ends(pid), "the plugin (process \(pid)) runs on after impact exited")
    }

    /// Ctrl-C while a plugin computes: `impact` exits with status 130 and ends the plugin with it,
    /// although the plugin starts with SIGTERM blocked here (inherited from the test runner's thread).
    @Test func anInterruptedRunEndsItsPlugin() throws {
        let starts = try ImpactProcess.temporaryFolder() + "/starts.txt"
        let ws = try workspace(mode: "timeout", starts: starts)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ImpactProcess.executable)
        process.arguments = ["report", ws, "--format", "json", "--out", ws + "/out"]
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        // Interrupted once the plugin has started (it then sleeps 30 s in its first compute request).
        let deadline = Date().addingTimeInterval(20)
        var pid: Int32?
        while pid == nil && Date() < deadline {
            pid = (try? String(contentsOfFile: starts, encoding: .utf8))?.split(separator: "\n").first
                .flatMap { Int32($0) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let plugin = try #require(pid)
        Thread.sleep(forTimeInterval: 0.3)
        kill(process.processIdentifier, SIGINT)
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(message)")
        #expect(message.contains("interrupted"), "\(message)")
        #expect(Self.ends(plugin), "the plugin (process \(plugin)) runs on after impact was interrupted")
    }

    @Test func aBatchOfAThousandOrganisationsStartsThePluginOnce() throws {
        let starts = try ImpactProcess.temporaryFolder() + "/starts.txt"
        let ws = try workspace(orgs: 1_000, mode: "good", starts: starts)
        let result = try ImpactProcess.impact(["report", ws, "--format", "json", "--out", ws + "/out"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: starts, encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { !$0.hasPrefix("shutdown") }.count == 1)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: ws + "/out/results.json")))
                as? [String: Any])
        let observations = try #require(json["observations"] as? [[String: Any]])
        #expect(observations.filter { $0["metric"] as? String == "probe.count" }.count == 1_000 * 8)
        // Plugin metrics are aggregated like built-ins.
        let aggregates = try #require(json["aggregates"] as? [[String: Any]])
        #expect(aggregates.contains { $0["metric"] as? String == "probe.amount" && $0["median"] as? Double == 12.5 })
    }

    /// A plugin starts with every signal's default action, whatever `impact` does with them: SIGPIPE and
    /// SIGXFSZ, which `impact` must survive, are caught, not ignored (an ignored signal would stay ignored in
    /// the plugin, and `producer | head` in a shell plugin would print "Broken pipe").
    @Test func aPluginStartsWithNoSignalIgnored() throws {
        let root = try workspace(mode: "good")
        var yml = try String(contentsOfFile: root + "/impact.yml", encoding: .utf8)
        let probe = "grep '^SigIgn:' /proc/self/status >&2; exit 3"
        yml = yml.replacingOccurrences(
            of: #"command: python3\#n    arguments: ["\#(Self.probe)"]"#,
            with: #"command: sh\#n    arguments: ["-c", "\#(probe)"]"#)
        try yml.write(toFile: root + "/impact.yml", atomically: true, encoding: .utf8)
        let result = try ImpactProcess.impact(["report", root, "--format", "json", "--out", root + "/out"])
        #expect(result.status != 0)
        // The plugin's stderr is quoted in the error: the mask of ignored signals, in hexadecimal.
        let line = try #require(result.stderr.components(separatedBy: "SigIgn:").last, "\(result.stderr)")
        let mask = try #require(UInt64(line.trimmingCharacters(in: .whitespacesAndNewlines).prefix(16), radix: 16))
        for signalNumber in [SIGPIPE, SIGXFSZ, SIGINT, SIGTERM] {
            #expect(mask & (1 << UInt64(signalNumber - 1)) == 0, "signal \(signalNumber) ignored: \(result.stderr)")
        }
    }

    @Test func theShellExamplePluginWorks() throws {
        let root = try ImpactProcess.temporaryFolder()
        #expect(
            try ImpactProcess.impact([
                "generate", root + "/ws", "--orgs", "6", "--partners", "10", "--engagements", "30", "--quarters", "6",
                "--seed", "2",
            ]).status == 0)
        let script = ImpactProcess.repository.appendingPathComponent("Examples/plugins/reporting_plugin.sh").path
        var yml = try String(contentsOfFile: root + "/ws/impact.yml", encoding: .utf8)
        yml += "plugins:\n  - command: bash\n    arguments: [\"\(script)\"]\n"
        try yml.write(toFile: root + "/ws/impact.yml", atomically: true, encoding: .utf8)
        let result = try ImpactProcess.impact(["report", root + "/ws", "--format", "json", "--out", root + "/out"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/out/results.json")))
                as? [String: Any])
        let observations = try #require(json["observations"] as? [[String: Any]])
        let mine = observations.filter { $0["metric"] as? String == "demo.months_reported" }
        let revenue = observations.filter { $0["metric"] as? String == "revenue.total" }
        #expect(mine.count == revenue.count)
        for (ours, theirs) in zip(mine, revenue) {
            // 3 exactly where the organisation reports, null (no_data) where it does not.
            #expect((ours["value"] as? Int == 3) == (theirs["reason"] as? String != "no_data"))
        }
    }

    @Test func theExampleWorkspaceShowsItsPluginAndDeclaredMetrics() throws {
        let out = try ImpactProcess.temporaryFolder()
        let result = try ImpactProcess.impact(
            [
                "report", ImpactProcess.northwind, "--org", "fjordbyte", "--out", out, "--generated-at",
                "2026-10-05T09:00:00Z",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        for title in ["Hires through partners (four quarters)", "Grants from government", "Hires per active partner"] {
            #expect(markdown.contains(title))
        }
        let catalogue = try ImpactProcess.impact(["metrics", ImpactProcess.northwind, "--format", "json"])
        #expect(catalogue.stdout.contains("\"plugin\": \"talent\""))
        #expect(catalogue.stdout.contains("\"plugin\": \"workspace\""))
    }

    @Test func aMetricIdThatIsTakenIsRefused() throws {
        let root = try ImpactProcess.temporaryFolder()
        try FileManager.default.copyItem(atPath: ImpactProcess.northwind + "/data", toPath: root + "/data")
        try "metrics:\n  - id: revenue.total\n    formula: count(engagements)\n".write(
            toFile: root + "/impact.yml", atomically: true, encoding: .utf8)
        let result = try ImpactProcess.impact(["report", root, "--format", "json", "--out", root + "/out"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: metric id 'revenue.total' is defined by both 'revenue' and 'workspace'\n")
    }

    @Test func aFormulaErrorIsReportedWithItsLineAndColumnBeforeDataIsRead() throws {
        let root = try ImpactProcess.temporaryFolder()
        // No data at all: the formula is checked first.
        try """
        name: Broken
        metrics:
          - id: w.grants
            unit: money
            formula: sum(engagements.value where knd = "grant")
          - id: revenue.total
            formula: count(engagements)

        """.write(toFile: root + "/impact.yml", atomically: true, encoding: .utf8)
        let result = try ImpactProcess.impact(["report", root, "--format", "json"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "error: impact.yml:5: metric 'w.grants': formula column 29: unknown column 'knd' of 'engagements'"),
            "\(result.stderr)")
    }
}
