import HavenDomain

/// R2.11: the marks on the body map as the recording form and the API send them, read and
/// checked with the rest of a concern (`ConcernInput`), and their problems named as they were
/// sent: a form row's own box (`mark3.size`), the API's place in its list (`injuries[2].size`).
extension ConcernInput {
    /// R2.11: a mark on the body map: the form's row (`mark1.place` is `front.leftForearm`) or
    /// the API's object (`view`, `part`); where it was tapped, in thousandths of the outline.
    struct Mark: Codable {
        var view: String?, part: String?, x: String?, y: String?
        var size: String?, colour: String?, explanation: String?

        init(
            view: String?, part: String?, x: String?, y: String?, size: String?, colour: String?,
            explanation: String?
        ) {
            (self.view, self.part, self.x, self.y) = (view, part, x, y)
            (self.size, self.colour, self.explanation) = (size, colour, explanation)
        }

        init(from decoder: any Decoder) throws {
            let fields = try decoder.container(keyedBy: Field.self)
            func text(_ name: String) throws -> String? { try ConcernInput.text(fields, name) }
            self.init(
                view: try text("view"), part: try text("part"), x: try text("x"), y: try text("y"),
                size: try text("size"), colour: try text("colour"), explanation: try text("explanation"))
        }
    }

    /// The form's rows of marks (`mark1.place`, …: a row left empty is skipped) or the API's
    /// list, and the form's row number of each mark read (none for the API).
    static func marks(in fields: KeyedDecodingContainer<Field>, unreadable: inout [FieldError]) -> ([Mark], [Int]) {
        func text(_ name: String) -> String? {
            do {
                return try Self.text(fields, name)
            } catch {
                unreadable.append(.init(field: name, message: Words("concerns.havenCouldNotReadThis")))
                return nil
            }
        }
        let rows = Self.rows(fields.allKeys.map(\.stringValue), prefix: "mark")
        guard !rows.isEmpty else {
            do {
                return (try fields.decodeIfPresent([Mark].self, forKey: Field("injuries")) ?? [], [])
            } catch {
                unreadable.append(.init(field: "injuries", message: Words("concerns.injuries.sendAsAList")))
                return ([], [])
            }
        }
        let sent = rows.filter { row in
            ["place", "size", "colour", "explanation"].contains {
                cleaned((try? Self.text(fields, "mark\(row).\($0)")) ?? nil) != nil
            }
        }
        // More rows than marks may be made are refused at once, before any row is read.
        let most = Limits().injuryMarksPerConcern
        guard sent.count <= most else {
            unreadable.append(
                .init(field: "injuries", message: Words("concerns.injuries.tooMany", ["most": .number(most)])))
            return ([], [])
        }
        return (
            sent.map { row in
                let place = text("mark\(row).place")?.split(separator: ".", maxSplits: 1).map(String.init) ?? []
                return Mark(
                    view: place.first, part: place.count > 1 ? place[1] : nil, x: text("mark\(row).x"),
                    y: text("mark\(row).y"), size: text("mark\(row).size"), colour: text("mark\(row).colour"),
                    explanation: text("mark\(row).explanation"))
            }, sent
        )
    }

    /// The marks that can be drafted, each checked; `kept` is where each was sent, and `number`
    /// what a mark sent at an index is called in words.
    func draftedMarks(errors: inout [FieldError]) -> (
        marks: [InjuryMark], kept: [Int], number: (Int) -> Int
    ) {
        // A mark is named by its row's number on the form (rows left empty are skipped), by its
        // place in the list from the API; `kept` is where each mark drafted was sent.
        func number(_ index: Int) -> Int { index < markRows.count ? markRows[index] : index + 1 }
        var marks: [InjuryMark] = []
        var kept: [Int] = []
        for (index, mark) in injuries.enumerated() {
            let view = mark.view.flatMap(BodyView.init(rawValue:))
            let part = mark.part.flatMap(BodyPart.init(rawValue:))
            let number: [String: Words.Argument] = ["mark": .number(number(index))]
            var point: MapPoint?
            if cleaned(mark.x) != nil || cleaned(mark.y) != nil {
                if let x = mark.x.flatMap({ Int(trimmed($0)) }), let y = mark.y.flatMap({ Int(trimmed($0)) }) {
                    point = MapPoint(x: x, y: y)
                } else {
                    errors.append(
                        .init(
                            field: "injuries[\(index)].point",
                            message: Words("concerns.injuries.pointOffTheOutline", number)))
                }
            }
            guard let view, let part else {
                errors.append(
                    .init(field: "injuries[\(index)].part", message: Words("concerns.injuries.chooseWhere", number)))
                continue
            }
            // Where it was marked is on the part it names (a tap lands on its part, or just beside it).
            if let point, !BodyOutline.holds(point, part, on: view) {
                errors.append(
                    .init(
                        field: "injuries[\(index)].point",
                        message: Words(
                            "concerns.injuries.pointOffThePart", number.merging(["part": .words(part.title)]) { $1 })))
            }
            kept.append(index)
            marks.append(
                InjuryMark(
                    view: view, part: part, point: point, size: mark.size, colour: mark.colour,
                    explanation: mark.explanation))
        }
        return (marks, kept, number)
    }

    /// A problem with a mark sent from the form, named by the row's own field (`mark3.size`;
    /// where it is, `mark3.place`), so the summary's link puts the cursor in that box.
    static func onTheForm(_ error: FieldError, rows: [Int]) -> FieldError {
        guard let match = error.field.firstMatch(of: /^injuries\[(\d+)\]\.(\w+)/), let sent = Int(match.1),
            sent < rows.count
        else { return error }
        let field = ["part", "point"].contains(String(match.2)) ? "place" : String(match.2)
        return FieldError(field: "mark\(rows[sent]).\(field)", message: error.message)
    }

    /// A problem with a drafted mark, named as it was sent: `injuries[k]` of the draft is the
    /// mark sent at `marks[k].index`, called by `marks[k].number` in words.
    static func renumbered(_ error: FieldError, marks: [(index: Int, number: Int)]) -> FieldError {
        guard let match = error.field.firstMatch(of: /^injuries\[(\d+)\]/), let drafted = Int(match.1),
            drafted < marks.count
        else { return error }
        let sent = marks[drafted]
        var arguments = error.message.arguments
        if arguments["mark"] != nil { arguments["mark"] = .number(sent.number) }
        return FieldError(
            field: "injuries[\(sent.index)]" + error.field[match.range.upperBound...],
            message: Words(error.message.key, arguments))
    }
}
