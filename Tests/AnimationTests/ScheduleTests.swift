import Animation
import Foundation
import Testing

@Test func textScheduleIsDetectedByQuotedValues() {
    #expect(Schedule.kind(of: #"0:("Euler a"), 10:("DPM++ 2M")"#) == .text)
    #expect(Schedule.kind(of: "0: ('model.safetensors')") == .text)
    #expect(Schedule.kind(of: #"0:("2"), 5:(3)"#) == .numeric)
    #expect(Schedule.kind(of: "0:(1+sin(t)), 5:(0)") == .numeric)
    #expect(Schedule.kind(of: "0: (Euler a)") == .numeric)
}

@Test func seedUseIsReported() throws {
    #expect(try Schedule("0:(s%7)", name: "x").usesSeed)
    #expect(try Schedule("0:(0), 's%5':(1)", name: "x").usesSeed)
    #expect(try !Schedule("0:(t), max_f:(0)", name: "x").usesSeed)
}

@Test func timelineAnswersSingleFrames() throws {
    let schedule = try Schedule("0:(0), 4:(t*2), 6:(1), 9:(3)", name: "x")
    let timeline = try schedule.timeline(frameCount: 12, seed: 0)
    let values = try schedule.values(frameCount: 12, seed: 0)
    let slope = (3.0 - 1) / 3
    let expected: [Double] = [0, 2, 4, 6, 8, 10, 1, slope * 1 + 1, slope * 2 + 1, 3, 3, 3]
    #expect(values == expected)
    for frame in (0..<12).reversed() {
        #expect(try timeline.value(at: frame) == values[frame])
    }
}

@Test func noFramesGiveNoValues() throws {
    #expect(try Schedule("5:(1)", name: "x").values(frameCount: 0, seed: 0).isEmpty)
}

@Test func commasInsideFunctionsAreArguments() throws {
    let schedule = try Schedule("0:(where(t > 2, arctan2(t, 4), -1.0)), 5:(maximum(t, 7))", name: "x")
    let values = try schedule.values(frameCount: 7, seed: 0)
    let expected: [Double] = [-1, -1, -1, atan2(3, 4), atan2(4, 4), 7, 7]
    #expect(values == expected)
}

@Test func textScheduleHoldsEachValue() throws {
    let schedule = try Schedule(#"0:("Euler a"), 3:(DDIM, with comma?)"#, name: "sampler_schedule", kind: .text)
    #expect(try schedule.strings(frameCount: 4, seed: 0) == ["Euler a", "Euler a", "Euler a", "DDIM, with comma?"])
    let quoted = try Schedule(#"0:("Euler, a"), 2:("LMS")"#, name: "sampler_schedule", kind: .text)
    #expect(try quoted.strings(frameCount: 4, seed: 0) == ["Euler, a", "Euler, a", "LMS", "LMS"])
}

@Test func expressionTreeIsTyped() throws {
    let schedule = try Schedule("0:(t*2 + 0.5)", name: "x")
    guard case .expression(let expression) = schedule.keyframes[0].value else {
        Issue.record("not an expression")
        return
    }
    #expect(expression.kind == .double)
    #expect(expression == .binary(.add, .cast(.binary(.multiply, .variable(.frame), .constant(.long(2))), to: .double), .constant(.double(0.5))))
}
