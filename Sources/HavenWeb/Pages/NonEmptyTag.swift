import LeafKit

/// `#if(nonempty(list)):` — true for a list with items, false for an empty or missing one.
/// (Leaf's own `count()` throws on a missing value, and its array truthiness is inverted.)
struct NonEmptyTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        try ctx.requireParameterCount(1)
        if let array = ctx.parameters[0].array { return .bool(!array.isEmpty) }
        if let dictionary = ctx.parameters[0].dictionary { return .bool(!dictionary.isEmpty) }
        return .bool(false)
    }
}
