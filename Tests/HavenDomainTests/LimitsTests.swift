import Foundation
import HavenDomain
import Testing

@Suite("N1, R1.6 limits and the client's address")
struct LimitsTests {
    static let proxies = TrustedProxies(setting: "10.0.0.0/8, 192.0.2.1, ::1")!

    /// (peer, X-Forwarded-For values, expected client)
    static let addresses: [(String?, [String], String)] = [
        // Not behind a listed proxy: the header is anyone's to forge, so it is ignored.
        ("198.51.100.4", ["203.0.113.9"], "198.51.100.4"),
        ("198.51.100.4", [], "198.51.100.4"),
        (nil, ["203.0.113.9"], "unknown"),
        ("", [], "unknown"),
        // Behind a listed proxy: the client it names.
        ("10.1.2.3", ["203.0.113.9"], "203.0.113.9"),
        ("192.0.2.1", ["203.0.113.9"], "203.0.113.9"),
        ("::1", ["2001:DB8::7"], "2001:db8::7"),
        // The client forged a first entry; the proxy appended the real one on the right.
        ("10.1.2.3", ["1.2.3.4, 203.0.113.9"], "203.0.113.9"),
        ("10.1.2.3", ["1.2.3.4", "203.0.113.9"], "203.0.113.9"),
        // Two listed proxies in a row: the address before them.
        ("10.1.2.3", ["203.0.113.9, 10.9.9.9"], "203.0.113.9"),
        // Only proxies: the furthest one.
        ("10.1.2.3", ["10.9.9.9"], "10.9.9.9"),
        // Nonsense in the header stops the walk at the last good address.
        ("10.1.2.3", ["evil\r\nX: y"], "10.1.2.3"),
        ("10.1.2.3", ["203.0.113.9, not-an-address"], "10.1.2.3"),
        ("10.1.2.3", ["256.1.1.1"], "10.1.2.3"),
        ("10.1.2.3", ["203.0.113.009"], "203.0.113.9"),
        // 11.x is outside 10.0.0.0/8.
        ("11.1.2.3", ["203.0.113.9"], "11.1.2.3"),
    ]

    @Test(arguments: addresses)
    func theClientAddressIsBelievedOnlyFromAListedProxy(_ peer: String?, _ forwarded: [String], _ expected: String) {
        #expect(ClientAddress.resolve(peer: peer, forwardedFor: forwarded, trusted: Self.proxies) == expected)
    }

    @Test func withNoProxiesListedTheHeaderIsNeverBelieved() {
        #expect(ClientAddress.resolve(peer: "10.1.2.3", forwardedFor: ["203.0.113.9"], trusted: .none) == "10.1.2.3")
        #expect(
            ClientAddress.resolve(
                peer: "127.0.0.1", forwardedFor: ["203.0.113.9"], trusted: TrustedProxies(setting: "")!) == "127.0.0.1")
    }

    @Test(arguments: ["10.0.0.0/33", "10.0.0.0/x", "example.org", "10.0.0", "1.2.3.4/8/8", "fe80::1/64"])
    func aSettingThatIsNotAddressesIsRefused(_ setting: String) {
        #expect(TrustedProxies(setting: setting) == nil)
    }

    @Test func aSlidingWindowForgetsOldEventsAndBoundsItsKeys() {
        var window = SlidingWindow(window: 60, maxKeys: 3)
        let start = Date(timeIntervalSince1970: 1_000_000)
        window.add("a", at: start)
        window.add("a", at: start.addingTimeInterval(30))
        #expect(window.count("a", now: start.addingTimeInterval(59)) == 2)
        #expect(window.count("a", now: start.addingTimeInterval(61)) == 1)
        for key in ["b", "c", "d", "e"] { window.add(key, at: start.addingTimeInterval(70)) }
        let kept = ["a", "b", "c", "d", "e"].filter { window.count($0, now: start.addingTimeInterval(71)) > 0 }
        #expect(kept.count <= 3)
        #expect(kept.contains("e"))
        window.remove("e", at: start.addingTimeInterval(70))
        #expect(window.count("e", now: start.addingTimeInterval(71)) == 0)
    }

    /// A person's recordings are counted in ten slices of a minute: a million events cost ten
    /// numbers, the count forgets what is older than the window, and never undercounts it.
    @Test func aBucketedCountStaysSmallAndForgetsOldSlices() {
        var count = BucketedCount(window: 600)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for index in 0..<100_000 { count.add("p", at: start.addingTimeInterval(Double(index) / 1000)) }
        #expect(count.count("p", now: start.addingTimeInterval(100)) == 100_000)
        #expect(count.count("p", now: start.addingTimeInterval(599)) == 100_000)
        #expect(count.count("p", now: start.addingTimeInterval(721)) == 0)
        #expect(count.count("q", now: start) == 0)
    }

    @Test func aConcernNamesAtMostTheLimitOfOtherChildren() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func draft(_ count: Int) -> ConcernDraft {
            ConcernDraft(
                child: ChildDetails(name: "Ione Limit", approximateAge: 9), howItArose: .observed, occurredAt: now,
                location: nil,
                account: "Seen with a bruise.", categories: [.physicalAbuse],
                linkedChildren: (0..<count).map { LinkedChild(name: "Sibling \($0)", relationship: nil) })
        }
        var limits = Limits()
        #expect(draft(20).validationErrors(now: now, limits: limits).isEmpty)
        #expect(draft(21).validationErrors(now: now, limits: limits).map(\.field) == ["linkedChildren"])
        limits.linkedChildrenPerConcern = 2
        #expect(draft(3).validationErrors(now: now, limits: limits).map(\.field) == ["linkedChildren"])
    }
}
