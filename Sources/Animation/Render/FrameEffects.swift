import Imaging

/// The pixel operations of the frame loop, gathered so the renderer reads as Deforum's loop and
/// tests can check the loop's order and arithmetic with simpler operations.
protocol FrameEffects {
    /// The previous frame moved by one frame's motion (2D matrix, or 3D flat-depth camera move).
    func warp(_ image: RGBImage, motion: FrameMotion, spec: AnimationSpec) -> RGBImage
    /// Colour coherence: `image` histogram-matched to `reference`.
    func matchColours(_ image: RGBImage, to reference: RGBImage, coherence: ColorCoherence) -> RGBImage
    /// Deforum's anti-blur unsharp mask.
    func sharpen(_ image: RGBImage, parameters: FrameParameters) throws -> RGBImage
    /// Deforum's frame noise: `image` mixed with noise drawn from `seed` by `amount`.
    func addNoise(_ image: RGBImage, amount: Double, seed: Int64, noise: AnimationSpec.Noise) throws -> RGBImage
    /// An input image (init image, colour reference, video frame) brought to the frame size.
    func fit(_ image: RGBImage, width: Int, height: Int) -> RGBImage
}

extension FrameEffects {
    /// Everything done to the warped previous frame before img2img, in Deforum's order
    /// (`render.py`): colour match, greyscale, contrast gain, unsharp mask, noise. The reference is
    /// taken from this frame when there is none yet (then it is not matched).
    func prepareInit(_ warped: RGBImage, plan: FramePlan, spec: AnimationSpec, reference: inout RGBImage?) throws -> RGBImage {
        var image = warped
        if spec.color.coherence != .none {
            if let reference {
                image = matchColours(image, to: reference, coherence: spec.color.coherence)
            } else {
                reference = image
            }
        }
        if spec.color.grayscale { image = image.greyscale() }
        let parameters = plan.parameters
        if parameters.contrast != 1 { image = image.contrastGain(parameters.contrast) }
        if parameters.sharpenAmount > 0 { image = try sharpen(image, parameters: parameters) }
        if parameters.noise != 0, let seed = plan.diffusion?.noiseSeed {
            image = try addNoise(image, amount: parameters.noise, seed: seed, noise: spec.noise)
        }
        return image
    }
}

/// The frame loop's pixel operations done by the `Imaging` target, as Deforum does them.
struct ImagingEffects: FrameEffects {
    func warp(_ image: RGBImage, motion: FrameMotion, spec: AnimationSpec) -> RGBImage {
        let flip = spec.motion.perspectiveFlip
            ? PerspectiveFlip(theta: motion.perspectiveFlipTheta, phi: motion.perspectiveFlipPhi,
                              gamma: motion.perspectiveFlipGamma, fieldOfView: motion.perspectiveFlipFv)
            : nil
        switch spec.mode {
        case .threeD:
            var flipped = image
            if let flip {
                flipped = image.warped(by: flip.matrix(width: spec.width, height: spec.height), border: spec.motion.border)
            }
            let camera = Motion3D(translationX: motion.translationX, translationY: motion.translationY,
                                  translationZ: motion.translationZ, rotationX: motion.rotation3DX,
                                  rotationY: motion.rotation3DY, rotationZ: motion.rotation3DZ,
                                  fieldOfView: motion.fov, aspectRatio: motion.aspectRatio)
            return flipped.warped(by: camera, sampling: spec.motion.sampling, padding: spec.motion.padding)
        case .twoD, .interpolation, .videoInput, .animateDiff:
            let motion2D = Motion2D(angle: motion.angle, zoom: motion.zoom, translationX: motion.translationX,
                                    translationY: motion.translationY, transformCenterX: motion.transformCenterX,
                                    transformCenterY: motion.transformCenterY, perspectiveFlip: flip)
            return image.warped(by: motion2D.matrix(width: spec.width, height: spec.height), border: spec.motion.border)
        }
    }

    func matchColours(_ image: RGBImage, to reference: RGBImage, coherence: ColorCoherence) -> RGBImage {
        let space: ColourSpace = switch coherence {
        case .rgb: .rgb
        case .hsv: .hsv
        case .lab, .image, .none: .lab
        }
        return image.matchingColours(to: reference, space: space)
    }

    func sharpen(_ image: RGBImage, parameters: FrameParameters) throws -> RGBImage {
        try image.unsharpMasked(kernelSize: parameters.sharpenKernel, sigma: parameters.sharpenSigma,
                                amount: parameters.sharpenAmount, threshold: parameters.sharpenThreshold)
    }

    func addNoise(_ image: RGBImage, amount: Double, seed: Int64, noise: AnimationSpec.Noise) throws -> RGBImage {
        var random = DeforumNoiseSource(seed: seed)
        let perlin = PerlinParameters(octaves: noise.perlinOctaves, persistence: noise.perlinPersistence)
        return try image.addingNoise(amount: amount, type: noise.type, perlin: perlin, random: &random)
    }

    func fit(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
        image.width == width && image.height == height ? image : image.resized(width: width, height: height)
    }
}
