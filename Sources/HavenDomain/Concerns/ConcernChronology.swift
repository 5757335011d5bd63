/// R3.2: the chronology lines a concern as recorded brings.
extension ChronologyKind {
    public static let concernRecorded = ChronologyKind("concern_recorded", rank: 100)
    public static let addendum = ChronologyKind("addendum", rank: 200)
}
