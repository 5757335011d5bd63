import FluentKit
import Foundation
import HavenApp
import HavenDomain
import HavenFeatures
import HavenPersistence
import HavenTestSupport
import SQLKit
import Testing
import Vapor

/// Issue 13.1, R7.4: case content and second-factor secrets are sealed in the database under a
/// data key kept outside it, each value bound to its row; rows from before are sealed when
/// Haven starts; a key is rotated while serving; a lost key is never silently replaced.
@Suite("R7.4 case content sealed at rest")
struct DataSealingTests {
    static let phrase = "Zephyrine-marmalade-7731"

    func sql(_ haven: TestHaven) -> any SQLDatabase { haven.app.db(HavenDatabase.id) as! any SQLDatabase }

    struct Value: Decodable {
        let row: String
        let value: String?
    }

    /// Every stored value of `column`, as the database holds it.
    func stored(_ haven: TestHaven, _ table: String, _ column: String, row: String = "id") async throws -> [Value] {
        try await sql(haven).raw(
            "SELECT \(ident: row) AS row, \(ident: column) AS value FROM \(ident: table) ORDER BY \(ident: row)"
        ).all(decoding: Value.self)
    }

    /// Everything on disk for a SQLite database: the file and its write-ahead log.
    func fileBytes(_ haven: TestHaven) -> Data? {
        guard case .sqlite(let path) = haven.config.database else { return nil }
        var bytes = Data()
        for file in [path, path + "-wal"] { bytes += FileManager.default.contents(atPath: file) ?? Data() }
        return bytes
    }

    @Test(arguments: TestDatabaseKind.available)
    func caseContentAndSecondFactorsAreSealed(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let recorded = try await haven.recordConcern(
                about: "Saoirse Quill", account: "She said \(Self.phrase) was the word her uncle used.")
            let concern = try await haven.env.unitOfWork.read { tx in
                try await tx.concerns.find(recorded.receipt.concernID)
            }
            #expect(concern?.content.account.contains(Self.phrase) == true)

            let contents = try await stored(haven, "concerns", "content")
            let details = try await stored(haven, "children", "details")
            let secrets = try await stored(haven, "people", "totp_secret").compactMap(\.value)
            #expect(!contents.isEmpty && !details.isEmpty && !secrets.isEmpty)
            for value in contents.compactMap(\.value) + details.compactMap(\.value) + secrets {
                #expect(value.hasPrefix("hv1:" + haven.sealer.ring.current.id + ":"))
                #expect(!value.contains(Self.phrase) && !value.contains("Saoirse"))
            }
            if let bytes = fileBytes(haven) {
                #expect(bytes.range(of: Data(Self.phrase.utf8)) == nil, "the phrase is in the SQLite file in plain")
            }

            // The digest kept with a submission key could confirm a guess at the answers: sealed too,
            // and a repeat is still told apart from an edited page.
            let person = haven.people["reporter"]!
            let actor = Actor(person: person.id, roles: [.reporter], secondFactorPassed: false)
            let draft = ConcernDraft(
                child: ChildDetails(name: "Keyed Child", approximateAge: 9), howItArose: .disclosedByChild,
                occurredAt: haven.clock.now(), location: "Hall", account: "Keyed, \(Self.phrase).",
                categories: [.neglect], immediateDanger: false)
            let key = try #require(SubmissionKey("sealing-test-key-0001"))
            let once = try await RecordConcern(haven.env)(draft, submission: key, by: actor)
            let twice = try await RecordConcern(haven.env)(draft, submission: key, by: actor)
            #expect(twice.repeated && twice.receipt.concernID == once.receipt.concernID)
            let digests = try await stored(haven, "concern_submissions", "fingerprint", row: "concern_id")
            #expect(digests.count == 1)
            #expect(digests.allSatisfy { $0.value?.hasPrefix("hv1:") == true && $0.value != draft.fingerprint })
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aValueMovedToAnotherRowDoesNotOpen(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let first = try await haven.recordConcern(about: "Ines Okafor", account: "First account, \(Self.phrase).")
            let second = try await haven.recordConcern(about: "Tomasz Lee")
            try await sql(haven).raw(
                """
                UPDATE concerns SET content = (SELECT content FROM concerns WHERE id = \(bind: first.receipt.concernID.description)) \
                WHERE id = \(bind: second.receipt.concernID.description)
                """
            ).run()
            await #expect(throws: SealingError.self) {
                _ = try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(second.receipt.concernID) }
            }
            let still = try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(first.receipt.concernID)
            }
            #expect(still?.content.account.contains(Self.phrase) == true)

            // A row moved to another child, or to another author, does not open either.
            let firstID = first.receipt.concernID
            let values = try await haven.storedValues("concerns", "content")
            let original = try #require(values.first { $0.place.row == firstID.description })
            let other = try #require(values.first { $0.place.row == second.receipt.concernID.description })
            for (column, value) in [
                ("child_id", other.place.bound[0]),
                ("recorded_by", haven.people["dsl"]!.id.description),
            ] {
                try await sql(haven).raw(
                    "UPDATE concerns SET \(ident: column) = \(bind: value) WHERE id = \(bind: firstID.description)"
                ).run()
                await #expect(throws: SealingError.self, "moved by \(column)") {
                    _ = try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(firstID) }
                }
                try await sql(haven).raw(
                    """
                    UPDATE concerns SET child_id = \(bind: original.place.bound[0]), \
                    recorded_by = \(bind: original.place.bound[1]) WHERE id = \(bind: firstID.description)
                    """
                ).run()
            }
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(firstID) } != nil)
        }
    }

    /// Once everything is sealed, a value in plain was written by someone without the key: it is
    /// refused, never sealed as if it were genuine; nor can the record of sealing be edited or
    /// removed to let it in.
    @Test(arguments: TestDatabaseKind.available)
    func aForgedPlainValueIsRefusedNotSealed(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let recorded = try await haven.recordConcern(about: "Ruth Amadi")
            let id = recorded.receipt.concernID.description
            let stored = try #require(try await haven.storedValues("concerns", "content").first { $0.place.row == id })
            let plain = try haven.sealer.open(try #require(stored.value), in: stored.place)
            try await sql(haven).raw("UPDATE concerns SET content = \(bind: plain) WHERE id = \(bind: id)").run()
            let database = haven.app.db(HavenDatabase.id)
            for tamper in [
                "SELECT 1", "UPDATE data_sealing SET sealed_since = NULL, complete = false",
                "DELETE FROM data_sealing",
            ] {
                try await sql(haven).raw(SQLQueryString(tamper)).run()
                // Twice: the first refusal must not leave a record that lets the second seal it.
                for _ in 0..<2 {
                    await #expect(throws: SealingError.self, "\(tamper)") {
                        try await DataSealing.sealEverything(
                            on: database, with: haven.sealer, now: haven.clock.now(), force: true)
                    }
                }
            }
            let after = try await haven.storedValues("concerns", "content").first { $0.place.row == id }
            #expect(after?.value == plain, "the forged value was sealed")
        }
    }

    /// A key file reached through a symbolic link is changed where it lives: the link stays a
    /// link, and no copy of the keys is left beside it.
    @Test func aLinkedKeyFileIsRotatedWhereItLives() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("haven-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("secure-data-key").path
        let link = folder.appendingPathComponent("data-key").path
        try (String(repeating: "2c", count: 32) + "\n").write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let ring = try #require(try DataKeyRing.existing(hex: nil, file: link))
        _ = try ring.rotate(to: Array(repeating: 0x3d, count: 32))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8).split(separator: "\n").count == 2)
    }

    /// Two rotations at once take turns: neither drops the other's key, and everything opens
    /// with the keys in the file afterwards.
    @Test(arguments: TestDatabaseKind.available)
    func twoRotationsAtOnceLoseNoKey(_ kind: TestDatabaseKind) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("haven-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("data-key").path
        try await TestHaven.with(
            kind,
            configure: {
                $0.dataKeyHex = nil
                $0.dataKeyFile = keyFile
            }
        ) { haven in
            _ = try await haven.recordConcern(about: "Pita Rowe", account: "Rotated twice, \(Self.phrase).")
            let database = haven.app.db(HavenDatabase.id)
            let now = haven.clock.now()
            @Sendable func rotate(_ ring: DataKeyRing) async throws {
                try await ring.whileLocked {
                    _ = try ring.rotate(to: (0..<32).map { _ in UInt8.random(in: 0...255) })
                    try await DataSealing.sealEverything(
                        on: database, with: DataSealer(ring: ring), now: now, force: true)
                }
            }
            let first = try #require(try DataKeyRing.existing(hex: nil, file: keyFile))
            let second = try #require(try DataKeyRing.existing(hex: nil, file: keyFile))
            async let a: Void = rotate(first)
            async let b: Void = rotate(second)
            _ = try await (a, b)
            let after = try #require(try DataKeyRing.existing(hex: nil, file: keyFile))
            #expect(after.all.count == 3)
            for stored in try await haven.storedValues("concerns", "content") {
                _ = try DataSealer(ring: after).open(try #require(stored.value), in: stored.place)
            }
            try await DataSealing.sealEverything(on: database, with: DataSealer(ring: after), now: now)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func rowsStoredInPlainBeforeAreSealedWhenHavenStarts(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let recorded = try await haven.recordConcern(about: "Noor Haddad", account: "Plain before: \(Self.phrase).")
            let sealer = haven.sealer
            // As a database from before sealing holds them: in plain, and no key named.
            for column in [
                ("concerns", "content"), ("children", "details"), ("people", "totp_secret"), ("outbox", "body"),
            ] {
                try await haven.storeInPlain(column.0, column.1)
            }
            try await sql(haven).raw("DELETE FROM data_sealing").run()
            #expect(try await stored(haven, "concerns", "content").first?.value?.contains(Self.phrase) == true)

            let report = try await DataSealing.sealEverything(
                on: haven.app.db(HavenDatabase.id), with: sealer, now: haven.clock.now(), pageSize: 2)
            #expect(report.sealed >= 3)
            #expect(report.resealed == 0)
            for value in try await stored(haven, "concerns", "content").compactMap(\.value) {
                #expect(value.hasPrefix("hv1:"))
            }
            let concern = try await haven.env.unitOfWork.read { tx in
                try await tx.concerns.find(recorded.receipt.concernID)
            }
            #expect(concern?.content.account.contains(Self.phrase) == true)
            // Signing in still opens the second factor's secret.
            _ = try await haven.signIn("dsl")
            // The plain text is not left in the file's free pages or its log.
            if let bytes = fileBytes(haven) {
                #expect(bytes.range(of: Data(Self.phrase.utf8)) == nil, "plain text left in the SQLite file")
            }
            // Once complete, a second start reads nothing.
            let again = try await DataSealing.sealEverything(
                on: haven.app.db(HavenDatabase.id), with: sealer, now: haven.clock.now())
            #expect(!again.passed && again.sealed == 0)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aKeyIsRotatedWhileAnotherServerReadsTheSameKeyFile(_ kind: TestDatabaseKind) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("haven-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("data-key").path
        try await TestHaven.with(
            kind,
            configure: {
                $0.dataKeyHex = nil
                $0.dataKeyFile = keyFile
            }
        ) { haven in
            let recorded = try await haven.recordConcern(
                about: "Ayo Brennan", account: "Before rotation, \(Self.phrase).")
            let ring = haven.app.dataSealer.ring
            let old = ring.current.id
            #expect(try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int == 0o600)
            // Another server, started from the same key file before the rotation.
            let other = try #require(try DataKeyRing.existing(hex: nil, file: keyFile))

            // Readable by Haven's group, as the operator set it: a rotation keeps that.
            chmod(keyFile, 0o640)
            let new = try ring.rotate(to: (0..<32).map { _ in UInt8.random(in: 0...255) })
            #expect(try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int == 0o640)
            #expect(new.id != old)
            let report = try await DataSealing.sealEverything(
                on: haven.app.db(HavenDatabase.id), with: haven.app.dataSealer, now: haven.clock.now(), force: true)
            #expect(report.resealed >= 2)
            for value in try await stored(haven, "concerns", "content").compactMap(\.value) {
                #expect(value.hasPrefix("hv1:\(new.id):"))
            }
            // The other server opens what is now sealed under the new key, and takes it up for sealing.
            let content = try #require(try await haven.storedValues("concerns", "content").first)
            let opened = try DataSealer(ring: other).open(try #require(content.value), in: content.place)
            #expect(opened.contains(Self.phrase))
            #expect(other.current.id == new.id)

            // Retiring keeps only the key everything was checked to be under: if the file has
            // moved on meanwhile, nothing is removed.
            #expect(throws: DataKeyError.changedMeanwhile(keyFile)) { try ring.retireEarlierKeys(keeping: old) }
            try ring.retireEarlierKeys(keeping: new.id)
            #expect(ring.all.map(\.id) == [new.id])
            let text = try String(contentsOfFile: keyFile, encoding: .utf8)
            #expect(text.split(separator: "\n").count == 1)
            // Each key's line notes its id, so that a backed-up key file can be matched to a database.
            #expect(text.contains("  # id \(new.id), current"))
            let concern = try await haven.env.unitOfWork.read { tx in
                try await tx.concerns.find(recorded.receipt.concernID)
            }
            #expect(concern?.content.account.contains(Self.phrase) == true)
            _ = try await haven.signIn("dsl")
        }
    }

    func start(_ config: HavenConfig) async throws -> Application { try await TestHaven.application(config) }

    @Test(arguments: TestDatabaseKind.available)
    func aLostOrWrongDataKeyStopsHavenInsteadOfBeingReplaced(_ kind: TestDatabaseKind) async throws {
        let database = try await TestDatabase.make(kind)
        defer { Task { await database.destroy() } }
        var config = HavenConfig(
            database: database.location, publicURL: "http://haven.test", auditKeyHex: TestHaven.auditKeyHex,
            auditAnchorFile: database.directory.appendingPathComponent("audit-anchor").path, bcryptCost: 4,
            outboxInterval: 0, auditCheckInterval: 0)
        let keyFile = database.directory.appendingPathComponent("data-key").path
        config.dataKeyFile = keyFile
        let first = try await start(config)
        #expect(first.dataSealer.ring.madeNow)
        _ = try await ManagePeople(first.haven).create(
            name: "Key Person", email: "key@example.org", password: "a-long-enough-password",
            kind: "staff", roles: [], by: nil)
        try await first.haven.unitOfWork.write { tx in
            let person = try #require(try await tx.people.credentials(email: "key@example.org"))
            try await tx.people.setSecondFactor(
                person.person.id, secret: Array(repeating: 7, count: 20), recoveryCodeHashes: [])
        }
        try await first.asyncShutdown()
        let key = try String(contentsOfFile: keyFile, encoding: .utf8)

        try FileManager.default.removeItem(atPath: keyFile)
        await #expect(throws: DataKeyError.missing(file: keyFile)) {
            let app = try await start(config)
            try await app.asyncShutdown()
        }
        #expect(!FileManager.default.fileExists(atPath: keyFile))

        // Another key entirely: what is sealed does not open, and Haven says so before serving.
        config.dataKeyHex = String(repeating: "17", count: 32)
        let given = DataKeyRing([Array(repeating: 0x17, count: 32)]).current.id
        do {
            let app = try await start(config)
            try await app.asyncShutdown()
            Issue.record("Haven started under a key that opens nothing")
        } catch let error as DataKeyError {
            // It names the key wanted and the keys given, by id.
            #expect(String(describing: error).contains("(ids \(given))"), "\(error)")
        }

        config.dataKeyHex = nil
        try key.write(toFile: keyFile, atomically: true, encoding: .utf8)
        let restored = try await start(config)
        #expect(!restored.dataSealer.ring.madeNow)
        let person = try await restored.haven.unitOfWork.read { tx in
            try await tx.people.credentials(email: "key@example.org")
        }
        try await restored.asyncShutdown()
        #expect(person?.person.name == "Key Person")
        #expect(person?.totpSecret == Array(repeating: 7, count: 20))
    }
}
