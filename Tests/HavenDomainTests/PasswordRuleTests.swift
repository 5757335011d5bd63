import Testing

@testable import HavenDomain

/// Issue 10.8: a password long enough to resist guessing, not one attackers try first.
@Suite("R1.6 passwords")
struct PasswordRuleTests {
    @Test(arguments: [
        ("correct horse battery staple", true), ("tangerine-lighthouse-41", true), ("Zoë walks the dog at 7", true),
        (String(repeating: "x", count: 11), false), ("", false), ("short pass", false),
        ("password1234", false), ("Password1234!", false), ("123456789012", false), ("qwertyuiopas", false),
        ("1q2w3e4r5t6y", false),
        ("!!football2024!!", false), ("aaaaaaaaaaaaaaaa", false), ("iloveyou1234", false),
        ("tab\there is bad", false), ("line\nbreak is bad", false), ("nul\u{0}is bad here", false),
        (String(repeating: "long words ", count: 23), false), (String(repeating: "a b", count: 90), false),
        ("passwordpassword", false), ("مريم مريم مريم مريم", false), ("abcabcabcabc", false),
        ("walk walk run walk", true), ("the river runs quietly past the old mill at dusk", true),
    ])
    func rule(_ password: String, _ accepted: Bool) {
        #expect(PasswordRule.problems(password, field: "password").isEmpty == accepted, "\(password.debugDescription)")
    }

    @Test func notTheirOwnNameOrEmail() {
        #expect(!PasswordRule.problems("danawhitlock1", field: "password", name: "Dana Whitlock").isEmpty)
        #expect(!PasswordRule.problems("d.whitlock2024", field: "password", email: "d.whitlock@example.org").isEmpty)
        #expect(PasswordRule.problems("dana likes very long walks by the sea", field: "password", name: "Dana").isEmpty)
    }

    @Test func everyProblemNamesTheField() {
        #expect(PasswordRule.problems("short", field: "newPassword").map(\.field) == ["newPassword"])
    }

    @Test func theCommonListIsLoaded() {
        #expect(CommonPasswords.all.count > 9_000)
        #expect(CommonPasswords.all.contains("password"))
    }
}
