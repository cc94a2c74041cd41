import Layers
import Tensors

/// The motion modules AnimateDiff inserts into an SD1.x UNet, keyed as the official checkpoints
/// are (`down_blocks.{i}.motion_modules.{j}.temporal_transformer.…`, `mid_block.motion_modules.0.…`,
/// `up_blocks.{i}.motion_modules.{j}.…`). The UNet runs them when given a `VideoBatch`.
public struct MotionAdapter: Sendable {
    public let configuration: MotionAdapterConfiguration
    /// Per down level, one module per resnet.
    let downBlocks: [[MotionModule]]
    /// v2's module between the mid block's attention and second resnet.
    let midBlock: MotionModule?
    /// Per up level (0 = deepest), one module per resnet.
    let upBlocks: [[MotionModule]]

    /// Loads every module strictly (missing, wrong-shape and unexpected keys are all reported).
    /// `weights` must not contain the `pos_encoder.pe` buffers: the table is recomputed, as the
    /// official loader does.
    public init(from weights: WeightReader, configuration c: MotionAdapterConfiguration) throws {
        configuration = c
        func modules(_ prefix: String, count: Int, width: Int) -> [MotionModule] {
            (0..<count).map { index in
                MotionModule(
                    from: weights, prefix: prefix + "motion_modules.\(index).temporal_transformer.", width: width, configuration: c)
            }
        }
        downBlocks = c.blockOutChannels.enumerated().map { level, width in
            modules("down_blocks.\(level).", count: c.layersPerBlock, width: width)
        }
        let deepest = c.blockOutChannels[c.blockOutChannels.count - 1]
        midBlock = c.hasMidBlock ? modules("mid_block.", count: 1, width: deepest)[0] : nil
        upBlocks = c.blockOutChannels.reversed().enumerated().map { level, width in
            modules("up_blocks.\(level).", count: c.layersPerBlock + 1, width: width)
        }
        try weights.finish()
    }
}

/// What the UNet needs to know to run a batch of video frames: how many frames each video has
/// (items `b·frames + f`) and the motion modules to run across them.
public struct VideoBatch: Sendable {
    public let frames: Int
    public let motion: MotionAdapter
    /// Items the per-frame layers process at a time (memory bound; results do not depend on it).
    public let spatialChunk: Int

    public init(frames: Int, motion: MotionAdapter, spatialChunk: Int = 4) {
        self.frames = frames
        self.motion = motion
        self.spatialChunk = max(1, spatialChunk)
    }
}
