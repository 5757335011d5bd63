import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor

/// Issue 13.6: two servers, each with its own writer and connections (as two processes have),
/// on one PostgreSQL database work as one: the audit chain stays whole, each email is claimed
/// by one of them, background work that must run once does, and a role taken away or an account
/// closed on one holds on the other at once.
@Suite("13.6 several servers on PostgreSQL")
struct SeveralServersTests {
    static var postgres: Bool { TestDatabaseKind.available.contains(.postgres) }

    static func pair(_ body: (TestHaven, TestHaven) async throws -> Void) async throws {
        try await TestHaven.with(.postgres) { first in
            let second = try await TestHaven.second(beside: first)
            do {
                try await body(first, second)
                await second.stop()
            } catch {
                await second.stop()
                throw error
            }
        }
    }

    @Test func bothServersWritingKeepOneWholeChain() async throws {
        guard Self.postgres else { return }
        try await Self.pair { first, second in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    let haven = index % 2 == 0 ? first : second
                    group.addTask { _ = try await haven.recordConcern(about: "Two Servers \(index)") }
                }
                try await group.waitForAll()
            }
            let verification = try await first.app.auditVerifier.verify(checkpoint: nil)
            #expect(verification.fault == nil, "\(String(describing: verification.fault))")
            let concerns = try await first.env.unitOfWork.read { tx in
                try await tx.concerns.count()
            }
            #expect(concerns == 40)
        }
    }

    @Test func eachEmailIsClaimedByOneServer() async throws {
        guard Self.postgres else { return }
        try await Self.pair { first, second in
            let now = first.clock.now()
            let waiting = try await first.env.unitOfWork.read { tx in try await tx.alerts.pendingEmailCount() }
            try await first.env.unitOfWork.write { tx in
                for index in 0..<60 {
                    try await tx.alerts.enqueue(
                        OutboxEmail(
                            id: UUID(), to: "dsl\(index)@example.test", subject: "Alert \(index)", body: "Open Haven.",
                            createdAt: now, nextAttemptAt: now))
                }
            }
            // Both claim and send as fast as they can, at the same time.
            let claimed = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for haven in [first, second, first, second] {
                    group.addTask {
                        var mine: [UUID] = []
                        while let email = try await haven.env.unitOfWork.write({ tx in
                            try await tx.alerts.claimNextDueEmail(at: now, until: now.addingTimeInterval(300))
                        }) {
                            mine.append(email.id)
                            try await haven.env.unitOfWork.write { tx in try await tx.alerts.markSent(email.id, at: now)
                            }
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == 60 + waiting)
            #expect(Set(claimed).count == claimed.count, "an email was claimed twice")

            // A claim made by a server that then died runs out, and the other sends the email.
            let id = UUID()
            try await first.env.unitOfWork.write { tx in
                try await tx.alerts.enqueue(
                    OutboxEmail(
                        id: id, to: "late@example.test", subject: "Alert", body: "Open Haven.", createdAt: now,
                        nextAttemptAt: now))
            }
            let taken = try await first.env.unitOfWork.write { tx in
                try await tx.alerts.claimNextDueEmail(at: now, until: now.addingTimeInterval(300))
            }
            #expect(taken?.id == id)
            let meanwhile = try await second.env.unitOfWork.write { tx in
                try await tx.alerts.claimNextDueEmail(
                    at: now.addingTimeInterval(299), until: now.addingTimeInterval(600))
            }
            #expect(meanwhile == nil)
            let after = try await second.env.unitOfWork.write { tx in
                try await tx.alerts.claimNextDueEmail(
                    at: now.addingTimeInterval(300), until: now.addingTimeInterval(600))
            }
            #expect(after?.id == id)
        }
    }

    @Test func backgroundWorkThatMustRunOnceDoes() async throws {
        guard Self.postgres else { return }
        try await Self.pair { first, second in
            let turns = [
                TakeBackgroundTurn(first.env, holder: "first"), TakeBackgroundTurn(second.env, holder: "second"),
            ]
            let taken = try await withThrowingTaskGroup(of: Bool.self) { group in
                for turn in turns + turns { group.addTask { try await turn("audit-check", for: 3600) } }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            // Taken by one server (which may take it again to go on), never by the other.
            let holder = try #require(
                try await first.env.unitOfWork.read { tx in try await tx.backgroundTurns.turn("audit-check") })
            #expect(taken.filter { $0 }.count == 2 && taken.filter { !$0 }.count == 2)
            let other = holder.holder == "first" ? turns[1] : turns[0]
            #expect(try await other("audit-check", for: 3600) == false)
            // Once the turn has run out (its server died), the other takes it.
            first.clock.advance(by: 3601)
            #expect(try await other("audit-check", for: 3600) == true)
        }
    }

    @Test func aRoleTakenAwayOrAnAccountClosedOnOneServerHoldsOnTheOtherAtOnce() async throws {
        guard Self.postgres else { return }
        try await Self.pair { first, second in
            let dsl = try await second.signIn("dsl")
            #expect(try await second.request(.GET, "/inbox", headers: dsl.cookieHeaders).status == .ok)
            let id = first.people["dsl"]!.id
            try await first.env.unitOfWork.write { tx in try await tx.people.setRoles(id, []) }
            #expect(try await second.request(.GET, "/inbox", headers: dsl.cookieHeaders).status == .forbidden)

            let manager = try await second.signIn("line_manager")
            #expect(try await second.request(.GET, "/", headers: manager.cookieHeaders).status == .ok)
            let managerID = first.people["line_manager"]!.id
            let now = first.clock.now()
            try await first.env.unitOfWork.write { tx in try await tx.people.deactivate(managerID, at: now) }
            #expect(try await second.request(.GET, "/", headers: manager.cookieHeaders).status != .ok)
        }
    }
}
