import Foundation

/// N3: where Haven's data lives: an embedded SQLite file by default, or a PostgreSQL server.
public enum DatabaseLocation: Equatable, Sendable {
    case sqlite(path: String)
    case postgres(url: String)

    /// Parses `HAVEN_DATABASE_URL`: `sqlite:///absolute/path.sqlite`, `sqlite:relative/path.sqlite`,
    /// or `postgres://user:pass@host:port/db` (also `postgresql://`).
    public init(url: String) throws {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            self = .postgres(url: url)
        } else if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw DatabaseLocationError.invalid(url) }
            self = .sqlite(path: path)
        } else if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw DatabaseLocationError.invalid(url) }
            self = .sqlite(path: path)
        } else {
            throw DatabaseLocationError.invalid(url)
        }
    }

    /// A description safe to print: the password of a PostgreSQL URL is hidden.
    public var redacted: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://…" }
            if components.password != nil { components.password = "****" }
            return components.string ?? "postgres://…"
        }
    }

    /// Where the audit key and anchor live by default: beside a SQLite file, or in the working directory.
    public var defaultSidecarPrefix: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres: return "haven"
        }
    }
}

public enum DatabaseLocationError: Error, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid: "HAVEN_DATABASE_URL must start with sqlite:// , sqlite: or postgres://"
        }
    }
}
