import HavenDomain
import LeafKit
import Vapor

/// The tags that fill a refused form in again (`RefusedForm`). Each takes a field's element id.
enum AnswerTags {
    struct Misused: Error, CustomStringConvertible {
        let description: String
    }

    static func register(_ tags: inout [String: any LeafTag]) {
        tags["kept"] = Kept()
        tags["picked"] = Picked()
        tags["opened"] = Opened()
        tags["invalid"] = Invalid()
        tags["problem"] = Problem()
    }

    static func form(_ ctx: LeafContext) throws -> RefusedForm? {
        // words: not shown (a template's mistake, for its author)
        guard let request = ctx.request else { throw Misused(description: "answer tags need the request") }
        return request.refusedForm
    }

    static func id(_ ctx: LeafContext, _ tag: String) throws -> String {
        guard let id = ctx.parameters.first?.string, !id.isEmpty else {
            // words: not shown (a template's mistake, for its author)
            throw Misused(description: "#\(tag) needs a field's element id")
        }
        return id
    }

    /// `value="#kept("child.name")"`: what was typed; `#kept("name", page.name)`: what was typed
    /// if this form was sent, the saved value otherwise.
    struct Kept: LeafTag {
        func render(_ ctx: LeafContext) throws -> LeafData {
            let id = try AnswerTags.id(ctx, "kept")
            if let value = try AnswerTags.form(ctx)?.value(id) { return .string(value) }
            return .string(ctx.parameters.dropFirst().first?.string ?? "")
        }
    }

    /// `#if(picked("categories", choice.value)): checked#endif`: whether the box was ticked (or the
    /// option chosen); with a third value, what to show when this form was not the one sent.
    struct Picked: LeafTag {
        func render(_ ctx: LeafContext) throws -> LeafData {
            let id = try AnswerTags.id(ctx, "picked")
            guard ctx.parameters.count >= 2, let value = ctx.parameters[1].string else {
                // words: not shown (a template's mistake, for its author)
                throw Misused(description: "#picked(\(id)) needs the value to look for")
            }
            if let picked = try AnswerTags.form(ctx)?.picked(id, value) { return .bool(picked) }
            return .bool(ctx.parameters.count > 2 ? ctx.parameters[2].bool ?? false : false)
        }
    }

    /// `<details#if(opened("child.school", …)): open#endif>`: a folded part of a form opens when
    /// something in it was typed or is wrong.
    struct Opened: LeafTag {
        func render(_ ctx: LeafContext) throws -> LeafData {
            guard let form = try AnswerTags.form(ctx) else { return .bool(false) }
            return .bool(
                ctx.parameters.compactMap(\.string).contains { id in
                    // `linkedChild*`: any field whose name starts so.
                    if id.hasSuffix("*") {
                        let prefix = form.elementID(String(id.dropLast()))
                        return form.values.contains {
                            form.elementID($0.key).hasPrefix(prefix) && $0.value.contains { !$0.isEmpty }
                        }
                    }
                    return !(form.value(id) ?? "").isEmpty || !form.problems(id).isEmpty
                })
        }
    }

    /// `<input id="x" #invalid("x")>`: marks a field with a problem and ties it to the message.
    struct Invalid: UnsafeUnescapedLeafTag {
        func render(_ ctx: LeafContext) throws -> LeafData {
            let id = try AnswerTags.id(ctx, "invalid")
            guard let form = try AnswerTags.form(ctx), !form.problems(id).isEmpty else { return .string("") }
            return .string(#" aria-invalid="true" aria-describedby="\#(id.htmlEscaped())-error""#)
        }
    }

    /// `#problem("x")`: what is wrong with the field, beside it.
    struct Problem: UnsafeUnescapedLeafTag {
        func render(_ ctx: LeafContext) throws -> LeafData {
            let id = try AnswerTags.id(ctx, "problem")
            guard let request = ctx.request, let form = request.refusedForm else { return .string("") }
            let problems = form.problems(id)
            guard !problems.isEmpty else { return .string("") }
            let reader = request.readerWords
            let messages = problems.map { reader.catalogue.html($0.message, timeZone: reader.timeZone) }
            return .string(
                #"<p class="field-error" id="\#(id.htmlEscaped())-error">\#(messages.joined(separator: " "))</p>"#)
        }
    }
}
