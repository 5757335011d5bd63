import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 12.5: every page names an icon, and it is served (a browser asked for one and logged a
/// 404 on every first visit); the icon does not name the product.
@Suite("The browser's icon")
struct FaviconTests {
    @Test func everyPageNamesAnIconThatIsServed() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let page = try await haven.request(.GET, "/sign-in").body.string
            let link = try #require(page.firstMatch(of: /<link rel="icon" href="([^"]+)" type="image\/svg\+xml">/)?.1)
            let icon = try await haven.request(.GET, String(link))
            #expect(icon.status == .ok)
            #expect(icon.headers.contentType?.description.hasPrefix("image/svg+xml") == true, "\(icon.headers)")
            #expect(icon.body.string.hasPrefix("<svg") && !icon.body.string.lowercased().contains("haven"))
            #expect(try await haven.request(.GET, "/img/..%2Fcss%2Fhaven.css").status == .notFound)
        }
    }
}
