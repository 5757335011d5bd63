import Foundation
import HavenDomain

/// Issue 12.2: a child as a list shows them, enough to tell two children of one name apart:
/// their age, their school, and when a concern about them was last recorded. Taken from every
/// record in the child's file (the file's own record first).
public struct ChildSummary: Sendable {
    public let record: ChildRecord
    public let age: Int?
    public let school: String?
    public let lastConcern: Date?

    /// Summaries of these files, in their order, read with a few queries whatever their number.
    static func of(_ files: [ChildRecord], today: Day, calendar: WorkingDayCalendar, in tx: any Reading)
        async throws -> [ChildSummary]
    {
        guard !files.isEmpty else { return [] }
        let records = try await tx.concerns.records(inFiles: files.map(\.id))
        let merged = Set(records.values.flatMap { $0 }).subtracting(files.map(\.id))
        let others = Dictionary(
            try await tx.concerns.children(Array(merged)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let last = try await tx.concerns.lastConcerns(about: Array(Set(records.values.flatMap { $0 })))
        return files.map { file in
            let all = [file] + (records[file.id] ?? []).compactMap { others[$0] }
            func first<T>(_ value: (ChildRecord) -> T?) -> T? { all.lazy.compactMap(value).first }
            return ChildSummary(
                record: file,
                age: first { $0.details.age(on: today, recordedOn: calendar.day(of: $0.createdAt)) },
                school: first { $0.details.school },
                lastConcern: (records[file.id] ?? [file.id]).compactMap { last[$0] }.max())
        }
    }
}
