import Foundation

/// The random numbers Deforum's frame noise draws, in order, from one generator seeded with the
/// frame's seed (`deforum_noise_gen.manual_seed(seed)` in `noise.py`).
///
/// For noise identical to Deforum's, conform PyTorch's CPU generator: `normal(count:)` is one
/// `torch.randn` call of `count` float32 values and `uniform(count:)` one `torch.rand` call
/// (24-bit uniforms in [0, 1)), both consuming the same Mersenne Twister stream. (Samplers'
/// `TorchCPURandom` reproduces the first; Imaging cannot import Samplers, so the caller adapts it.)
public protocol NoiseRandomSource {
    mutating func normal(count: Int) -> [Float]
    mutating func uniform(count: Int) -> [Float]
}

/// Deforum's `noise_type`.
public enum NoiseType: String, CaseIterable, Sendable, Codable {
    /// White Gaussian noise (`torch.randn`); Deforum calls it "uniform" because it is spatially uniform.
    case uniform
    /// White noise multiplied by `(perlin + 1)/2`, a fractal Perlin field.
    case perlin
}

/// Deforum's Perlin settings: lattice cells along y and x (`perlin_w`, `perlin_h`, both 8 and
/// never saved), octaves and persistence.
public struct PerlinParameters: Sendable, Equatable, Codable {
    public var cellsY: Int
    public var cellsX: Int
    public var octaves: Int
    public var persistence: Double

    public init(cellsY: Int = 8, cellsX: Int = 8, octaves: Int = 4, persistence: Double = 0.5) {
        self.cellsY = cellsY
        self.cellsX = cellsX
        self.octaves = octaves
        self.persistence = persistence
    }
}

/// Deforum's frame noise (`add_noise` in deforum-art/sd-webui-deforum
/// `scripts/deforum_helpers/noise.py`), computed in float32 like its torch code.
public enum FrameNoise {
    /// The noise picture Deforum mixes in (`noise_to_add`) for a `width`×`height` frame:
    /// - `n = randn(3, H64, W64)` with `H64 = H − H mod 64`, `W64 = W − W mod 64`;
    /// - for Perlin, `n · (p + 1)/2` with `p` the octave sum of `rand_perlin_2d` drawn next;
    /// - resized to `H`×`W` by nearest neighbour (`F.interpolate`), then
    ///   `uint8(clip(n/2 + 1/2, 0, 1) · 255)` (truncating).
    ///
    /// Plane `c` of `n` is channel `c` of Deforum's BGR buffer, so it lands in RGB channel `2 − c`.
    /// Deforum skips the resize for uniform noise and fails when the size is not a multiple of 64;
    /// here uniform noise is resized the same way. Throws when the Perlin lattice does not divide
    /// the 64-aligned size (Deforum fails there too).
    public static func image(width: Int, height: Int, type: NoiseType, perlin: PerlinParameters = PerlinParameters(),
                             random: inout some NoiseRandomSource) throws -> RGBImage {
        let h64 = height - height % 64
        let w64 = width - width % 64
        var noise = random.normal(count: 3 * h64 * w64)
        if type == .perlin {
            let field = try perlinOctaves(height: h64, width: w64, parameters: perlin, random: &random)
            for c in 0..<3 {
                for i in 0..<(h64 * w64) {
                    noise[c * h64 * w64 + i] *= (field[i] + 1) / 2
                }
            }
        }
        var out = RGBImage(width: width, height: height)
        guard h64 > 0, w64 > 0 else {
            // No noise field at all: Deforum's randn is empty; the mix sees mid-grey.
            for i in 0..<out.pixels.count { out.pixels[i] = 127 }
            return out
        }
        let rowIndex = nearestIndices(output: height, input: h64)
        let columnIndex = nearestIndices(output: width, input: w64)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 {
                    let value = noise[c * h64 * w64 + rowIndex[y] * w64 + columnIndex[x]]
                    let unit = min(max(value * 0.5 + 0.5, 0), 1)
                    out.pixels[(y * width + x) * 3 + (2 - c)] = UInt8(unit * 255)
                }
            }
        }
        return out
    }

    /// `F.interpolate(mode="nearest")`: `floor(i · in/out)` with the scale in float32.
    static func nearestIndices(output: Int, input: Int) -> [Int] {
        if output == input { return Array(0..<output) }
        let scale = Float(input) / Float(output)
        return (0..<output).map { min(Int((Float($0) * scale).rounded(.down)), input - 1) }
    }

    /// `rand_perlin_2d_octaves`: `Σₖ persistenceᵏ · rand_perlin_2d(shape, res·2ᵏ)`, row-major
    /// `height`×`width`, in [−√2·Σ, √2·Σ] (in practice about [−1, 1]).
    public static func perlinOctaves(height: Int, width: Int, parameters: PerlinParameters,
                                     random: inout some NoiseRandomSource) throws -> [Float] {
        var field = [Float](repeating: 0, count: height * width)
        var frequency = 1
        var amplitude = 1.0
        for _ in 0..<max(parameters.octaves, 0) {
            let octave = try perlin(height: height, width: width,
                                    cellsY: frequency * parameters.cellsY, cellsX: frequency * parameters.cellsX,
                                    random: &random)
            let a = Float(amplitude)
            for i in 0..<field.count { field[i] += a * octave[i] }
            frequency *= 2
            amplitude *= parameters.persistence
        }
        return field
    }

    /// One octave, `rand_perlin_2d(shape, (cellsY, cellsX))`: random gradient angles `2π·U[0,1)`
    /// on a `(cellsY+1)×(cellsX+1)` lattice; each pixel's four corner dot products are blended with
    /// the fade `6t⁵ − 15t⁴ + 10t³` (torch `lerp`) and scaled by √2.
    static func perlin(height: Int, width: Int, cellsY: Int, cellsX: Int,
                       random: inout some NoiseRandomSource) throws -> [Float] {
        guard cellsY > 0, height % cellsY == 0, height / cellsY > 0 else {
            throw ImagingError.perlinLatticeMismatch(size: height, cells: cellsY)
        }
        guard cellsX > 0, width % cellsX == 0, width / cellsX > 0 else {
            throw ImagingError.perlinLatticeMismatch(size: width, cells: cellsX)
        }
        let angles = random.uniform(count: (cellsY + 1) * (cellsX + 1)).map { Float(2 * Double.pi) * $0 }
        let gradients = angles.map { (cosf($0), sinf($0)) }
        let cellHeight = height / cellsY
        let cellWidth = width / cellsX
        let deltaY = Double(cellsY) / Double(height)
        let deltaX = Double(cellsX) / Double(width)
        func fraction(_ i: Int, _ delta: Double) -> Float {
            let value = Float(delta * Double(i))
            return value - value.rounded(.down)
        }
        func fade(_ t: Float) -> Float { 6 * powf(t, 5) - 15 * powf(t, 4) + 10 * t * t * t }
        func lerp(_ a: Float, _ b: Float, _ w: Float) -> Float {
            w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w)
        }
        var out = [Float](repeating: 0, count: height * width)
        for i in 0..<height {
            let fy = fraction(i, deltaY)
            let cy = i / cellHeight
            let ty = fade(fy)
            for j in 0..<width {
                let fx = fraction(j, deltaX)
                let cx = j / cellWidth
                let tx = fade(fx)
                func dot(_ gy: Int, _ gx: Int, _ sy: Float, _ sx: Float) -> Float {
                    let g = gradients[gy * (cellsX + 1) + gx]
                    return (fy + sy) * g.0 + (fx + sx) * g.1
                }
                let n00 = dot(cy, cx, 0, 0)
                let n10 = dot(cy + 1, cx, -1, 0)
                let n01 = dot(cy, cx + 1, 0, -1)
                let n11 = dot(cy + 1, cx + 1, -1, -1)
                out[i * width + j] = Float(2.0.squareRoot()) * lerp(lerp(n00, n10, ty), lerp(n01, n11, ty), tx)
            }
        }
        return out
    }
}

extension RGBImage {
    /// Deforum's `add_noise`: `cv2.addWeighted(img, 1 − amount, noise, amount, 0)` with
    /// `FrameNoise.image` as the noise. `random` must be freshly seeded with the frame's seed.
    public func addingNoise(amount: Double, type: NoiseType, perlin: PerlinParameters = PerlinParameters(),
                            random: inout some NoiseRandomSource) throws -> RGBImage {
        let noise = try FrameNoise.image(width: width, height: height, type: type, perlin: perlin, random: &random)
        return RGBImage.addWeighted(self, noise, amount: amount)
    }
}
