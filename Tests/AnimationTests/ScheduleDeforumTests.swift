import Animation
import Foundation
import Testing
import TestSupport

/// One schedule of `Tests/Fixtures/schedules/deforum_schedules.json` (scripts/fixtures/make_schedules.py):
/// Deforum's own per-frame output, or the exception it raised.
struct DeforumScheduleCase: Decodable, CustomTestStringConvertible, Sendable {
    let name: String
    let schedule: String
    let frames: Int
    let seed: Int64
    let kind: String
    let values: [DeforumValue]?
    let error: String?
    let nonfinite_frame: Int?
    let numexpr_values: [DeforumValue]?

    var testDescription: String { name }

    static let all: [DeforumScheduleCase] = {
        struct Document: Decodable { let cases: [DeforumScheduleCase] }
        guard let data = try? Fixtures.data("schedules/deforum_schedules.json"),
              let document = try? JSONDecoder().decode(Document.self, from: data) else { return [] }
        return document.cases
    }()
}

/// A number (NaN and infinities are written as strings) or a text schedule's string.
enum DeforumValue: Decodable, Sendable {
    case number(Double)
    case text(String)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

/// What Zoetrope does where Deforum raises: an error with this exact message, or these values.
enum Deviation {
    case error(String)
    case values([Double])
    case strings([String])
}

/// Every schedule Deforum rejects, with Zoetrope's answer (commas in function calls are checked
/// against numexpr's own values from the fixture instead), and the two Deforum accepts but
/// Zoetrope answers differently on purpose: a second ':' in a keyframe (Deforum drops the rest
/// silently) and a number in a text schedule (Deforum ignores it and holds the previous text);
/// Python's unbounded integers are 64-bit here, so a literal intermediate beyond that is an error.
let deviations: [String: Deviation] = [
    "int64_minimum": .error("case: at 6: integer constant out of range"),
    "extra_colon": .error("case: at 6: unexpected ':' (a keyframe has one value; separate keyframes with ',')"),
    "text_number_value": .strings(["a", "a", "a", "1", "1"]),
    "missing_frame_zero": .values([1, 1, 1, 1, 1, 1, 1, 1]),
    "missing_frame_zero_two_keys": .values([2, 2, 3, 4, 5, 5]),
    "text_missing_frame_zero": .strings(["a", "a", "a", "a", "a"]),
    "empty": .error("case: at 1: expected a keyframe such as 0:(1)"),
    "trailing_comma": .error("case: at 7: expected a keyframe after ','"),
    "no_colon": .error("case: at 4: expected ':' after the frame key"),
    "unknown_variable": .error("case: at 4: unknown variable 'abc'; the variables are t, max_f and s"),
    "pi_is_unknown": .error("case: at 4: unknown variable 'pi' (numexpr has no constants; write 3.141592653589793); the variables are t, max_f and s"),
    "pow_is_unknown": .error("case: at 4: unknown function 'pow' (write a ** b)"),
    "t_in_key": .error("case: at 1: 't' cannot be used in a frame key"),
    "fractional_key": .error("case: at 8: frame key 2.5 is not a whole number"),
    "empty_parens": .error("case: at 4: expected an expression, found ')'"),
    "dangling_operator": .error("case: at 6: expected an expression, found ')'"),
    "unclosed_call": .error("case: at 10: expected ')'"),
    "int_negative_power": .error("case: at 5: integers to negative integer powers are not allowed (write 1.0*t or t**-1.0)"),
    "string_in_numeric": .error("case: at 4: a string is not a number"),
    "where_needs_bool": .error("case: at 4: the condition of where must be a comparison, e.g. where(t>5, 1, 0)"),
    "chained_comparison": .error("case: at 7: chained comparisons do not work in numexpr; write (a < b) & (b < c)"),
    "python_and": .error("case: at 10: Python's 'and', 'or' and 'not' do not work in numexpr; use '&', '|' and '~' with parentheses"),
    "modulo_float_zero": .error("case: frame 0: the value is NaN"),
]

/// Deforum's and Zoetrope's values agree bit for bit (both call the same libm).
func expectIdentical(_ actual: [Double], _ expected: [Double], _ name: String) {
    #expect(actual.count == expected.count, "\(name): \(actual.count) values, expected \(expected.count)")
    for (frame, (a, e)) in zip(actual, expected).enumerated() {
        #expect(a.bitPattern == e.bitPattern, "\(name) frame \(frame): \(a) != \(e)")
    }
}

@Test func deforumTableIsLarge() {
    #expect(DeforumScheduleCase.all.count >= 60)
}

@Test(arguments: DeforumScheduleCase.all)
func scheduleMatchesDeforum(_ test: DeforumScheduleCase) throws {
    let kind: Schedule.Kind = test.kind == "text" ? .text : .numeric
    let outcome = Result { () throws(ScheduleError) -> [DeforumValue] in
        let schedule = try Schedule(test.schedule, name: "case", kind: kind)
        if kind == .text { return try schedule.strings(frameCount: test.frames, seed: test.seed).map(DeforumValue.text) }
        return try schedule.values(frameCount: test.frames, seed: test.seed).map(DeforumValue.number)
    }
    if let deviation = deviations[test.name] {
        switch deviation {
        case .error(let message):
            guard case .failure(let error) = outcome else {
                Issue.record("\(test.name): expected the error \(message)")
                return
            }
            #expect(error.description == message)
        case .values(let expected):
            expectIdentical(try outcome.get().compactMap(\.number), expected, test.name)
        case .strings(let expected):
            #expect(try outcome.get().map(\.text) == expected.map(Optional.some))
        }
        return
    }
    if let frame = test.nonfinite_frame {
        // Deforum interpolates over NaN; Zoetrope names the frame.
        guard case .failure(let error) = outcome else {
            Issue.record("\(test.name): expected an error at frame \(frame)")
            return
        }
        #expect(error.location == .frame(frame), "\(test.name): \(error)")
        return
    }
    if let values = test.values ?? test.numexpr_values {
        let actual = try outcome.get()
        if kind == .text {
            #expect(actual.map(\.text) == values.map(\.text), "\(test.name)")
        } else {
            expectIdentical(actual.compactMap(\.number), values.compactMap(\.number), test.name)
        }
        return
    }
    Issue.record("\(test.name): Deforum raises \(test.error ?? "?"); Zoetrope's behaviour is not listed")
}
