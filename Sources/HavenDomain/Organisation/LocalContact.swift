/// R1.4: the services a user may need to call, per local authority area.
public enum LocalContactKind: String, CaseIterable, Codable, Sendable {
    case frontDoor = "front_door"
    case outOfHours = "out_of_hours"
    case lado
    case policeChildAbuse = "police_child_abuse"
    case earlyHelp = "early_help"
    case childrenMissingEducation = "children_missing_education"
    case designatedNurse = "designated_nurse"

    public var title: Words {
        switch self {
        case .frontDoor: Words("organisation.localContactKind.frontDoor")
        case .outOfHours: Words("organisation.localContactKind.outOfHours")
        case .lado: Words("organisation.localContactKind.lado")
        case .policeChildAbuse: Words("organisation.localContactKind.policeChildAbuse")
        case .earlyHelp: Words("organisation.localContactKind.earlyHelp")
        case .childrenMissingEducation: Words("organisation.localContactKind.childrenMissingEducation")
        case .designatedNurse: Words("organisation.localContactKind.designatedNurse")
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
        if area == nil {
            errors.append(.init(field: "area", message: Words("organisation.area.enterTheLocalAuthorityArea")))
        }
        if kind == nil {
            errors.append(.init(field: "kind", message: Words("organisation.kind.chooseWhichServiceThisIs")))
        }
        if name == nil { errors.append(.init(field: "name", message: Words("organisation.name.enterTheServicesName"))) }
        if phone == nil { errors.append(.init(field: "phone", message: Words("organisation.phone.enterAPhoneNumber"))) }
        let address = EmailAddress.validated(email)
        if address == nil && cleaned(email) != nil {
            errors.append(.init(field: "email", message: Words("organisation.email.enterOneEmailAddressOr")))
        }
        try InvalidInput.check(errors)
        return LocalContact(area: area!, kind: kind!, name: name!, phone: phone!, email: address)
    }
}
