import Layers
import Tensors

/// Stable Diffusion's denoising UNet (Rombach et al. 2022; diffusers `UNet2DConditionModel`),
/// predicting the noise (or v) in a latent given a timestep and the text conditioning.
public struct UNet2DConditionModel: Sendable {
    public let configuration: UNetConfiguration
    let timeEmbedding: TimestepEmbedding
    let convIn: Conv2d
    let downBlocks: [UNetDownBlock]
    let midBlock: UNetMidBlock
    let upBlocks: [UNetUpBlock]
    let convNormOut: GroupNorm
    let convOut: Conv2d

    /// Loads every weight strictly (missing, wrong-shape and unexpected keys are all reported).
    public init(from weights: WeightReader, configuration c: UNetConfiguration) throws {
        try c.validate()
        configuration = c
        let base = c.blockOutChannels[0]
        timeEmbedding = TimestepEmbedding(
            from: weights, prefix: "time_embedding.", channels: base, width: 4 * base, flipSinToCos: c.flipSinToCos,
            frequencyShift: c.frequencyShift, conditionWidth: c.timeConditionDim)
        convIn = Conv2d(from: weights, prefix: "conv_in", inputs: c.inChannels, outputs: base, kernel: 3, padding: .uniform(1))
        downBlocks = c.blockOutChannels.indices.map { level in
            UNetDownBlock(
                from: weights, prefix: "down_blocks.\(level).", level: level,
                inputs: level == 0 ? base : c.blockOutChannels[level - 1], configuration: c)
        }
        midBlock = UNetMidBlock(from: weights, prefix: "mid_block.", configuration: c)
        upBlocks = c.blockOutChannels.indices.map { level in
            UNetUpBlock(from: weights, prefix: "up_blocks.\(level).", level: level, configuration: c)
        }
        convNormOut = GroupNorm(from: weights, prefix: "conv_norm_out", channels: base, groups: c.normGroups, epsilon: c.normEpsilon)
        convOut = Conv2d(from: weights, prefix: "conv_out", inputs: base, outputs: c.outChannels, kernel: 3, padding: .uniform(1))
        try weights.finish()
    }

    /// One forward pass.
    /// - Parameters:
    ///   - sample: noisy latents [N, in, H, W].
    ///   - timestep: the model timestep (0…999), the same for the whole batch.
    ///   - context: text conditioning [N, L, cross_attention_dim].
    ///   - timestepCondition: [N, timeConditionDim], added to the timestep features (diffusers'
    ///     `timestep_cond`, LCM's `guidanceEmbedding`); nil adds nothing.
    ///   - video: the batch is `N / frames` videos of `frames` consecutive items, connected by
    ///     these AnimateDiff motion modules; nil treats every item as an independent image.
    /// - Returns: the model output [N, out, H, W].
    public func callAsFunction(
        _ sample: Tensor, timestep: Double, context: Tensor, timestepCondition: Tensor? = nil, video: VideoBatch? = nil
    ) throws(DiffusionModelsError) -> Tensor {
        guard sample.rank == 4, sample.shape[1] == configuration.inChannels, sample.shape[2] > 0, sample.shape[3] > 0 else {
            throw .invalidInput("UNet sample has shape \(sample.shape), expected [N, \(configuration.inChannels), H, W]")
        }
        guard context.rank == 3, context.shape[0] == sample.shape[0], context.shape[2] == configuration.crossAttentionDim else {
            throw .invalidInput(
                "UNet context has shape \(context.shape), expected [\(sample.shape[0]), L, \(configuration.crossAttentionDim)]")
        }
        let batch = sample.shape[0]
        if let timestepCondition, timestepCondition.shape != [batch, configuration.timeConditionDim ?? -1] {
            throw .invalidInput(
                "UNet timestep condition has shape \(timestepCondition.shape), expected [\(batch), \(configuration.timeConditionDim.map(String.init) ?? "none: the UNet has no time_cond_proj_dim")]")
        }
        if let video {
            try video.motion.configuration.validate(for: configuration)
            guard video.frames > 0, batch % video.frames == 0 else {
                throw .invalidInput("UNet batch of \(batch) items is not a whole number of \(video.frames)-frame videos")
            }
            guard video.frames <= video.motion.configuration.maxFrames else {
                throw .invalidInput(
                    "\(video.frames) frames in one UNet call; the motion module's position table holds at most \(video.motion.configuration.maxFrames) (use context windows)")
            }
        }
        let activatedTime = timeEmbedding(Array(repeating: Float(timestep), count: batch), condition: timestepCondition).silu()
        let pass = UNetPass(activatedTime: activatedTime, context: context, video: video)
        let motion = video?.motion

        var h = pass.perItem(sample) { x, _, _ in convIn(x) }
        var skips = [h]
        for (level, block) in downBlocks.enumerated() {
            h = block(h, pass: pass, motionModules: motion?.downBlocks[level] ?? [], skips: &skips)
        }
        h = midBlock(h, pass: pass, motionModule: motion?.midBlock)
        for (level, block) in upBlocks.enumerated() {
            h = block(h, pass: pass, motionModules: motion?.upBlocks[level] ?? [], skips: &skips)
        }
        let normFrames = pass.normFrames
        return pass.perItem(h) { x, _, _ in convOut(convNormOut(x, applySiLU: true, frames: normFrames)) }
    }
}
