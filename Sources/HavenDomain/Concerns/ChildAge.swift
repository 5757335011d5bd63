import Foundation

extension ChildDetails {
    /// The child's age in whole years on `day`: from the date of birth, else the approximate age
    /// given when the child was recorded on `recordedOn`, grown by the years since. nil for an
    /// unborn baby, or when neither was given.
    public func age(on day: Day, recordedOn: Day) -> Int? {
        if unborn { return nil }
        if let text = dateOfBirth, let born = Day(iso: text) {
            guard born <= day else { return nil }
            return Self.wholeYears(from: born, to: day)
        }
        guard let approximateAge else { return nil }
        return approximateAge + max(0, Self.wholeYears(from: recordedOn, to: day))
    }

    /// Whole years from one day to a later one: someone born on 29 February has a birthday on
    /// 1 March in other years.
    static func wholeYears(from start: Day, to end: Day) -> Int {
        var years = end.year - start.year
        if (end.month, end.day) < (start.month, start.day) { years -= 1 }
        return years
    }
}
