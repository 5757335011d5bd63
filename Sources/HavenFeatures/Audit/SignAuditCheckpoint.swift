import Foundation
import HavenDomain

/// R7.8: each day Haven checks the whole audit chain and, if it is intact, signs a checkpoint of
/// its head with a key kept outside the database and emails it to the auditors (everyone who
/// holds the auditor role, and any addresses the organisation adds). They keep it; a later
/// `haven audit verify --checkpoint` with their public key detects a chain that was rewritten
/// and re-sealed since. If the chain does not verify, nothing is signed and the auditors are
/// told what is wrong instead. The email holds sequence numbers and MACs only: no case content.
public struct SignAuditCheckpoint: Sendable {
    let env: HavenEnvironment
    let verifier: any AuditChainVerifier
    let signer: any AuditCheckpointSigner

    public init(_ env: HavenEnvironment, verifier: any AuditChainVerifier, signer: any AuditCheckpointSigner) {
        self.env = env
        self.verifier = verifier
        self.signer = signer
    }

    public struct Outcome: Sendable {
        public let verification: AuditVerification
        /// The signed checkpoint file, when the chain verified.
        public let document: String?
        public let recipients: [String]
    }

    public func callAsFunction(alsoTo extra: [String] = []) async throws -> Outcome {
        let verification = try await VerifyAuditChain(env, verifier: verifier)(by: nil)
        let now = env.clock.now()
        let people = try await env.read { tx in try await tx.people.all() }
        let recipients = Array(
            Set(people.filter { $0.holds(.auditor, at: now) }.map(\.email) + extra.compactMap(EmailAddress.validated))
        ).sorted()
        var document: String?
        var checkpoint: AuditCheckpoint?
        if verification.fault == nil, let head = verification.head {
            let made = AuditCheckpoint(
                head: head, events: Int64(verification.eventsChecked),
                atMillis: now.millis)
            document = try signer.document(for: made)
            checkpoint = made
        }
        let emails = recipients.map { address in
            OutboxEmail(
                id: env.ids.uuid(), to: address, subject: env.text(Self.subject(verification)),
                body: env.emailBody(Self.body(verification, document: document, publicURL: env.publicURL)),
                createdAt: now,
                nextAttemptAt: now)
        }
        try await env.write { [checkpoint, document] tx in
            if let checkpoint, let document {
                try await tx.auditStatus.recordCheckpoint(checkpoint, document: document)
                try await tx.audit(
                    AuditEntry(
                        actor: nil, action: .auditCheckpointSigned, subjectType: .auditTrail,
                        subjectID: String(checkpoint.head.sequence)))
            }
            for email in emails { try await tx.alerts.enqueue(email) }
        }
        return Outcome(verification: verification, document: document, recipients: recipients)
    }

    static func subject(_ verification: AuditVerification) -> Words {
        verification.fault == nil
            ? Words("email.checkpoint.subject", ["count": .number(verification.eventsChecked)])
            : Words("email.checkpoint.subjectFailed")
    }

    static func body(_ verification: AuditVerification, document: String?, publicURL: String) -> [Words] {
        if let fault = verification.fault {
            return [
                Words("email.checkpoint.failed", ["fault": .words(fault.words), "link": .text("\(publicURL)/audit")]),
                Words("email.checkpoint.noDetails"),
            ]
        }
        return [
            Words(
                "email.checkpoint.intact",
                [
                    "sequence": .text(String(verification.head?.sequence ?? 0)),
                    "document": .text((document ?? "").trimmingCharacters(in: .newlines)),
                ]),
            Words("email.checkpoint.noDetails"),
        ]
    }
}
