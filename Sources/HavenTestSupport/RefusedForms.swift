import Foundation

/// Reading a page that shows a refused form again (N2): its summary, its marked fields and what
/// it kept of what was typed.
extension String {
    /// The element ids the problem summary links to, in order; empty when there is no summary.
    public var problemLinks: [String] {
        guard let start = range(of: #"id="form-errors""#) else { return [] }
        let summary = self[start.upperBound...]
        let end = summary.range(of: "</div>")?.lowerBound ?? summary.endIndex
        return summary[..<end].matches(of: /<a href="#([^"]+)">/).map { String($0.1) }
    }

    /// The opening tag of the element with this id.
    public func element(_ id: String) -> Substring? {
        guard let at = range(of: #" id="\#(id)""#) else { return nil }
        let open = self[..<at.lowerBound].lastIndex(of: "<") ?? at.lowerBound
        let close = self[at.upperBound...].firstIndex(of: ">") ?? endIndex
        return self[open...close]
    }

    /// Whether the element is marked invalid and described by its message, and the message is
    /// on the page.
    public func marksInvalid(_ id: String) -> Bool {
        guard let element = element(id) else { return false }
        return element.contains(#"aria-invalid="true""#) && element.contains(#"aria-describedby="\#(id)-error""#)
            && contains(#"<p class="field-error" id="\#(id)-error">"#)
    }

    /// What an input or a text box with this id holds, as the browser will read it.
    public func keptValue(_ id: String) -> String? {
        guard let element = element(id) else { return nil }
        let raw: Substring
        if element.hasPrefix("<textarea") {
            let after = self[element.endIndex...]
            guard let end = after.range(of: "</textarea>") else { return nil }
            // The HTML parser drops one line break just after the opening tag.
            var text = after[..<end.lowerBound]
            if text.first == "\n" { text = text.dropFirst() }
            raw = text
        } else {
            guard let value = element.firstMatch(of: /value="([^"]*)"/) else { return nil }
            raw = value.1
        }
        return
            raw
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
