import Foundation

/// Where a request comes from, for limits and the audit trail. Behind a reverse proxy the
/// connection comes from the proxy, and the client is in `X-Forwarded-For`; but anyone can send
/// that header, so it is believed only when the connection comes from a proxy listed in the
/// trusted-proxies setting, and only as far back as the proxies in it are trusted: reading the
/// list from the right, the first address that is not a trusted proxy is the client.
public enum ClientAddress {
    public static func resolve(peer: String?, forwardedFor: [String], trusted: TrustedProxies) -> String {
        guard let peer, !peer.isEmpty else { return "unknown" }
        guard trusted.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard let address = IPAddress(hop) else { return client }
            client = address.text
            if !trusted.contains(address.text) { return client }
        }
        return client
    }
}

/// The reverse proxies whose `X-Forwarded-For` is believed: addresses and IPv4 ranges
/// (`10.0.0.0/8`), separated by commas.
public struct TrustedProxies: Sendable, Equatable {
    public let entries: [Entry]
    public enum Entry: Sendable, Equatable {
        case address(String)
        case ipv4Range(base: UInt32, prefix: Int)
    }

    public static let none = TrustedProxies(entries: [])

    public init(entries: [Entry]) { self.entries = entries }

    /// nil if any entry is not an address or an IPv4 range.
    public init?(setting: String) {
        var entries: [Entry] = []
        for part in setting.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            if let slash = part.firstIndex(of: "/") {
                guard let base = IPAddress(String(part[..<slash]))?.ipv4,
                    let prefix = Int(part[part.index(after: slash)...]),
                    (0...32).contains(prefix)
                else { return nil }
                entries.append(.ipv4Range(base: base & Self.mask(prefix), prefix: prefix))
            } else {
                guard let address = IPAddress(part) else { return nil }
                entries.append(.address(address.text))
            }
        }
        self.entries = entries
    }

    public func contains(_ text: String) -> Bool {
        guard let address = IPAddress(text) else { return false }
        return entries.contains { entry in
            switch entry {
            case .address(let known): known == address.text
            case .ipv4Range(let base, let prefix): address.ipv4.map { $0 & Self.mask(prefix) == base } ?? false
            }
        }
    }

    static func mask(_ prefix: Int) -> UInt32 { prefix == 0 ? 0 : UInt32.max << (32 - prefix) }
}

/// An IPv4 or IPv6 address as written in a header, checked and written one way.
struct IPAddress {
    let text: String
    let ipv4: UInt32?

    init?(_ raw: String) {
        guard !raw.isEmpty, raw.utf8.count <= 45 else { return nil }
        let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4 {
            var value: UInt32 = 0
            for part in parts {
                guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), let byte = UInt8(part) else {
                    return nil
                }
                value = value << 8 | UInt32(byte)
            }
            ipv4 = value
            text = parts.map { String(UInt8($0)!) }.joined(separator: ".")
            return
        }
        // IPv6: hex digits and colons (an embedded IPv4 tail allowed), two colons at most once.
        let allowed = Set("0123456789abcdefABCDEF:.")
        guard raw.contains(":"), raw.allSatisfy({ allowed.contains($0) }), raw.components(separatedBy: "::").count <= 2
        else { return nil }
        ipv4 = nil
        text = raw.lowercased()
    }
}
