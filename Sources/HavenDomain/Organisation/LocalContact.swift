/// R1.4: the services a user may need to call, per local authority area.
public enum LocalContactKind: String, CaseIterable, Codable, Sendable {
    case frontDoor = "front_door"
    case outOfHours = "out_of_hours"
    case lado
    case policeChildAbuse = "police_child_abuse"
    case earlyHelp = "early_help"
    case childrenMissingEducation = "children_missing_education"
    case designatedNurse = "designated_nurse"

    public var title: String {
        switch self {
        case .frontDoor: "Children's social care front door"
        case .outOfHours: "Out-of-hours social care"
        case .lado: "LADO (allegations against staff)"
        case .policeChildAbuse: "Police child abuse team"
        case .earlyHelp: "Early help"
        case .childrenMissingEducation: "Children missing education"
        case .designatedNurse: "Designated nurse"
        }
    }
}

/// R1.4: one entry in the local contacts directory.
public struct LocalContact: Equatable, Sendable, Codable {
    public var area: String
    public var kind: LocalContactKind
    public var name: String
    public var phone: String
    public var email: String?

    public init(area: String, kind: LocalContactKind, name: String, phone: String, email: String? = nil) {
        self.area = area
        self.kind = kind
        self.name = name
        self.phone = phone
        self.email = email
    }

    /// N2: a contact as submitted, checked field by field.
    public static func validated(area: String?, kind: String?, name: String?, phone: String?, email: String?) throws
        -> LocalContact
    {
        var errors: [FieldError] = []
        let area = cleaned(area)
        let name = cleaned(name)
        let phone = cleaned(phone)
        let kind = kind.flatMap(LocalContactKind.init(rawValue:))
        if area == nil { errors.append(.init(field: "area", message: "Enter the local authority area.")) }
        if kind == nil { errors.append(.init(field: "kind", message: "Choose which service this is.")) }
        if name == nil { errors.append(.init(field: "name", message: "Enter the service's name.")) }
        if phone == nil { errors.append(.init(field: "phone", message: "Enter a phone number.")) }
        let address = EmailAddress.validated(email)
        if address == nil && cleaned(email) != nil {
            errors.append(.init(field: "email", message: "Enter one email address, or leave it blank."))
        }
        try InvalidInput.check(errors)
        return LocalContact(area: area!, kind: kind!, name: name!, phone: phone!, email: address)
    }
}
