/// R3.2: the chronology lines a concern as recorded brings.
extension ChronologyKind {
    public static let concernRecorded = ChronologyKind("concern_recorded", rank: 100)
    public static let addendum = ChronologyKind("addendum", rank: 200)
    /// R7.1: that something shared in confidence was written down (never what: that is read on
    /// the concern, with a reason).
    public static let restrictedAdded = ChronologyKind("restricted_added", rank: 250)
}
