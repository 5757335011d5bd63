import Foundation
import HavenApp
import HavenTestSupport
import Testing

@Suite("Ids from the system generator")
struct SystemIDsTests {
    @Test func idsAreVersionSevenWithTheStandardVariantAndDoNotRepeat() {
        let ids = SystemIDs()
        var seen = Set<UUID>()
        for _ in 0..<2_000 {
            let id = ids.uuid()
            let text = id.uuidString
            #expect(Array(text)[14] == "7")
            #expect("89AB".contains(Array(text)[19]))
            #expect(UUID(uuidString: text) == id)
            seen.insert(id)
        }
        #expect(seen.count == 2_000)
    }

    @Test func anIdCarriesTheMillisecondItWasMadeSoLaterIdsSortAfterEarlierOnes() {
        let clock = TestClock(Date(timeIntervalSince1970: 1_795_000_000.123))
        let ids = SystemIDs(clock: clock)
        let first = ids.uuid()
        #expect(first.uuidString.lowercased().hasPrefix("01a1ee56-5e7b-7"))  // 1_795_000_000_123 ms = 0x01A1EE565E7B
        #expect(
            first.uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
                == String(1_795_000_000_123, radix: 16).leftPadded(12))
        clock.advance(by: 0.001)
        let second = ids.uuid()
        #expect(first.uuidString.lowercased() < second.uuidString.lowercased())
    }
}

extension SystemIDsTests {
    /// Secrets (tokens, keys) are random: no two draws alike, every byte value turns up, and
    /// large draws (beyond the pool) work too.
    @Test func randomBytesAreNotRepeatedAndCoverEveryValue() {
        let ids = SystemIDs()
        var seen = Set<[UInt8]>()
        var values = Set<UInt8>()
        for _ in 0..<2_000 {
            let bytes = ids.randomBytes(32)
            #expect(bytes.count == 32)
            seen.insert(bytes)
            values.formUnion(bytes)
        }
        #expect(seen.count == 2_000)
        #expect(values.count == 256)
        let large = ids.randomBytes(10_000)
        #expect(large.count == 10_000)
        #expect(Set(large).count == 256)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
