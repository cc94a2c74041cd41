import Samplers
import Testing

@Test func ourNamesParseToThemselves() throws {
    for kind in SamplerKind.allCases {
        let parsed = try SamplerKind.parse(kind.rawValue)
        #expect(parsed.sampler == kind)
        #expect(parsed.schedule == nil)
    }
}

@Test func a1111DisplayNamesParseWithTheirSchedule() throws {
    #expect(try SamplerKind.parse("Euler a") == (.eulerAncestral, nil))
    #expect(try SamplerKind.parse("DPM++ 2M Karras") == (.dpmpp2m, .karras))
    #expect(try SamplerKind.parse("DPM++ 2M SDE Exponential") == (.dpmpp2mSDE, .exponential))
    #expect(try SamplerKind.parse("DPM++ SDE Karras") == (.dpmppSDE, .karras))
    #expect(try SamplerKind.parse("dpm2") == (.dpm2, nil))
    #expect(try SamplerKind.parse("k_lms") == (.lms, nil))
    #expect(try SamplerKind.parse("euler_ancestral") == (.eulerAncestral, nil))
    #expect(try SamplerKind.parse("DDIM") == (.ddim, nil))
}

@Test func unknownNamesThrowWithTheValidNames() {
    #expect(throws: SamplersError.unknownSampler(name: "Karras", valid: SamplerKind.allCases.map(\.rawValue))) {
        try SamplerKind.parse("Karras")
    }
    #expect(throws: SamplersError.unknownSampler(name: "UniPC", valid: SamplerKind.allCases.map(\.rawValue))) {
        try SamplerKind.parse("UniPC")
    }
}

@Test func scheduleNamesParse() throws {
    #expect(try ScheduleKind.parse("Karras") == .karras)
    #expect(throws: SamplersError.unknownSchedule(name: "sgm", valid: ["discrete", "normal", "karras", "exponential"])) {
        try ScheduleKind.parse("sgm")
    }
}
