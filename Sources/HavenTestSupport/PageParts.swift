import Foundation

extension String {
    /// The element with this id, from its opening tag to the first closing tag of its kind (for
    /// elements that hold no element of their own kind: a table, a list, a paragraph).
    public func part(_ id: String) -> Substring? {
        guard let open = element(id),
            let name = open.dropFirst().split(whereSeparator: { $0 == " " || $0 == ">" }).first
        else { return nil }
        let rest = self[open.startIndex...]
        guard let close = rest.range(of: "</\(name)>") else { return rest }
        return rest[..<close.upperBound]
    }
}
