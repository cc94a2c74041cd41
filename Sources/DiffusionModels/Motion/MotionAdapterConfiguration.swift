/// The shape of an AnimateDiff motion adapter for an SD1.x UNet (Guo et al. 2023, "AnimateDiff";
/// the official `inference-v{1,2,3}.yaml` settings): one temporal transformer after every resnet /
/// spatial-transformer stage of the UNet, optionally one in the mid block.
public struct MotionAdapterConfiguration: Sendable, Equatable {
    /// Channels of each UNet level (the UNet's `block_out_channels`).
    public var blockOutChannels: [Int]
    /// Motion modules per down level; every up level has one more (the UNet's `layers_per_block`).
    public var layersPerBlock: Int
    /// Whether the mid block has a module (v2: resnet → attention → module → resnet).
    public var hasMidBlock: Bool
    /// Attention heads of every temporal attention (8 in every official module).
    public var heads: Int
    /// Groups of the module's input GroupNorm (32 in every official module).
    public var normGroups: Int
    /// Length of the sinusoidal position table: the most frames one UNet call may hold (24 for v1,
    /// 32 for v2/v3, 64 for AnimateLCM).
    public var maxFrames: Int
    /// v1's "non-inflated" GroupNorm: the base UNet's resnet norms and `conv_norm_out` take their
    /// statistics over all frames of a video instead of per frame (official `use_inflated_groupnorm: false`).
    public var crossFrameResnetNorm: Bool

    public init(
        blockOutChannels: [Int], layersPerBlock: Int, hasMidBlock: Bool, heads: Int = 8, normGroups: Int = 32,
        maxFrames: Int = 32, crossFrameResnetNorm: Bool = false
    ) {
        self.blockOutChannels = blockOutChannels
        self.layersPerBlock = layersPerBlock
        self.hasMidBlock = hasMidBlock
        self.heads = heads
        self.normGroups = normGroups
        self.maxFrames = maxFrames
        self.crossFrameResnetNorm = crossFrameResnetNorm
    }

    /// Checks that the numbers describe a buildable adapter and that it fits `unet`.
    public func validate(for unet: UNetConfiguration) throws(DiffusionModelsError) {
        guard blockOutChannels == unet.blockOutChannels else {
            throw .unsupportedConfiguration(
                "motion module has levels of \(blockOutChannels) channels, the UNet \(unet.blockOutChannels)")
        }
        guard layersPerBlock == unet.layersPerBlock else {
            throw .unsupportedConfiguration(
                "motion module has \(layersPerBlock) modules per down level, the UNet \(unet.layersPerBlock) resnets")
        }
        guard heads > 0, normGroups > 0, maxFrames > 0 else {
            throw .unsupportedConfiguration("motion module heads \(heads), norm groups \(normGroups), frames \(maxFrames) must be positive")
        }
        for channels in blockOutChannels where channels % heads != 0 || channels % normGroups != 0 {
            throw .unsupportedConfiguration(
                "motion module width \(channels) is not divisible by \(heads) heads and \(normGroups) norm groups")
        }
    }
}
