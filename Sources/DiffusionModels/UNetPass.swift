import Tensors

/// The per-item inputs of one UNet evaluation and how its batch is treated: as independent images,
/// or as videos whose frames the motion modules connect.
///
/// With a video, the per-frame stages (resnets, spatial transformers, samplers) run over slices of
/// `VideoBatch.spatialChunk` items so that activations stay bounded however many frames there are;
/// only the motion modules see every frame at once (AnimateDiff's memory plan). v1's cross-frame
/// resnet norms need whole videos, so they run unsliced.
struct UNetPass {
    /// SiLU(time embedding) [N, width].
    let activatedTime: Tensor
    /// Text conditioning [N, L, cross_attention_dim].
    let context: Tensor
    let video: VideoBatch?

    /// Items whose statistics the resnet norms share (1: per item).
    var normFrames: Int {
        guard let video, video.motion.configuration.crossFrameResnetNorm else { return 1 }
        return video.frames
    }

    /// `stage` applied to every item of `x` with its rows of `activatedTime` and `context`.
    func perItem(_ x: Tensor, _ stage: (_ x: Tensor, _ activatedTime: Tensor, _ context: Tensor) -> Tensor) -> Tensor {
        let items = x.shape[0]
        guard let video, normFrames == 1, video.spatialChunk < items else { return stage(x, activatedTime, context) }
        var outputs: [Tensor] = []
        for start in stride(from: 0, to: items, by: video.spatialChunk) {
            let rows = start..<min(start + video.spatialChunk, items)
            outputs.append(stage(x.slice(axis: 0, rows), activatedTime.slice(axis: 0, rows), context.slice(axis: 0, rows)))
        }
        return Tensor.concatenate(outputs, axis: 0)
    }

    /// `x` through `module` across the frames of each video, or unchanged without one.
    func motion(_ module: MotionModule?, _ x: Tensor) -> Tensor {
        guard let module, let video else { return x }
        return module(x, frames: video.frames)
    }
}
