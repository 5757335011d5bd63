import Foundation
import HavenDomain

/// How a child's details are kept (`children.details`, and inside a concern's content), version
/// 1: the JSON written since children were first kept. Its own type, so that a change to
/// `ChildDetails` cannot silently change what is stored (`RowGoldenTests`).
struct ChildDetailsV1: Codable {
    let name: String?
    let description: String?
    let dateOfBirth: String?
    let approximateAge: Int?
    let gender: String?
    let ethnicity: String?
    let firstLanguage: String?
    let religion: String?
    let disability: String?
    let address: String?
    let school: String?
    /// Present (true) only for an unborn baby or an adult recalling their childhood: rows
    /// written before these existed read as neither.
    let unborn: Bool?
    let adultRecallingChildhood: Bool?
    /// R2.1: present only when known (rows written before identifiers were asked have none).
    let upn: String?
    let uln: String?
    let nhsNumber: String?
    let localAuthorityID: String?

    init(_ child: ChildDetails) {
        name = child.name
        description = child.description
        dateOfBirth = child.dateOfBirth
        approximateAge = child.approximateAge
        gender = child.gender
        ethnicity = child.ethnicity
        firstLanguage = child.firstLanguage
        religion = child.religion
        disability = child.disability
        address = child.address
        school = child.school
        unborn = child.unborn ? true : nil
        adultRecallingChildhood = child.adultRecallingChildhood ? true : nil
        upn = child.identifiers.upn
        uln = child.identifiers.uln
        nhsNumber = child.identifiers.nhsNumber
        localAuthorityID = child.identifiers.localAuthority
    }

    var child: ChildDetails {
        ChildDetails(
            name: name, description: description, dateOfBirth: dateOfBirth, approximateAge: approximateAge,
            gender: gender, ethnicity: ethnicity, firstLanguage: firstLanguage, religion: religion,
            disability: disability, address: address, school: school, unborn: unborn ?? false,
            adultRecallingChildhood: adultRecallingChildhood ?? false,
            identifiers: ChildIdentifiers(upn: upn, uln: uln, nhsNumber: nhsNumber, localAuthority: localAuthorityID))
    }

    static func encode(_ child: ChildDetails) throws -> String { try JSONColumn.encode(ChildDetailsV1(child)) }
    static func decode(_ text: String) throws -> ChildDetails { try JSONColumn.decode(ChildDetailsV1.self, text).child }
}
