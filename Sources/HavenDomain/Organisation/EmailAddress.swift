/// R1.2, R2.5: one email address, as Haven stores it and sends alerts to it. An address reaches
/// an SMTP command and a mail header, so it is checked when saved, not when sent: exactly one
/// `@` with something either side, a domain with a dot and no empty labels, no spaces, control
/// characters (CR, LF, NUL), commas, semicolons, angle brackets, double quotes or parentheses (so it is
/// never a list of addresses or a display name), at most 254 characters. Letters outside ASCII
/// are allowed (internationalised addresses); it is kept in lower case.
public enum EmailAddress {
    public static let maximumLength = 254

    /// The address in the form Haven keeps it, or nil if it is not one address.
    public static func validated(_ text: String?) -> String? {
        guard let text = cleaned(text)?.lowercased(), text.utf8.count <= maximumLength else { return nil }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return nil }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else {
            return nil
        }
        let forbidden: Set<Unicode.Scalar> = [" ", ",", ";", "<", ">", "\"", "(", ")", "[", "]", "\\", ":", "`"]
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || forbidden.contains(scalar) { return nil }
            // Separators, controls beyond ASCII, and characters that are not shown but change how
            // the rest of a line is (a right-to-left override put into an address on a DSL's page).
            switch scalar.properties.generalCategory {
            case .lineSeparator, .paragraphSeparator, .control, .format, .privateUse, .unassigned, .surrogate:
                return nil
            default: break
            }
            if scalar.properties.isWhitespace { return nil }
        }
        return text
    }
}
