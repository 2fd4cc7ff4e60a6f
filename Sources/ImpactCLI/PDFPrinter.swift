import Foundation
import ImpactExternal

/// Prints HTML to PDF with headless Chromium, when it is installed.
struct PDFPrinter {
    static let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// The browser to use: `$IMPACT_CHROMIUM`, or the first candidate on `PATH`.
    static func browser() -> String? {
        if let configured = ProcessInfo.processInfo.environment["IMPACT_CHROMIUM"], !configured.isEmpty {
            return configured
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in candidates {
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    func pdf(fromHTML html: String) throws -> Data {
        guard let browser = Self.browser() else {
            throw CLIError.failure(
                "--format pdf needs headless Chromium, which is not installed; install it with 'apt-get install chromium' (Debian) and run again, or set IMPACT_CHROMIUM to the browser's path"
            )
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("impact-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("report.html")
        let output = folder.appendingPathComponent("report.pdf")
        try Data(html.utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-extensions", "--no-pdf-header-footer",
            "--user-data-dir=" + folder.appendingPathComponent("profile").path,
            "--print-to-pdf=" + output.path, input.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CLIError.failure("cannot start '\(browser)' to print the PDF")
        }
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            ProcessGroup.terminate(process)
            throw CLIError.failure("'\(browser)' did not print the PDF within 120 seconds")
        }
        guard process.terminationStatus == 0, let data = try? Data(contentsOf: output),
            data.starts(with: Array("%PDF".utf8))
        else {
            throw CLIError.failure("'\(browser)' could not print the PDF (exit status \(process.terminationStatus))")
        }
        return data
    }
}
