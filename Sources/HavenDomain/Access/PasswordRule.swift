/// R1.6: what a password must be. Long rather than complicated: at least 12 characters, at most
/// 256, not one of the passwords attackers try first (nor one of them with digits or symbols
/// added), not one character repeated, not the person's own name or email, and no control
/// characters. Passwords longer than bcrypt's 72 bytes are hashed first (see the password hasher),
/// so every character counts.
public enum PasswordRule {
    public static let minimumLength = 12
    public static let maximumLength = 256

    /// Every problem with `password`, each naming `field`, in plain words.
    public static func problems(_ password: String?, field: String, name: String? = nil, email: String? = nil)
        -> [FieldError]
    {
        guard let password, !password.isEmpty else {
            return [
                FieldError(
                    field: field,
                    message: Words("access.chooseAPasswordOfAt", ["minimumLength": .number(minimumLength)]))
            ]
        }
        let count = password.count
        if count < minimumLength {
            return [
                FieldError(
                    field: field,
                    message: Words("access.useAtLeastCharactersA", ["minimumLength": .number(minimumLength)]))
            ]
        }
        if count > maximumLength {
            return [
                FieldError(
                    field: field,
                    message: Words("access.useAtMostCharacters", ["maximumLength": .number(maximumLength)]))
            ]
        }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return [
                FieldError(
                    field: field, message: Words("access.aPasswordCantContainControl"))
            ]
        }
        if isCommon(password) || isRepeated(password) {
            return [
                FieldError(
                    field: field, message: Words("access.thatPasswordIsOneAttackers")
                )
            ]
        }
        let lower = password.lowercased()
        let own = [
            cleaned(name)?.lowercased(),
            email.flatMap { $0.split(separator: "@").first.map(String.init) }?.lowercased(),
        ]
        .compactMap { $0 }.filter { $0.count >= 4 }
        if own.contains(where: {
            lower.replacingOccurrences(of: " ", with: "").contains($0.replacingOccurrences(of: " ", with: ""))
                && lower.count - $0.count < 6
        }) {
            return [FieldError(field: field, message: Words("access.dontBuildYourPasswordFrom"))]
        }
        return []
    }

    /// Whether the password, in lower case, is on the common list; is a common password with only
    /// digits and symbols added before or after it; starts or ends with a common password of six
    /// or more characters and has only digits and symbols besides; or is a run along the alphabet,
    /// the digits or a keyboard row.
    static func isCommon(_ password: String) -> Bool {
        let lower = password.lowercased()
        if CommonPasswords.all.contains(lower) || sequences.contains(where: { $0.contains(lower) }) { return true }
        let core = String(lower.drop(while: { !$0.isLetter }).reversed().drop(while: { !$0.isLetter }).reversed())
        if core.count >= 4 && core != lower && CommonPasswords.all.contains(core) { return true }
        let characters = Array(lower)
        for length in stride(from: characters.count - 1, through: 6, by: -1) {
            let head = String(characters[..<length])
            let tail = String(characters[(characters.count - length)...])
            if CommonPasswords.all.contains(head) && !characters[length...].contains(where: \.isLetter) { return true }
            if CommonPasswords.all.contains(tail)
                && !characters[..<(characters.count - length)].contains(where: \.isLetter)
            {
                return true
            }
        }
        return false
    }

    /// One character, word or short run said over and over ("passwordpassword", "abcabcabcabc"),
    /// spaces aside.
    static func isRepeated(_ password: String) -> Bool {
        let characters = Array(password.lowercased().filter { $0 != " " })
        guard characters.count > 1 else { return true }
        for length in 1...(characters.count / 2) where characters.count % length == 0 {
            let unit = characters[0..<length]
            if stride(from: length, to: characters.count, by: length).allSatisfy({
                characters[$0..<$0 + length] == unit
            }) {
                return true
            }
        }
        return false
    }

    private static let sequences = [
        "abcdefghijklmnopqrstuvwxyz", "zyxwvutsrqponmlkjihgfedcba", "qwertyuiopasdfghjklzxcvbnm",
        "azertyuiopqsdfghjklmwxcvbn", "1234567890123456789012345678901234567890", "0987654321098765432109876543210",
    ]
}
