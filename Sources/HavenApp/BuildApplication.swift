import Fluent
import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import HavenWeb
import NIOSSL
import Vapor

/// The one composition root: `haven` and every test build the application here.
public enum Haven {
    /// Configures `app` for `config`. Logging is bootstrapped by the caller (once per process).
    public static func configure(
        _ app: Application, config: HavenConfig, clock: any Now = SystemClock(),
        ids: any IDs = SystemIDs()
    ) async throws {
        // Requests and database handles all take their logger from this one. At trace the
        // database drivers log every message they receive, rows of case content included (found
        // by the route matrix's log check): the process's log handler drops those
        // (`SafeLogHandler`, installed by `haven` and the tests alike).
        if CommandsWithoutDatabase.contains(app.environment.arguments.dropFirst()) {
            registerCommands(app)
            return
        }
        try HavenDatabase.register(config.database, on: app.databases)
        app.migrations.add(HavenDatabase.migrations, to: HavenDatabase.id)
        let databases = app.databases
        let logger = app.logger
        let group = app.eventLoopGroup
        let makeDatabase: @Sendable () -> any Database = {
            databases.database(HavenDatabase.id, logger: logger, on: group.any())!
        }
        // Issue 13.2: a backup is restored with the keys it was made under, never new ones, and
        // before anything opens the (empty) database.
        let restoring = app.environment.arguments.dropFirst().first == "restore"
        if restoring {
            try RestoreKeys.check(config)
        }
        // A command that reads or changes what is there never makes a new, empty database (and
        // keys for it) because HAVEN_DATABASE_URL was wrong or unset: a backup of it would be empty.
        if let command = app.environment.arguments.dropFirst().first,
            ["backup", "audit", "keys", "user"].contains(command),
            case .sqlite(let path) = config.database, !FileManager.default.fileExists(atPath: path)
        {
            throw ConfigurationError(problems: [
                "there is no database at \(path): is HAVEN_DATABASE_URL right? (`haven migrate` makes a new one)"
            ])
        }
        let anchor = AuditAnchor(path: config.auditAnchorFile)
        if !restoring {
            try await AuditAnchorPlace.check(
                anchor, file: config.auditAnchorFile, database: config.database,
                arguments: Array(app.environment.arguments.dropFirst()),
                events: { try await HavenDatabase.auditEventCount(config.database, pooled: makeDatabase) })
        }
        // R7.1: a key file is made only for a chain with no events; a lost key is never replaced.
        let key = try await AuditKey.forChain(
            hex: config.auditKeyHex, file: config.auditKeyFile,
            events: { restoring ? 1 : try await HavenDatabase.auditEventCount(config.database, pooled: makeDatabase) },
            random: { ids.randomBytes(32) })
        let chain = AuditChain(key: key)
        // R7.4: likewise, a data key is made only for a database with nothing sealed yet.
        let dataKeys = try await DataKeyRing.forDatabase(
            hex: config.dataKeyHex, file: config.dataKeyFile,
            sealed: {
                restoring
                    ? 1 : try await HavenDatabase.rowCount(of: "data_sealing", config.database, pooled: makeDatabase)
            },
            random: { ids.randomBytes(32) })
        let sealer = DataSealer(ring: dataKeys)
        let keyLogger = app.logger
        dataKeys.problems = { keyLogger.error("\($0)") }
        let anchorHealth = AuditAnchorHealth()
        let catalogues = try Catalogues.bundled()
        let unitOfWork = HavenDatabase.unitOfWork(
            database: makeDatabase, chain: chain, clock: clock, anchor: anchor, anchorHealth: anchorHealth,
            sealer: sealer)
        app.haven = HavenEnvironment(
            unitOfWork: unitOfWork, clock: clock, ids: ids, passwords: BcryptPasswords(cost: config.bcryptCost),
            calendar: WorkingDayCalendar(timeZone: config.timeZone), publicURL: config.publicURL,
            catalogues: catalogues)
        guard let language = catalogues.catalogue(for: config.language) else {
            throw ConfigurationError(problems: ["HAVEN_LANGUAGE: Haven has no words in \(config.language)"])
        }
        app.haven.words = language
        app.haven.sessionIdleTimeout = config.sessionIdleTimeout
        app.haven.emailConfigured = config.smtp != nil
        app.haven.emailLateAfter = TimeInterval(config.emailLateMinutes * 60)
        app.haven.limits = config.limits
        app.haven.trustedProxies = config.trustedProxies
        let appLogger = app.logger
        app.haven.problems = { appLogger.error("\($0)") }
        app.webSettings = WebSettings(secureCookies: config.secureCookies)
        app.formSealer = KeptFormSealer(secret: key)
        app.auditVerifier = FluentAuditChainVerifier(
            database: makeDatabase, chain: chain, anchor: anchor, health: anchorHealth)
        app.storage[AuditSetupKey.self] = AuditSetup(chain: chain, anchor: anchor, key: key)
        app.storage[ConfigKey.self] = config
        app.storage[SealerKey.self] = sealer
        app.metricsExposition = HavenMetrics.exposition(token: config.metricsToken)
        let verifier = app.auditVerifier
        let readiness = ReadReadiness(
            app.haven, verifier: verifier,
            database: { try await HavenDatabase.checkDurability(makeDatabase()) },
            anchorWritable: { anchor.isWritable() }, auditInterval: config.auditCheckInterval)
        app.readinessProbe = ReadinessProbe(token: config.metricsToken) { _ in await readiness() }
        try HavenWeb.configure(app)
        registerCommands(app)
        if !restoring { app.lifecycle.use(BootPreparation()) }
        app.lifecycle.use(WriterShutdown(unitOfWork: unitOfWork))
        // Background work belongs to the server, not to a command run beside it (`haven demo`,
        // `haven audit checkpoint`): Vapor boots the application for every command.
        let arguments = app.environment.arguments.dropFirst()
        let serving = arguments.first.map { $0 == "serve" || $0.hasPrefix("-") } ?? true
        // Issue 13.6: one server per SQLite file; the lock lasts as long as the application.
        if serving { app.storage[ServeLockKey.self] = try ServeLock.acquire(for: config.database) }
        // Registered after the writer's shutdown, so it is shut down before it (Vapor goes in reverse).
        if serving { app.lifecycle.use(SignInWatch(interval: config.unknownSignInsInterval)) }
        if serving {
            AnchorAlarm.install(
                app, health: anchorHealth, signingKeyFile: config.auditSigningKeyFile, alsoTo: config.auditCheckpointTo,
                server: ServerName.this)
        }
        if serving && config.auditCheckInterval > 0 {
            app.lifecycle.use(
                AuditWatch(
                    interval: config.auditCheckInterval, signingKeyFile: config.auditSigningKeyFile,
                    alsoTo: config.auditCheckpointTo, server: ServerName.this))
        }
        if serving && config.smtp == nil {
            app.logger.warning(
                "alert email is not set up (HAVEN_SMTP_HOST): alerts reach people only when they open Haven, and the DSL's dashboard says so"
            )
        }
        if serving, let smtp = config.smtp, config.outboxInterval > 0 {
            var client = SMTPClient(host: smtp.host, port: smtp.port, from: smtp.from, group: app.eventLoopGroup)
            client.commandDeadline = .seconds(Int64(smtp.commandTimeout))
            client.messageDeadline = .seconds(Int64(smtp.messageTimeout))
            if smtp.startTLS {
                var tls = TLSConfiguration.makeClientConfiguration()
                tls.minimumTLSVersion = .tlsv12
                if let caFile = smtp.caFile { tls.additionalTrustRoots = [.file(caFile)] }
                client.tls = try NIOSSLContext(configuration: tls)
            }
            if let username = smtp.username, let password = smtp.password {
                client.signIn = SMTPSignIn(username: username, password: password)
            }
            app.lifecycle.use(
                OutboxService(
                    interval: config.outboxInterval, transport: client, claimLease: Double(smtp.messageTimeout) + 30))
        }
    }

    static func registerCommands(_ app: Application) {
        app.asyncCommands.use(MigrateCommand(), as: "migrate")
        app.asyncCommands.use(DemoCommand(), as: "demo")
        app.asyncCommands.use(AuditCommands.group, as: "audit")
        app.asyncCommands.use(UserCommands.group, as: "user")
        app.asyncCommands.use(KeyCommands.group, as: "keys")
        app.asyncCommands.use(BackupCommand(), as: "backup")
        app.asyncCommands.use(RestoreCommand(), as: "restore")
    }

    /// N1: migrations, WAL and the durability check, run before serving and by every command.
    public static func prepareDatabase(_ app: Application) async throws {
        try await HavenDatabase.prepareFile(app.storage[ConfigKey.self]!.database)
        // Issue 13.7: servers started together upgrade one at a time; a database upgraded by a
        // newer Haven is refused before anything is changed.
        let database = app.db(HavenDatabase.id)
        let sealer = app.storage[SealerKey.self]!
        let now = app.haven.clock.now()
        let report = try await SchemaUpgrade.oneAtATime(on: database) {
            try await SchemaUpgrade.refuseNewer(database, known: HavenDatabase.migrations)
            try await app.autoMigrate()
            try await HavenDatabase.checkDurability(database)
            // Issue 13.1: case content stored before sealing, or under an earlier key, is sealed
            // under the current key before anything is served.
            return try await DataSealing.sealEverything(on: database, with: sealer, now: now)
        }
        if report.sealed + report.resealed > 0 {
            app.logger.notice(
                "case content sealed under the current data key",
                metadata: ["sealed": "\(report.sealed)", "resealed": "\(report.resealed)"])
        }
        if report.letGo > 0 {
            app.logger.warning(
                "emails waiting in the outbox that were not sealed, or did not open, were withdrawn, not sent",
                metadata: ["emails": "\(report.letGo)"])
        }
    }
}

struct AuditSetup: Sendable {
    let chain: AuditChain
    let anchor: AuditAnchor
    /// The audit key itself: a backup's manifest is sealed under it as well as the data key.
    let key: [UInt8]
}

struct AuditSetupKey: StorageKey { typealias Value = AuditSetup }
struct ConfigKey: StorageKey { typealias Value = HavenConfig }

/// Issue 13.6: this process, among the servers sharing a database: host, process id and a random
/// part (a process id is reused after a restart).
enum ServerName {
    static let this =
        "\(ProcessInfo.processInfo.hostName) \(ProcessInfo.processInfo.processIdentifier) \(UUID().uuidString.prefix(8))"
}
struct ServeLockKey: StorageKey { typealias Value = ServeLock }
struct SealerKey: StorageKey { typealias Value = DataSealer }

/// Migrates and checks durability before the server starts listening.
struct BootPreparation: LifecycleHandler {
    func willBootAsync(_ app: Application) async throws {
        try await Haven.prepareDatabase(app)
        try await AuditAnchorStart.noteIfBegunAgain(app)
        // Invented demo accounts: every page says so, and a server reached over https says so loudly.
        let people = try await app.haven.unitOfWork.read { tx in try await tx.people.all() }
        let demo = people.contains { $0.email.hasSuffix(DemoCommand.domain) && $0.isActive(at: app.haven.clock.now()) }
        app.webSettings.isDemo = demo
        if let setup = app.storage[AuditSetupKey.self], setup.anchor.ownedByThisProcess() {
            app.logger.warning(
                "the audit anchor belongs to the account Haven runs as: whoever can use that account could trim it with the newest events. In production give it to another user and make it append-only (docs/audit-format.md)."
            )
        }
        if demo && app.webSettings.secureCookies {
            app.logger.critical(
                "DEMO ACCOUNTS EXIST in this database (people at demo.haven.test) and Haven is served over https: anyone who saw `haven demo` print their passwords can sign in. Deactivate them, or use a fresh database for real records."
            )
        }
    }
}

/// Closes the writer's own database connection when the application shuts down.
struct WriterShutdown: LifecycleHandler {
    let unitOfWork: FluentUnitOfWork
    func shutdownAsync(_ app: Application) async { unitOfWork.close() }
}

extension Application {
    /// R7.4: the sealer case content is stored under (for `haven keys` and tests).
    public var dataSealer: DataSealer { storage[SealerKey.self]! }
}
