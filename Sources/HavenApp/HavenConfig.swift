import Foundation
import HavenDomain
import HavenPersistence

/// Haven's configuration, read from the environment and checked at boot. Every problem is
/// reported at once, not one per restart.
public struct HavenConfig: Sendable {
    public var database: DatabaseLocation
    public var publicURL: String
    public var auditKeyHex: String?
    public var auditKeyFile: String
    public var auditAnchorFile: String
    /// R7.4: the keys case content is sealed under (`HAVEN_DATA_KEY`, current first, comma-separated),
    /// else the key file (`HAVEN_DATA_KEY_FILE`, one key per line), made beside the database if missing.
    public var dataKeyHex: String?
    /// Issue 13.3: minutes the oldest unsent alert email may wait before the dashboard shows it in red.
    public var emailLateMinutes = 10
    public var dataKeyFile: String
    public var smtp: SMTPSettings?
    public var bcryptCost: Int
    public var timeZone: TimeZone
    /// Seconds between outbox delivery rounds (0 turns the background delivery off, as in tests).
    public var outboxInterval: Double
    /// R7.8: the Ed25519 private key that signs the daily checkpoint (made by `haven audit keygen`);
    /// kept outside the database, and outside its backups.
    public var auditSigningKeyFile: String?
    /// R7.8: addresses the daily checkpoint goes to besides everyone holding the auditor role.
    public var auditCheckpointTo: [String]
    /// R7.1: seconds between Haven's own checks of the whole audit chain (a day; 0 turns them off, as in tests).
    public var auditCheckInterval: Double
    /// R7.8: the auditors' copy of the checkpoint key's public half, for `haven audit verify --checkpoint`.
    public var auditPublicKey: String?
    /// R1.6: seconds between recordings of the count of failed sign-ins for emails with no account
    /// (a minute; 0 turns the timer off, leaving the recording at shutdown).
    public var unknownSignInsInterval: Double = 60
    /// R1.6: a session unused for this long ends (seconds; 30 minutes unless set).
    public var sessionIdleTimeout: Double = 30 * 60
    /// N1, R1.6: limits applied before the writer (`HAVEN_LIMIT_*`).
    public var limits = Limits()
    /// Reverse proxies whose `X-Forwarded-For` is believed (`HAVEN_TRUSTED_PROXIES`).
    public var trustedProxies = TrustedProxies.none
    /// Lets /metrics answer beyond this machine, to a scraper that sends it as a bearer token
    /// (`HAVEN_METRICS_TOKEN`, 32 characters or more). Without it /metrics answers on loopback only.
    public var metricsToken: String?
    /// N6: the organisation's language (`HAVEN_LANGUAGE`, a tag such as `cy`; English unless set):
    /// emails are written in it, and pages for a browser that asks for none Haven has.
    public var language = "en-GB"

    public struct SMTPSettings: Sendable {
        public var host: String
        public var port: Int
        public var from: String
        /// Issue 13.3: seconds one command may wait for the relay's reply, and one message for
        /// the whole exchange.
        public var commandTimeout: Int = 30
        public var messageTimeout: Int = 120
        /// Issue 13.3: STARTTLS before anything else is sent (required when signing in), the
        /// account Haven signs in to the relay with, and extra certificates to trust for it (a
        /// relay with a private certificate authority); otherwise the system's.
        public var startTLS = false
        public var username: String?
        public var password: String?
        public var caFile: String?

        public init(host: String, port: Int, from: String) {
            self.host = host
            self.port = port
            self.from = from
        }
    }

    public init(
        database: DatabaseLocation, publicURL: String = "http://127.0.0.1:8080", auditKeyHex: String? = nil,
        auditKeyFile: String? = nil, auditAnchorFile: String? = nil, smtp: SMTPSettings? = nil, bcryptCost: Int = 12,
        timeZone: TimeZone = TimeZone(identifier: "Europe/London")!, outboxInterval: Double = 5,
        auditSigningKeyFile: String? = nil, auditCheckpointTo: [String] = [], auditCheckInterval: Double = 86_400,
        auditPublicKey: String? = nil
    ) {
        self.database = database
        self.publicURL = publicURL
        self.auditKeyHex = auditKeyHex
        self.auditKeyFile = auditKeyFile ?? database.defaultSidecarPrefix + ".audit-key"
        self.auditAnchorFile = auditAnchorFile ?? database.defaultSidecarPrefix + ".audit-anchor"
        self.dataKeyFile = database.defaultSidecarPrefix + ".data-key"
        self.smtp = smtp
        self.bcryptCost = bcryptCost
        self.timeZone = timeZone
        self.outboxInterval = outboxInterval
        self.auditSigningKeyFile = auditSigningKeyFile
        self.auditCheckpointTo = auditCheckpointTo
        self.auditCheckInterval = auditCheckInterval
        self.auditPublicKey = auditPublicKey
    }

    /// Whether session cookies carry the Secure flag: always, unless Haven is reached over plain http.
    public var secureCookies: Bool { !publicURL.hasPrefix("http://") }

    /// Reads `HAVEN_*` variables.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws
        -> HavenConfig
    {
        var problems: [String] = []
        var database = DatabaseLocation.sqlite(path: "haven.sqlite")
        if let url = env["HAVEN_DATABASE_URL"], !url.isEmpty {
            do { database = try DatabaseLocation(url: url) } catch { problems.append("HAVEN_DATABASE_URL: \(error)") }
        }
        let publicURL = (env["HAVEN_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8080")
        if !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) {
            problems.append("HAVEN_PUBLIC_URL must start with http:// or https://")
        }
        var cost = 12
        // R1.6: a cost below 10 is for test suites only, which must say so.
        let testing = env["HAVEN_TESTING"] == "true"
        if let text = env["HAVEN_BCRYPT_COST"] {
            let lowest = testing ? 4 : 10
            if let value = Int(text), (lowest...31).contains(value) {
                cost = value
            } else {
                problems.append("HAVEN_BCRYPT_COST must be a number from \(lowest) to 31")
            }
        }
        var smtp: SMTPSettings?
        if let host = env["HAVEN_SMTP_HOST"], !host.isEmpty {
            let port = Int(env["HAVEN_SMTP_PORT"] ?? "25")
            if port == nil { problems.append("HAVEN_SMTP_PORT must be a number") }
            let from = env["HAVEN_SMTP_FROM"] ?? ""
            if EmailAddress.validated(from) == nil {
                problems.append("HAVEN_SMTP_FROM must be one email address when HAVEN_SMTP_HOST is set")
            }
            smtp = SMTPSettings(host: host, port: port ?? 25, from: from)
            switch env["HAVEN_SMTP_TLS"] ?? "" {
            case "", "none": break
            case "starttls": smtp?.startTLS = true
            default: problems.append("HAVEN_SMTP_TLS must be starttls or none")
            }
            if let username = env["HAVEN_SMTP_USERNAME"], !username.isEmpty {
                smtp?.username = username
                if let file = env["HAVEN_SMTP_PASSWORD_FILE"], !file.isEmpty {
                    if let text = try? String(contentsOfFile: file, encoding: .utf8) {
                        smtp?.password = text.trimmingCharacters(in: .newlines)
                    } else {
                        problems.append("HAVEN_SMTP_PASSWORD_FILE \(file) cannot be read")
                    }
                } else if let password = env["HAVEN_SMTP_PASSWORD"], !password.isEmpty {
                    smtp?.password = password
                } else {
                    problems.append("HAVEN_SMTP_USERNAME needs HAVEN_SMTP_PASSWORD_FILE (or HAVEN_SMTP_PASSWORD)")
                }
                if smtp?.startTLS != true {
                    problems.append(
                        "HAVEN_SMTP_USERNAME needs HAVEN_SMTP_TLS=starttls: Haven never sends a password to the relay in the clear"
                    )
                }
                if [username, smtp?.password ?? ""].contains(where: { $0.contains("\r") || $0.contains("\n") }) {
                    problems.append("HAVEN_SMTP_USERNAME and the password must be one line each")
                }
            }
            if let caFile = env["HAVEN_SMTP_CA_FILE"], !caFile.isEmpty {
                if FileManager.default.isReadableFile(atPath: caFile) {
                    smtp?.caFile = caFile
                } else {
                    problems.append("HAVEN_SMTP_CA_FILE \(caFile) cannot be read")
                }
            }
            for (name, keyPath) in [
                ("HAVEN_SMTP_COMMAND_TIMEOUT", \SMTPSettings.commandTimeout),
                ("HAVEN_SMTP_MESSAGE_TIMEOUT", \SMTPSettings.messageTimeout),
            ] {
                guard let text = env[name], !text.isEmpty else { continue }
                if let seconds = Int(text), (1...3600).contains(seconds) {
                    smtp?[keyPath: keyPath] = seconds
                } else {
                    problems.append("\(name) must be a number of seconds from 1 to 3600")
                }
            }
        }
        var emailLateMinutes = 10
        if let text = env["HAVEN_EMAIL_LATE_MINUTES"], !text.isEmpty {
            if let minutes = Int(text), (1...1440).contains(minutes) {
                emailLateMinutes = minutes
            } else {
                problems.append("HAVEN_EMAIL_LATE_MINUTES must be a number of minutes from 1 to 1440")
            }
        }
        var zone = TimeZone(identifier: "Europe/London")!
        if let name = env["HAVEN_TIMEZONE"] {
            if let value = TimeZone(identifier: name) {
                zone = value
            } else {
                problems.append("HAVEN_TIMEZONE is not a known time zone")
            }
        }
        var interval = 5.0
        if let text = env["HAVEN_OUTBOX_INTERVAL"] {
            if let value = Double(text), value >= 0 {
                interval = value
            } else {
                problems.append("HAVEN_OUTBOX_INTERVAL must be a number of seconds")
            }
        }
        var checkInterval = 86_400.0
        if let text = env["HAVEN_AUDIT_CHECK_INTERVAL"] {
            if let value = Double(text), value >= 0 {
                checkInterval = value
            } else {
                problems.append("HAVEN_AUDIT_CHECK_INTERVAL must be a number of seconds")
            }
        }
        let checkpointTo = (env["HAVEN_AUDIT_CHECKPOINT_TO"] ?? "").split(separator: ",").map(String.init).filter {
            cleaned($0) != nil
        }
        for address in checkpointTo where EmailAddress.validated(address) == nil {
            problems.append("HAVEN_AUDIT_CHECKPOINT_TO must be email addresses separated by commas")
            break
        }
        var idle = 30.0
        if let text = env["HAVEN_SESSION_IDLE_MINUTES"] {
            if let value = Double(text), (1...720).contains(value) {
                idle = value
            } else {
                problems.append("HAVEN_SESSION_IDLE_MINUTES must be a number of minutes from 1 to 720")
            }
        }
        var limits = Limits()
        let limitSettings: [(String, WritableKeyPath<Limits, Int>)] = [
            ("HAVEN_LIMIT_FAILED_SIGN_INS_PER_ADDRESS", \.failedSignInsPerAddress),
            ("HAVEN_LIMIT_FAILED_SIGN_INS_PER_MINUTE", \.failedSignInsPerMinute),
            ("HAVEN_LIMIT_CONCERNS_PER_PERSON_PER_10_MINUTES", \.concernsPerPersonPer10Minutes),
            ("HAVEN_LIMIT_LINKED_CHILDREN_PER_CONCERN", \.linkedChildrenPerConcern),
            ("HAVEN_LIMIT_REFUSALS_PER_PERSON_PER_10_MINUTES", \.refusalsPerPersonPer10Minutes),
        ]
        for (name, path) in limitSettings {
            guard let text = env[name] else { continue }
            if let value = Int(text), value >= 1 {
                limits[keyPath: path] = value
            } else {
                problems.append("\(name) must be a whole number, 1 or more")
            }
        }
        let proxies = TrustedProxies(setting: env["HAVEN_TRUSTED_PROXIES"] ?? "")
        if proxies == nil {
            problems.append(
                "HAVEN_TRUSTED_PROXIES must be IP addresses or IPv4 ranges (such as 10.0.0.0/8), separated by commas")
        }
        let metricsToken = env["HAVEN_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let metricsToken, metricsToken.count < 32 {
            problems.append("HAVEN_METRICS_TOKEN must be 32 characters or more")
        }
        let language = env["HAVEN_LANGUAGE"].flatMap { $0.isEmpty ? nil : $0 } ?? "en-GB"
        if language.count > 35 || !language.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-" || $0 == "_") }) {
            problems.append("HAVEN_LANGUAGE must be a language tag such as en-GB or cy")
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        var config = HavenConfig(
            database: database, publicURL: publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL,
            auditKeyHex: env["HAVEN_AUDIT_KEY"], auditKeyFile: env["HAVEN_AUDIT_KEY_FILE"],
            auditAnchorFile: env["HAVEN_AUDIT_ANCHOR"], smtp: smtp, bcryptCost: cost, timeZone: zone,
            outboxInterval: interval,
            auditSigningKeyFile: env["HAVEN_AUDIT_SIGNING_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 },
            auditCheckpointTo: checkpointTo.compactMap(EmailAddress.validated), auditCheckInterval: checkInterval,
            auditPublicKey: env["HAVEN_AUDIT_PUBLIC_KEY"].flatMap { $0.isEmpty ? nil : $0 })
        config.emailLateMinutes = emailLateMinutes
        config.dataKeyHex = env["HAVEN_DATA_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        if let file = env["HAVEN_DATA_KEY_FILE"], !file.isEmpty { config.dataKeyFile = file }
        config.sessionIdleTimeout = idle * 60
        config.limits = limits
        config.trustedProxies = proxies ?? .none
        config.metricsToken = metricsToken
        config.language = language
        return config
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String {
        "Haven's configuration has problems:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
