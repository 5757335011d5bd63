/// A language's plural rule as a PO header gives it ("nplurals=6; plural=(n==0) ? 0 : …;"), so
/// that a translator adding a language supplies its rule with the words, not in code. The
/// expression is C's, on the one variable `n`: integers, `n`, parentheses, `! % * / + -`,
/// comparisons, `&& ||` and `? :`.
public struct PluralForms: Sendable, Equatable {
    public let count: Int
    let expression: Expression

    public struct Malformed: Error, Equatable, CustomStringConvertible {
        public let problem: String
        public var description: String { "Plural-Forms: \(problem)" }
    }

    /// English's rule: one, and everything else.
    public static let english = try! PluralForms(header: "nplurals=2; plural=(n != 1);")

    public init(header: String) throws {
        var count: Int?
        var expression: Expression?
        for part in header.split(separator: ";") {
            let assignment = part.split(separator: "=", maxSplits: 1)
            guard assignment.count == 2 else { continue }
            let name = assignment[0].filter { !$0.isWhitespace }
            if name == "nplurals" {
                count = Int(assignment[1].filter { !$0.isWhitespace })
            } else if name == "plural" {
                var parser = Parser(String(assignment[1]))
                expression = try parser.parseAll()
            }
        }
        guard let count, (1...6).contains(count) else { throw Malformed(problem: "nplurals must be 1 to 6") }
        guard let expression else { throw Malformed(problem: "no plural expression") }
        self.count = count
        self.expression = expression
        for n in 0...1000 where !(0..<count).contains(form(for: n)) {
            throw Malformed(problem: "the expression gives form \(form(for: n)) for \(n), outside 0..<\(count)")
        }
    }

    /// Which of the translation's plural forms to use for `n`.
    public func form(for n: Int) -> Int { expression.value(n: n) }

    indirect enum Expression: Sendable, Equatable {
        case number(Int)
        case n
        case not(Expression)
        case negate(Expression)
        case binary(String, Expression, Expression)
        case choice(Expression, Expression, Expression)

        func value(n: Int) -> Int {
            switch self {
            case .number(let value): return value
            case .n: return n
            case .not(let inner): return inner.value(n: n) == 0 ? 1 : 0
            case .negate(let inner): return -inner.value(n: n)
            case .choice(let test, let yes, let no): return test.value(n: n) != 0 ? yes.value(n: n) : no.value(n: n)
            case .binary(let op, let left, let right):
                let a = left.value(n: n)
                if op == "&&" { return a != 0 && right.value(n: n) != 0 ? 1 : 0 }
                if op == "||" { return a != 0 || right.value(n: n) != 0 ? 1 : 0 }
                let b = right.value(n: n)
                switch op {
                case "*": return a &* b
                case "/": return b == 0 ? 0 : a / b
                case "%": return b == 0 ? 0 : a % b
                case "+": return a &+ b
                case "-": return a &- b
                case "<": return a < b ? 1 : 0
                case ">": return a > b ? 1 : 0
                case "<=": return a <= b ? 1 : 0
                case ">=": return a >= b ? 1 : 0
                case "==": return a == b ? 1 : 0
                default: return a != b ? 1 : 0
                }
            }
        }
    }

    /// Precedence climbing over C's operators, lowest first.
    struct Parser {
        var tokens: [String]
        var position = 0
        static let levels: [[String]] = [
            ["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"],
        ]

        init(_ text: String) {
            var tokens: [String] = []
            var characters = Array(text)[...]
            while let first = characters.first {
                if first.isWhitespace {
                    characters = characters.dropFirst()
                } else if first.isNumber {
                    let digits = characters.prefix(while: \.isNumber)
                    tokens.append(String(digits))
                    characters = characters.dropFirst(digits.count)
                } else if characters.count >= 2,
                    ["&&", "||", "==", "!=", "<=", ">="].contains(String(characters.prefix(2)))
                {
                    tokens.append(String(characters.prefix(2)))
                    characters = characters.dropFirst(2)
                } else {
                    tokens.append(String(first))
                    characters = characters.dropFirst()
                }
            }
            self.tokens = tokens
        }

        mutating func parseAll() throws -> Expression {
            let expression = try parseChoice()
            guard position == tokens.count else { throw Malformed(problem: "unexpected \(tokens[position])") }
            return expression
        }

        mutating func parseChoice() throws -> Expression {
            let test = try parseBinary(level: 0)
            guard peek == "?" else { return test }
            position += 1
            let yes = try parseChoice()
            guard peek == ":" else { throw Malformed(problem: "? without :") }
            position += 1
            return .choice(test, yes, try parseChoice())
        }

        mutating func parseBinary(level: Int) throws -> Expression {
            guard level < Self.levels.count else { return try parseUnary() }
            var left = try parseBinary(level: level + 1)
            while let op = peek, Self.levels[level].contains(op) {
                position += 1
                left = .binary(op, left, try parseBinary(level: level + 1))
            }
            return left
        }

        mutating func parseUnary() throws -> Expression {
            guard let token = peek else { throw Malformed(problem: "the expression ends too soon") }
            position += 1
            switch token {
            case "!": return .not(try parseUnary())
            case "-": return .negate(try parseUnary())
            case "n": return .n
            case "(":
                let inner = try parseChoice()
                guard peek == ")" else { throw Malformed(problem: "( without )") }
                position += 1
                return inner
            default:
                guard let value = Int(token) else { throw Malformed(problem: "unexpected \(token)") }
                return .number(value)
            }
        }

        var peek: String? { position < tokens.count ? tokens[position] : nil }
    }
}
