import Foundation

/// Issue 12.8, R7.7: one opening of a child's file lasts the visit. The reason is asked, and
/// the opening audited, once; for half an hour from then, in the same session, paging, filtering
/// or coming back to the file neither asks again nor logs another opening. After that, or in
/// another session, the file is opened again with a reason.
public enum FileVisit {
    public static let lasts: TimeInterval = 30 * 60

    /// Whether a file opened at `openedAt` is still open at `now` (a clock put back does not
    /// keep it open).
    public static func isOpen(openedAt: Date, now: Date) -> Bool {
        now >= openedAt.addingTimeInterval(-60) && now.timeIntervalSince(openedAt) < lasts
    }
}
