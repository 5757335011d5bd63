import Foundation
import HavenDomain

/// How a delegation is kept (`case_delegations.body`), version 1.
struct CaseDelegationBodyV1: Codable {
    let concernID: ConcernID
    let delegate: PersonID
    let delegatedBy: PersonID
    let delegatedAt: Date
    let note: String?

    init(_ delegation: CaseDelegation) {
        concernID = delegation.concernID
        delegate = delegation.delegate
        delegatedBy = delegation.delegatedBy
        delegatedAt = delegation.delegatedAt
        note = delegation.note
    }

    var delegation: CaseDelegation {
        CaseDelegation(
            concernID: concernID, delegate: delegate, delegatedBy: delegatedBy, delegatedAt: delegatedAt, note: note)
    }

    static func encode(_ delegation: CaseDelegation) throws -> String {
        try JSONColumn.encode(CaseDelegationBodyV1(delegation))
    }
    static func decode(_ text: String) throws -> CaseDelegation {
        try JSONColumn.decode(CaseDelegationBodyV1.self, text).delegation
    }
}
