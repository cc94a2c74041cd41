import DiffusionModels
import Testing

@Test func unsupportedConfigurationSaysWhy() {
    #expect(DiffusionModelsError.unsupportedConfiguration("norm_num_groups 0").description.hasSuffix("norm_num_groups 0"))
}
