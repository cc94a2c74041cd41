import Animation
import Testing

/// A schedule that must be rejected, with the exact message.
struct ScheduleErrorCase: CustomTestStringConvertible, Sendable {
    let schedule: String
    let message: String
    var frames = 5
    var seed: Int64 = 0

    var testDescription: String { schedule }
}

let scheduleErrors: [ScheduleErrorCase] = [
    // Syntax: position and what was expected.
    .init(schedule: "0:(1+sin(t)", message: "zoom: at 12: expected ')'"),
    .init(schedule: "0:(t+)", message: "zoom: at 6: expected an expression, found ')'"),
    .init(schedule: "0:", message: "zoom: at 3: expected a value after ':'"),
    .init(schedule: "0:(1)\n5:(2)", message: "zoom: at 7: expected an operator or ',', found a number"),
    .init(schedule: "0:(1),\n", message: "zoom: at 8: expected a keyframe after ','"),
    .init(schedule: "   ", message: "zoom: at 4: expected a keyframe such as 0:(1)"),
    .init(schedule: "0:(1), 5", message: "zoom: at 9: expected ':' after the frame key"),
    .init(schedule: "0:(t $ 2)", message: "zoom: at 6: unexpected character '$'"),
    .init(schedule: "0:(t+05)", message: "zoom: at 6: leading zeros are not allowed in a number (Python syntax)"),
    .init(schedule: "0:(2j*t)", message: "zoom: at 4: complex numbers are not supported"),
    .init(schedule: "0:(1e+)", message: "zoom: at 5: invalid number literal"),
    .init(schedule: "0:(t.real)", message: "zoom: at 5: unexpected '.'"),
    .init(schedule: "0:(t[0])", message: "zoom: at 5: unexpected '['"),
    .init(schedule: "0:(\"abc)", message: "zoom: at 4: unterminated string"),
    .init(schedule: "0:('abc')", message: "zoom: at 4: a string is not a number"),
    .init(schedule: "0:((t, 1))", message: "zoom: at 6: expected ')' (tuples are not numbers)"),
    .init(schedule: "0:(sin(t 1))", message: "zoom: at 10: expected ',' or ')', found a number"),
    .init(schedule: "0:(1 if t else 2)", message: "zoom: at 6: conditional expressions do not work in numexpr; use where(condition, a, b)"),
    .init(schedule: "0:(not t)", message: "zoom: at 4: Python's 'and', 'or' and 'not' do not work in numexpr; use '&', '|' and '~' with parentheses"),
    .init(schedule: "0:(t @ t)", message: "zoom: at 6: '@' is not supported"),
    .init(schedule: "0:(" + String(repeating: "(", count: 150) + "t" + String(repeating: ")", count: 150) + ")",
          message: "zoom: at 103: expression nested too deeply (more than 100 levels)"),
    .init(schedule: "0:(" + String(repeating: "-", count: 150) + "t)", message: "zoom: at 103: expression nested too deeply (more than 100 levels)"),
    .init(schedule: "0:(" + Array(repeating: "t", count: 600).joined(separator: "+") + ")",
          message: "zoom: at 1002: expression too long (more than 1000 tokens)"),
    // Names.
    .init(schedule: "0:(foo(t))", message: "zoom: at 4: unknown function 'foo'"),
    .init(schedule: "0:(max(t, 2))", message: "zoom: at 4: unknown function 'max' (use maximum(a, b))"),
    .init(schedule: "0:(e**t)", message: "zoom: at 4: unknown variable 'e' (numexpr has no constants; write 2.718281828459045); the variables are t, max_f and s"),
    .init(schedule: "0:(sin)", message: "zoom: at 4: 'sin' is a function; expected '(' after it"),
    .init(schedule: "0:(1), t+1:(2)", message: "zoom: at 8: 't' cannot be used in a frame key"),
    // numexpr's typing rules.
    .init(schedule: "0:(sin(t, 1))", message: "zoom: at 4: sin takes 1 argument, not 2"),
    .init(schedule: "0:(where(t>1, 1))", message: "zoom: at 4: where takes 3 arguments, not 2"),
    .init(schedule: "0:(t & 1.5)", message: "zoom: at 6: '&' is not defined for real operands"),
    .init(schedule: "0:(1 & t)", message: "zoom: at 6: a constant cannot be the left operand of '&' when the right one is not constant"),
    .init(schedule: "0:(-(t>1))", message: "zoom: at 4: cannot negate a comparison (1/0); use 1 - x or x * -1.0"),
    .init(schedule: "0:((t>1) - (t>2))", message: "zoom: at 10: '-' is not defined for comparison (1/0) operands"),
    .init(schedule: "0:(~1.5)", message: "zoom: at 4: '~' needs an integer or a comparison"),
    .init(schedule: "0:(1/0)", message: "zoom: at 5: division by zero"),
    .init(schedule: "0:(5%0+t)", message: "zoom: at 5: integer division or modulo by zero"),
    .init(schedule: "0:(10**20)", message: "zoom: at 6: integer constant out of range"),
    .init(schedule: "0:((-8)**(1/3))", message: "zoom: at 8: a negative number to a fractional power is complex"),
    .init(schedule: "0:(t**-2)", message: "zoom: at 5: integers to negative integer powers are not allowed (write 1.0*t or t**-1.0)"),
    // Keys.
    .init(schedule: "0:(1), 1.5:(2)", message: "zoom: at 8: frame key 1.5 is not a whole number"),
    .init(schedule: "0:(1), max_f/0:(2)", message: "zoom: at 8: the frame key is infinite"),
    .init(schedule: "0:(1), 4/0:(2)", message: "zoom: at 9: division by zero"),
    .init(schedule: "0:(1), 'log(-1.0)':(2)", message: "zoom: at 8: the frame key is NaN"),
    .init(schedule: "0:(1), :(2)", message: "zoom: at 8: expected a frame key before ':'"),
    .init(schedule: "7:(1), 9:(2)", message: "zoom: no keyframe within frames 0…4"),
    // Values that are not finite, named by frame.
    .init(schedule: "0:(log(t))", message: "zoom: frame 0: the value is -infinity"),
    .init(schedule: "0:(0), 3:(1/(t-3.0))", message: "zoom: frame 3: the value is +infinity"),
    .init(schedule: "0:(sqrt(t-2.5))", message: "zoom: frame 0: the value is NaN"),
    // Plain numbers near the largest double: the interpolation itself overflows.
    .init(schedule: "0:(-\(String(repeating: "9", count: 308))), 4:(\(String(repeating: "9", count: 308)))",
          message: "zoom: frame 1: the value is +infinity"),
    .init(schedule: "0:(0**(t-2))", message: "zoom: frame 0: integer division by zero (0 to a negative integer power)"),
]

@Test(arguments: scheduleErrors)
func scheduleErrorMessage(_ test: ScheduleErrorCase) {
    do {
        let schedule = try Schedule(test.schedule, name: "zoom")
        _ = try schedule.values(frameCount: test.frames, seed: test.seed)
        Issue.record("\(test.schedule) was accepted")
    } catch {
        #expect(error.description == test.message)
    }
}

@Test func errorLocations() throws {
    let error = #expect(throws: ScheduleError.self) { try Schedule("0:(1+sin(t)", name: "zoom") }
    #expect(error?.location == .position(12))
    #expect(error?.name == "zoom")
}
