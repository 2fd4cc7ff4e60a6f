import CCmark

/// Markdown prose to HTML through the system's libcmark, in safe mode: raw HTML is replaced by a comment
/// and `javascript:`, `vbscript:`, `file:` and most `data:` links are removed. No cmark pointer outlives
/// the call.
enum CommonMark {
    static func html(_ markdown: String) -> String {
        // NUL bytes would end the C string early; the data contract refuses them in files anyway.
        let bytes = Array(markdown.utf8.filter { $0 != 0 })
        let rendered: String? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { text in
                    guard let output = cmark_markdown_to_html(text, bytes.count, CMARK_OPT_DEFAULT) else { return nil }
                    defer { free(output) }
                    return String(cString: output)
                }
            }
        }
        return rendered ?? ""
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// CommonMark rendering for tests and tools that read Markdown output back.
public enum ImpactRenderProbe {
    public static func commonMark(_ markdown: String) -> String { CommonMark.html(markdown) }
}
