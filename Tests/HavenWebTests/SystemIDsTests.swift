import Foundation
import HavenApp
import Testing

@Suite("Ids from the system generator")
struct SystemIDsTests {
    @Test func uuidsAreVersionFourWithTheStandardVariantAndDoNotRepeat() {
        let ids = SystemIDs()
        var seen = Set<UUID>()
        for _ in 0..<2_000 {
            let id = ids.uuid()
            let text = id.uuidString
            #expect(Array(text)[14] == "4")
            #expect("89AB".contains(Array(text)[19]))
            #expect(UUID(uuidString: text) == id)
            seen.insert(id)
        }
        #expect(seen.count == 2_000)
    }
}
