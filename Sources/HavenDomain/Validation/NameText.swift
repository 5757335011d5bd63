/// A name that goes into sentences, emails and notes (a person's, the organisation's, a site's):
/// one line, with no control characters and no hidden direction marks. Haven sets each name
/// apart itself (Unicode isolates), so a name carrying its own marks could close that isolate
/// early and make the words around it read in another order, or say something else.
public enum NameText {
    static let directionMarks: Set<UInt32> = [
        0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
    ]

    public static func hasHiddenCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isHidden)
    }

    /// A character that cannot be seen but changes a line: a control, a line or paragraph
    /// separator, a direction mark.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .lineSeparator
            || scalar.properties.generalCategory == .paragraphSeparator || directionMarks.contains(scalar.value)
    }
}
