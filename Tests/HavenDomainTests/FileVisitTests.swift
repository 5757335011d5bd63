import Foundation
import HavenDomain
import Testing

/// Issue 12.8: an opening of a child's file lasts half an hour from the moment it was opened.
@Suite("Issue 12.8 one opening lasts the visit")
struct FileVisitTests {
    static let cases: [(Double, Bool)] = [
        (0, true), (60, true), (1_799, true), (1_800, false), (10_800, false),
        (-30, true),  // a clock a few seconds behind another
        (-3_600, false),  // a clock put back: not a way to keep a file open
    ]

    @Test(arguments: cases)
    func openFor(_ seconds: Double, _ open: Bool) {
        let opened = Date(timeIntervalSince1970: 1_796_000_000)
        #expect(FileVisit.isOpen(openedAt: opened, now: opened.addingTimeInterval(seconds)) == open, "\(seconds)")
    }
}
