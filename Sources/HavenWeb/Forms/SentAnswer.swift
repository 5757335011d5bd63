/// One answer as sent, as text: a form's text (a ticked box's `on`), or JSON's text, number or
/// true/false. An object, a list or a form field given in brackets is not one.
struct SentAnswer: Codable, Sendable {
    let text: String

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if let text = try? value.decode(String.self) {
            self.text = text
        } else if let number = try? value.decode(Int.self) {
            text = String(number)
        } else {
            text = try value.decode(Bool.self) ? "true" : "false"
        }
    }

    func encode(to encoder: any Encoder) throws {
        var value = encoder.singleValueContainer()
        try value.encode(text)
    }
}
