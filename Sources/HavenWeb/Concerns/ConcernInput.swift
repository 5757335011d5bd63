import Foundation
import HavenDomain
import Vapor

/// R2.1, N2: a concern as it is recorded, from the recording form or the API: one type, read
/// once, with one set of names and rules. A field's name is the one its errors use: the API's
/// `{"child": {"name": …}}` is the form's `child.name`. Where the two differ only in how a
/// browser can send a value, both are read here: a checkbox's `on` or JSON `true`, an age typed
/// as text or sent as a number, other children one per line (`name - relationship`) or as a
/// list. Everything is optional at decoding so that every missing or wrong answer is reported
/// at once, each naming its field.
struct ConcernInput: Decodable, Sendable {
    struct Child: Codable {
        var name: String?, description: String?, dateOfBirth: String?, gender: String?, ethnicity: String?
        var firstLanguage: String?, religion: String?, disability: String?, address: String?, school: String?
        /// As sent: a number, or text that should be one.
        var approximateAge: String?
        /// As sent: `true`/`false`, or a checkbox's `on`.
        var unborn: String?
        var adultRecallingChildhood: String?
        /// R2.1: UPN, ULN, NHS number, the local authority's id.
        var upn: String?, uln: String?, nhsNumber: String?, localAuthorityID: String?
    }
    struct Linked: Codable {
        var name: String?
        var relationship: String?
    }
    struct Perpetrator: Codable {
        var name: String?
        var relationship: String?
        var worksWithChildren: String?
        /// Issue 12.3: one of Haven's people, by id.
        var person: String?
    }

    var child = Child()
    var howItArose: String?
    /// When it happened: ISO 8601 with its offset (2026-11-23T15:04:00Z), or a local time
    /// (2026-11-23T15:04, as a browser's date and time field sends it) where the organisation is.
    var occurredAt: String?
    var location: String?
    var whoWasPresent: String?
    var account: String?
    /// The account's provenance as the API first took it (`first_hand` or `reported`).
    var accountProvenance: String?
    /// R2.1: the facts the recorder was told by someone else (`ConcernFact`), a form's
    /// `reportedFacts[]` ticks or the API's list.
    var reportedFacts: [String]?
    var injury: String?
    var injuries: [Mark] = []
    /// The form's row number of each mark in `injuries`; empty for the API's list.
    var markRows: [Int] = []
    var actionTaken: String?
    var categories: [String]?
    /// As sent: `true`/`false`, or a checkbox's `on`.
    var immediateDanger: String?
    var medicalAttention: String?
    var childLocationNow: String?
    var alreadyTold: String?
    var linkedChildren: [Linked] = []
    var allegedPerpetrator: Perpetrator?
    /// R1.1: the site's id, where the organisation has sites.
    var site: String?
    /// R7.1: what the child shared in confidence about themselves.
    var restricted: String?

    /// A field by the name its errors use ("child.name").
    struct Field: CodingKey {
        let stringValue: String
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// Answers that could not be read at all (an object where text belongs, say), each naming its
    /// field; reported with every other mistake by `draft`.
    var unreadable: [FieldError] = []

    init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: Field.self)
        var unreadable: [FieldError] = []
        func text(_ container: KeyedDecodingContainer<Field>, _ key: String, field: String) -> String? {
            do {
                return try Self.text(container, key)
            } catch {
                unreadable.append(
                    .init(
                        field: field, message: Words("concerns.havenCouldNotReadThis")))
                return nil
            }
        }
        // A group (`child`, `allegedPerpetrator`) is an object in JSON and dotted names in a form;
        // given both ways, or as something other than an object, it is refused.
        func group(_ name: String) -> (String) -> String? {
            let dotted = fields.allKeys.contains { $0.stringValue.hasPrefix("\(name).") }
            guard fields.contains(Field(name)) else { return { text(fields, "\(name).\($0)", field: "\(name).\($0)") } }
            guard !dotted, let nested = try? fields.nestedContainer(keyedBy: Field.self, forKey: Field(name)) else {
                unreadable.append(
                    .init(
                        field: name,
                        message: dotted
                            ? Words("concerns.group.bothWays", ["group": .text(name)])
                            : Words("concerns.group.notAnObject", ["group": .text(name)])))
                return { _ in nil }
            }
            return { text(nested, $0, field: "\(name).\($0)") }
        }
        let child = group("child")
        self.child = Child(
            name: child("name"), description: child("description"), dateOfBirth: child("dateOfBirth"),
            gender: child("gender"), ethnicity: child("ethnicity"), firstLanguage: child("firstLanguage"),
            religion: child("religion"), disability: child("disability"), address: child("address"),
            school: child("school"), approximateAge: child("approximateAge"), unborn: child("unborn"),
            adultRecallingChildhood: child("adultRecallingChildhood"), upn: child("upn"), uln: child("uln"),
            nhsNumber: child("nhsNumber"), localAuthorityID: child("localAuthorityID"))
        func top(_ name: String) -> String? { text(fields, name, field: name) }
        howItArose = top("howItArose")
        occurredAt = top("occurredAt")
        location = top("location")
        whoWasPresent = top("whoWasPresent")
        account = top("account")
        accountProvenance = top("accountProvenance")
        injury = top("injury")
        actionTaken = top("actionTaken")
        do {
            reportedFacts = try fields.decodeIfPresent([String].self, forKey: Field("reportedFacts"))
        } catch {
            unreadable.append(.init(field: "reportedFacts", message: Words("concerns.reportedFacts.sendAsAList")))
        }
        do {
            categories = try fields.decodeIfPresent([String].self, forKey: Field("categories"))
        } catch {
            unreadable.append(.init(field: "categories", message: Words("concerns.categories.sendTheCategoriesAsA")))
        }
        immediateDanger = top("immediateDanger")
        medicalAttention = top("medicalAttention")
        childLocationNow = top("childLocationNow")
        alreadyTold = top("alreadyTold")
        (injuries, markRows) = Self.marks(in: fields, unreadable: &unreadable)
        // The form's rows (`linkedChild1.name`, `linkedChild1.relationship`, …: a row left
        // empty is skipped); an older form's text box (one per line, `name - relationship`, the
        // name kept whole however many hyphens it has); or the API's list.
        let rows = Self.rows(fields.allKeys.map(\.stringValue))
        if !rows.isEmpty {
            linkedChildren = rows.compactMap { row in
                let name = top("linkedChild\(row).name")
                let relationship = top("linkedChild\(row).relationship")
                guard cleaned(name) != nil || cleaned(relationship) != nil else { return nil }
                return Linked(name: name, relationship: relationship)
            }
        } else if let lines = try? fields.decodeIfPresent(String.self, forKey: Field("linkedChildren")) {
            linkedChildren = lines.split(whereSeparator: \.isNewline).compactMap { line in
                let parts = line.components(separatedBy: " - ").map { $0.trimmingCharacters(in: .whitespaces) }
                guard let name = cleaned(parts.first) else { return nil }
                return Linked(
                    name: name, relationship: parts.count > 1 ? parts.dropFirst().joined(separator: " - ") : nil)
            }
        } else {
            do {
                linkedChildren = try fields.decodeIfPresent([Linked].self, forKey: Field("linkedChildren")) ?? []
            } catch {
                unreadable.append(
                    .init(
                        field: "linkedChildren", message: Words("concerns.linkedChildren.sendTheOtherChildrenAs")))
            }
        }
        let perpetrator = group("allegedPerpetrator")
        allegedPerpetrator = Perpetrator(
            name: perpetrator("name"), relationship: perpetrator("relationship"),
            worksWithChildren: perpetrator("worksWithChildren"), person: perpetrator("person"))
        site = top("site")
        restricted = top("restricted")
        self.unreadable = unreadable
    }

    /// The numbers of the form's rows that were sent, in order: of other children
    /// (`linkedChild2.name`), or of marks on the body map (`mark2.place`).
    static func rows(_ names: [String], prefix: String = "linkedChild") -> [Int] {
        Set(
            names.compactMap { name -> Int? in
                guard name.hasPrefix(prefix), let dot = name.firstIndex(of: "."),
                    case let digits = name[name.index(name.startIndex, offsetBy: prefix.count)..<dot],
                    let row = Int(digits), row > 0, String(row) == digits
                else { return nil }
                return row
            }
        ).sorted()
    }

    /// A value as text, nil when it is absent or null.
    static func text(_ fields: KeyedDecodingContainer<Field>, _ name: String) throws -> String? {
        let key = Field(name)
        guard fields.contains(key), try !fields.decodeNil(forKey: key) else { return nil }
        return try fields.decode(SentAnswer.self, forKey: key).text
    }

    /// A yes/no answer: JSON's true or false, or a checkbox (`on` when ticked, absent when not).
    static func yes(_ text: String?, field: String, errors: inout [FieldError]) -> Bool {
        switch text?.lowercased() {
        case nil, "", "false", "off": return false
        case "true", "on": return true
        default:
            errors.append(
                .init(field: field, message: Words("concerns.answerWithTrueOrFalse", ["field": .text(field)])))
            return false
        }
    }

    /// The fields in the order the recording form asks them: problems are reported in this
    /// order, so the summary reads down the form.
    static let formOrder = [
        "immediateDanger", "medicalAttention", "child", "child.name", "child.description", "child.dateOfBirth",
        "child.approximateAge", "child.unborn", "child.adultRecallingChildhood", "child.gender", "child.ethnicity",
        "child.firstLanguage", "child.religion",
        "child.disability", "child.address", "child.school", "child.upn", "child.uln", "child.nhsNumber",
        "child.localAuthorityID", "howItArose", "site", "occurredAt", "location",
        "whoWasPresent", "account", "accountProvenance", "reportedFacts", "injury", "injuries", "actionTaken",
        "childLocationNow",
        "alreadyTold",
        "categories", "linkedChildren", "allegedPerpetrator", "allegedPerpetrator.name", "allegedPerpetrator.person",
        "allegedPerpetrator.relationship", "allegedPerpetrator.worksWithChildren", "restricted",
    ]

    /// N2: the draft, or every problem with it at once: answers that cannot be read and, when
    /// `now` is given, what the recording rules refuse (`ConcernDraft.validationErrors`), so
    /// that a person fixes everything in one go.
    func draft(timeZone: TimeZone, now: Date? = nil) throws -> ConcernDraft {
        var errors = unreadable
        var age: Int?
        if let text = cleaned(child.approximateAge) {
            age = Int(text)
            if age == nil {
                errors.append(
                    .init(field: "child.approximateAge", message: Words("concerns.approximateAge.enterTheAgeAsA")))
            }
        }
        let arose = howItArose.flatMap(HowItArose.init(rawValue:))
        if arose == nil {
            errors.append(
                .init(
                    field: "howItArose",
                    message: Words("concerns.howItArose.sayHowItCameTo")))
        }
        var when: Date?
        if let text = cleaned(occurredAt) {
            when = LocalDateTime.parse(text, timeZone: timeZone)
            if when == nil {
                errors.append(
                    .init(field: "occurredAt", message: Words("concerns.occurredAt.enterTheDateAndTime")))
            }
        }
        var reported = Set<ConcernFact>()
        if let raw = cleaned(accountProvenance) {
            if let value = Provenance(rawValue: raw) {
                if value == .reported { reported.insert(.account) }
            } else {
                errors.append(
                    .init(
                        field: "accountProvenance", message: Words("concerns.accountProvenance.useFirstHandOrReported"))
                )
            }
        }
        // A list longer than the choices it can hold is one mistake, not one per entry (ten
        // thousand unknown entries made a page of megabytes).
        let facts = reportedFacts ?? []
        if facts.count > ConcernFact.allCases.count * 2 {
            errors.append(.init(field: "reportedFacts", message: Words("concerns.list.tooMany")))
        }
        for (index, raw) in facts.prefix(ConcernFact.allCases.count * 2).enumerated() {
            if let fact = ConcernFact(rawValue: raw) {
                reported.insert(fact)
            } else {
                errors.append(
                    .init(
                        field: "reportedFacts[\(index)]",
                        message: Words("concerns.reportedFacts.unknown", ["fact": .text(String(raw.prefix(40)))])))
            }
        }
        var list: [ConcernCategory] = []
        let sentCategories = categories ?? []
        if sentCategories.count > ConcernCategory.allCases.count * 2 {
            errors.append(.init(field: "categories", message: Words("concerns.list.tooMany")))
        }
        for (index, raw) in sentCategories.prefix(ConcernCategory.allCases.count * 2).enumerated() {
            if let category = ConcernCategory(rawValue: raw) {
                list.append(category)
            } else {
                errors.append(
                    .init(
                        field: "categories[\(index)]",
                        message: Words("concerns.categories.unknown", ["category": .text(String(raw.prefix(40)))])))
            }
        }
        let danger = Self.yes(immediateDanger, field: "immediateDanger", errors: &errors)
        let unborn = Self.yes(child.unborn, field: "child.unborn", errors: &errors)
        let adult = Self.yes(child.adultRecallingChildhood, field: "child.adultRecallingChildhood", errors: &errors)
        let worksWithChildren = Self.yes(
            allegedPerpetrator?.worksWithChildren, field: "allegedPerpetrator.worksWithChildren", errors: &errors)
        var accusedID: PersonID?
        if let text = cleaned(allegedPerpetrator?.person) {
            accusedID = PersonID(string: text)
            if accusedID == nil {
                errors.append(
                    .init(
                        field: "allegedPerpetrator.person",
                        message: Words("concerns.allegedPerpetrator.chooseSomeoneHere")))
            }
        }
        var siteID: SiteID?
        if let text = cleaned(site) {
            siteID = SiteID(string: text)
            if siteID == nil {
                errors.append(.init(field: "site", message: Words("concerns.site.chooseOneOfTheOrganisations")))
            }
        }
        let (marks, kept, number) = draftedMarks(errors: &errors)
        func draft(_ arose: HowItArose) -> ConcernDraft {
            ConcernDraft(
                child: ChildDetails(
                    name: child.name, description: child.description, dateOfBirth: child.dateOfBirth,
                    approximateAge: age,
                    gender: child.gender, ethnicity: child.ethnicity, firstLanguage: child.firstLanguage,
                    religion: child.religion, disability: child.disability, address: child.address,
                    school: child.school,
                    unborn: unborn, adultRecallingChildhood: adult,
                    identifiers: ChildIdentifiers(
                        upn: child.upn, uln: child.uln, nhsNumber: child.nhsNumber,
                        localAuthority: child.localAuthorityID)
                ),
                howItArose: arose, occurredAt: when, location: location, whoWasPresent: whoWasPresent,
                account: account ?? "", reportedFacts: reported, injury: injury, injuries: marks,
                actionTaken: actionTaken,
                categories: list, immediateDanger: danger, medicalAttention: medicalAttention,
                childLocationNow: childLocationNow, alreadyTold: alreadyTold,
                linkedChildren: linkedChildren.map { LinkedChild(name: $0.name ?? "", relationship: $0.relationship) },
                // Someone is named (or described) as having caused harm, or said to work with children.
                allegedPerpetrator: allegedPerpetrator.flatMap {
                    cleaned($0.name) != nil || cleaned($0.relationship) != nil || worksWithChildren || accusedID != nil
                        ? AllegedPerpetrator(
                            name: $0.name, relationship: $0.relationship, worksWithChildren: worksWithChildren,
                            person: accusedID) : nil
                },
                site: siteID, restricted: restricted)
        }
        if let now {
            let named = Set(errors.map(\.field))
            errors += draft(arose ?? .observed).validationErrors(now: now)
                .map { Self.renumbered($0, marks: kept.map { (index: $0, number: number($0)) }) }
                .filter { !named.contains($0.field) }
        }
        if !markRows.isEmpty { errors = errors.map { Self.onTheForm($0, rows: markRows) } }
        let order = Dictionary(uniqueKeysWithValues: Self.formOrder.enumerated().map { ($1, $0) })
        func place(_ error: FieldError) -> Int {
            order[error.field] ?? order[RefusedForm.fieldName(error.field)] ?? order[
                String(error.field.prefix { $0 != "." })]
                // A row of marks (`mark3.size`) where the marks are asked.
                ?? (error.field.hasPrefix("mark") ? order["injuries"] : nil) ?? Self.formOrder.count
        }
        try InvalidInput.check(errors.enumerated().sorted { (place($0.1), $0.0) < (place($1.1), $1.0) }.map(\.1))
        return draft(arose!)
    }
}

extension SubmissionKey {
    /// The key as sent: none, or one that must be a key (`field` names where it came from).
    static func sent(_ text: String?, field: String) throws -> SubmissionKey? {
        guard let text, !text.isEmpty else { return nil }
        guard let key = SubmissionKey(text) else {
            throw InvalidInput(field: field, "concerns.submission.notAKey")
        }
        return key
    }
}
