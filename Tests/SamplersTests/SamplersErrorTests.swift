import Samplers
import Testing

@Test func unknownSamplerListsValidNames() {
    let error = SamplersError.unknownSampler(name: "eular", valid: ["euler", "euler_a"])
    #expect(error.description == "unknown sampler 'eular'; valid samplers: euler, euler_a")
}
