import Testing
@testable import Animation

@Test func promptsMatchDeforumsMergingAndPreparation() throws {
    let cases = try #require(DeforumAnimationFixture.shared).prompts
    #expect(cases.count == 6)
    for item in cases {
        let schedule = try PromptSchedule(prompts: item.prompts, positive: item.positive, negative: item.negative,
                                          frameCount: item.frames, seed: 1, blends: false)
        for (frame, expected) in item.expected.enumerated() {
            let prompt = try schedule.prompt(at: frame)
            #expect(prompt.prompt == expected.prompt, "frame \(frame) of \(item.prompts)")
            #expect(prompt.negativePrompt == expected.negative, "frame \(frame) of \(item.prompts)")
            #expect(prompt.blend == nil)
        }
    }
}

@Test func blendWeightsMatchDeforumsInterpolation() throws {
    let cases = try #require(DeforumAnimationFixture.shared).interpolation
    for item in cases {
        let prompts = Dictionary(uniqueKeysWithValues: item.keys.map { ("\($0)", "p\($0)") })
        let schedule = try PromptSchedule(prompts: prompts, positive: "", negative: "", frameCount: item.frames, seed: 0, blends: true)
        for frame in 0..<item.frames {
            let prompt = try schedule.prompt(at: frame)
            if let weight = item.weights[frame], weight.weight > 0 {
                #expect(prompt.prompt == "p\(weight.from)")
                #expect(prompt.blend?.prompt == "p\(weight.to)")
                #expect(prompt.blend?.weight == weight.weight, "frame \(frame)")
            } else {
                #expect(prompt.blend == nil, "frame \(frame)")
            }
        }
    }
}

@Test func expressionKeysUseMaxF() throws {
    let schedule = try PromptSchedule(prompts: ["0": "a", "max_f/2": "b", "max_f - 1": "c"], positive: "", negative: "",
                                      frameCount: 11, seed: 0, blends: false)
    #expect(schedule.keyFrames == [0, 5, 9])
    #expect(try schedule.prompt(at: 4).prompt == "a")
    #expect(try schedule.prompt(at: 5).prompt == "b")
    #expect(try schedule.prompt(at: 10).prompt == "c")
}

@Test func backticksUseTheScheduleLanguage() throws {
    let schedule = try PromptSchedule(prompts: ["0": "(cat:`sqrt(t)+tan(0)`)"], positive: "", negative: "",
                                      frameCount: 5, seed: 3, blends: false)
    #expect(try schedule.prompt(at: 4).prompt == "(cat:2.0)")
    let seeded = try PromptSchedule(prompts: ["0": "`s*2` `t>2`"], positive: "", negative: "", frameCount: 5, seed: 3, blends: false)
    #expect(try seeded.prompt(at: 3).prompt == "6 True")
}

@Test func promptErrorsNameTheKey() {
    #expect(throws: ScheduleError.self) {
        _ = try PromptSchedule(prompts: ["0": "a `1+`"], positive: "", negative: "", frameCount: 3, seed: 0, blends: false)
    }
    do {
        _ = try PromptSchedule(prompts: ["0": "a", "max_f-4": "b"], positive: "", negative: "", frameCount: 5, seed: 0, blends: false)
        Issue.record("two keys naming frame 0 were accepted")
    } catch {
        #expect(error.description == #"prompts["max_f-4"]: names frame 0, as prompts["0"] does"#)
    }
    do {
        _ = try PromptSchedule(prompts: ["t+1": "a"], positive: "", negative: "", frameCount: 5, seed: 0, blends: false)
        Issue.record("a key reading t was accepted")
    } catch {
        #expect(error.description.hasPrefix(#"prompts["t+1"]: at 1:"#))
    }
}
