import LeafKit

/// `#if(nonempty(value)):` — true for a list with items or text with characters, false for an
/// empty or missing one. (Leaf's own `count()` throws on a missing value, its array truthiness
/// is inverted, and an empty string counts as true.)
struct NonEmptyTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        try ctx.requireParameterCount(1)
        if let array = ctx.parameters[0].array { return .bool(!array.isEmpty) }
        if let dictionary = ctx.parameters[0].dictionary { return .bool(!dictionary.isEmpty) }
        if ctx.parameters[0].celf == .string, let string = ctx.parameters[0].string { return .bool(!string.isEmpty) }
        return .bool(false)
    }
}
