import Logging

/// Logs that are safe at every level (issue 13.5). Haven's own messages never carry case content,
/// bodies, query strings, cookies or tokens (the log scans in the route matrix and the end-to-end
/// suite hold it to that), so they pass at every level. The libraries underneath are another
/// matter: at trace Vapor logs each HTTP part it decodes (the `Cookie` and `Authorization`
/// headers, and the body with passwords, codes and children's names, in hex), the PostgreSQL
/// driver logs each message (rows of case content) and SQLKit logs each statement with its bound
/// values; at debug FluentKit logs its queries' bound values. Those messages are dropped here,
/// whatever level was asked for, rather than redacted: no pattern could be trusted to find every
/// secret in a dump of bytes. Everything else the libraries log (connections, server start and
/// stop, errors) passes.
public struct SafeLogHandler: LogHandler {
    private var inner: any LogHandler

    public init(_ inner: any LogHandler) { self.inner = inner }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        guard Self.passes(level: event.level, source: event.source) else { return }
        inner.log(event: event)
    }

    /// Whether a message at `level` from the module `source` may be written.
    public static func passes(level: Logger.Level, source: String) -> Bool {
        if isHavens(source) { return true }
        if level == .trace { return false }
        // FluentKit's "Running query" carries each bound value, and it logs nothing else at debug
        // that Haven needs.
        if level == .debug && source == "FluentKit" { return false }
        return true
    }

    /// Haven's own modules (HavenDomain, HavenWeb, … and the `haven` executable).
    static func isHavens(_ source: String) -> Bool {
        source == "haven" || source.hasPrefix("Haven")
    }
}
