import HavenDomain
import Testing

@testable import HavenDomain

/// Issue 12.5, R2.2, SPEC (never turned away): a date of birth in the future is taken only as an
/// unborn baby's due date, within ten months; an age or date of birth past 25 only for an adult
/// telling of abuse in their childhood, up to 120.
@Suite("R2.2 unborn babies and adults recalling their childhood")
struct ChildAgeRulesTests {
    static let today = Day(2026, 11, 30)

    // (date of birth, age, unborn, adult, the fields refused)
    static let cases: [(String?, Int?, Bool, Bool, [String])] = [
        ("2015-06-01", nil, false, false, []),
        ("2026-11-30", nil, false, false, []),
        ("2026-12-01", nil, false, false, []),  // a day's grace: the organisation's day may be ahead of UTC
        ("2026-12-02", nil, false, false, ["dateOfBirth"]),  // the future, not said to be unborn
        ("2027-03-14", nil, true, false, []),  // due in March
        ("2026-11-29", nil, true, false, []),  // due yesterday
        ("2026-11-01", nil, true, false, []),  // overdue by four weeks: babies are late
        ("2026-10-18", nil, true, false, ["dateOfBirth"]),  // six weeks past the due date: born by now
        ("2027-11-01", nil, true, false, ["dateOfBirth"]),  // more than ten months ahead
        (nil, nil, true, false, []),  // unborn, due date not known yet
        ("2027-03-14", nil, true, true, ["unborn"]),  // both boxes ticked
        ("2999-01-01", nil, true, false, ["dateOfBirth"]),  // one message only: not a date Haven takes
        (nil, 25, false, false, []),
        (nil, 26, false, false, ["approximateAge"]),  // past a child's age, not said to be an adult
        (nil, 47, false, true, []),  // an adult telling of their childhood
        (nil, 120, false, true, []),
        (nil, 121, false, true, ["approximateAge"]),
        (nil, -1, false, false, ["approximateAge"]),
        ("2000-12-01", nil, false, false, []),  // 25 and 364 days
        ("2000-11-30", nil, false, false, ["dateOfBirth"]),  // 26 today
        ("1962-04-02", nil, false, true, []),
    ]

    @Test(arguments: 0..<cases.count)
    func rule(_ index: Int) {
        let (born, age, unborn, adult, refused) = Self.cases[index]
        let child = ChildDetails(
            name: "Any Child", dateOfBirth: born, approximateAge: age, unborn: unborn, adultRecallingChildhood: adult)
        let fields = child.validationErrors(prefix: "", today: Self.today).map(\.field)
        #expect(
            fields == refused, "\(String(describing: born)) \(String(describing: age)) unborn \(unborn) adult \(adult)")
    }
}
