import Foundation
import Samplers
import Testing

@Test func decodesADiffusersSchedulerConfig() throws {
    let json = """
        {"_class_name": "PNDMScheduler", "beta_end": 0.012, "beta_schedule": "scaled_linear",
         "beta_start": 0.00085, "num_train_timesteps": 1000, "set_alpha_to_one": false,
         "skip_prk_steps": true, "steps_offset": 1, "trained_betas": null}
        """
    let config = try JSONDecoder().decode(SchedulerConfiguration.self, from: Data(json.utf8))
    #expect(config == .sd15)
    #expect(config.noiseSchedule == .sd15)
}

@Test func decodesVPredictionAndTrailingSpacing() throws {
    let json = """
        {"prediction_type": "v_prediction", "timestep_spacing": "trailing", "steps_offset": 0,
         "beta_schedule": "linear", "beta_start": 0.0001, "beta_end": 0.02}
        """
    let config = try JSONDecoder().decode(SchedulerConfiguration.self, from: Data(json.utf8))
    #expect(config.prediction == .vPrediction)
    #expect(config.spacing == .trailing)
    #expect(config.stepsOffset == 0)
    #expect(config.betaSchedule == .linear)
}

@Test func rejectsUnsupportedOrInvalidConfigs() {
    #expect(throws: DecodingError.self) {
        try JSONDecoder().decode(SchedulerConfiguration.self, from: Data(#"{"beta_schedule": "squaredcos_cap_v2"}"#.utf8))
    }
    #expect(throws: DecodingError.self) {
        try JSONDecoder().decode(SchedulerConfiguration.self, from: Data(#"{"num_train_timesteps": 1}"#.utf8))
    }
    #expect(throws: DecodingError.self) {
        try JSONDecoder().decode(SchedulerConfiguration.self, from: Data(#"{"beta_start": 0.5, "beta_end": 0.1}"#.utf8))
    }
}
