/// Every module's chronology lines, one line each. A new module adds its line here.
public enum ChronologySources {
    public static let all: [any ChronologySource] = [
        ConcernChronologyLines(),
        CaseChronologyLines(),
    ]
}
