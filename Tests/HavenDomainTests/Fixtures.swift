import Foundation

@testable import HavenDomain

func pid(_ n: Int) -> PersonID { PersonID(UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!) }

func utc(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    return formatter.date(from: text)!
}
