import HavenApp
import Logging
import Testing

/// Issue 13.5: what reaches the log at each level, by who logged it. The libraries' trace
/// messages (HTTP parts with their headers and bodies, database messages with their rows, SQL
/// with its bound values) and FluentKit's queries at debug never do; Haven's own always do.
@Suite struct SafeLogHandlerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let source: String
        let level: Logger.Level
        let passes: Bool
        var testDescription: String { "\(source) at \(level)" }
    }

    static let cases: [Case] = [
        Case(source: "Vapor", level: .trace, passes: false),
        Case(source: "PostgresNIO", level: .trace, passes: false),
        Case(source: "SQLiteNIO", level: .trace, passes: false),
        Case(source: "SQLKit", level: .trace, passes: false),
        Case(source: "NIOPosix", level: .trace, passes: false),
        Case(source: "FluentKit", level: .debug, passes: false),
        Case(source: "FluentKit", level: .trace, passes: false),
        Case(source: "FluentKit", level: .info, passes: true),
        Case(source: "Vapor", level: .debug, passes: true),
        Case(source: "PostgresNIO", level: .debug, passes: true),
        Case(source: "Vapor", level: .error, passes: true),
        Case(source: "HavenPersistence", level: .trace, passes: true),
        Case(source: "HavenWeb", level: .trace, passes: true),
        Case(source: "haven", level: .trace, passes: true),
        Case(source: "HavenApp", level: .debug, passes: true),
        // A library whose name merely contains Haven's is still a library.
        Case(source: "NotHavenKit", level: .trace, passes: false),
    ]

    @Test(arguments: cases) func passesOnlyWhatCarriesNoBytes(_ c: Case) {
        #expect(SafeLogHandler.passes(level: c.level, source: c.source) == c.passes)
    }

    /// Through a real `Logger`: a library's trace message with a cookie never reaches the handler
    /// behind, and Haven's own does.
    @Test func aLibrarysTraceNeverReachesTheHandlerBehind() {
        let kept = Kept()
        var logger = Logger(label: "test") { _ in SafeLogHandler(KeepingHandler(kept: kept)) }
        logger.logLevel = .trace
        logger.trace("Decoded HTTP part: Cookie: haven_session=secret", source: "Vapor")
        logger.debug("Running query", metadata: ["input": "Secret Child"], source: "FluentKit")
        logger.trace("batch committed", source: "HavenPersistence")
        #expect(kept.lines == ["batch committed"])
    }
}

private final class Kept: @unchecked Sendable {
    var lines: [String] = []
}

private struct KeepingHandler: LogHandler {
    let kept: Kept
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) { kept.lines.append("\(event.message)") }
}
