import Tensors

/// Tiled VAE decoding and encoding for large images, as diffusers' `AutoencoderKL.enable_tiling()`
/// does it: the input is cut into tiles of the VAE's training size (`sample_size`) overlapping by a
/// quarter, each tile runs through the network alone (so memory stays bounded by one tile), and
/// neighbouring tiles are blended with linear ramps over the overlap before the tiles are cropped
/// and joined. Each tile is blended with its already blended upper and left neighbours, in diffusers'
/// order, so results match its tiled outputs.
extension AutoencoderKL {
    /// Overlap between neighbouring tiles, as a fraction of the tile size.
    static let tileOverlap = 0.25

    /// Tile edge in pixels.
    public var tileSampleSize: Int { configuration.sampleSize }

    /// Tile edge in latent cells.
    public var tileLatentSize: Int { configuration.sampleSize / downsamplingFactor }

    /// Decodes `latent` tile by tile (identical to `decode` when it fits in one tile).
    public func decodeTiled(_ latent: Tensor) throws(DiffusionModelsError) -> Tensor {
        guard latent.rank == 4, latent.shape[2] > tileLatentSize || latent.shape[3] > tileLatentSize else {
            return try decode(latent)
        }
        let stride = Int(Double(tileLatentSize) * (1 - Self.tileOverlap))
        let blend = Int(Double(tileSampleSize) * Self.tileOverlap)
        return try tiled(latent, tile: tileLatentSize, stride: stride, blend: blend, keep: tileSampleSize - blend) {
            (tile: Tensor) throws(DiffusionModelsError) -> Tensor in try decode(tile)
        }
    }

    /// Encodes `image` tile by tile (identical to `encode` when it fits in one tile).
    public func encodeTiled(_ image: Tensor) throws(DiffusionModelsError) -> LatentDistribution {
        guard image.rank == 4, image.shape[2] > tileSampleSize || image.shape[3] > tileSampleSize else {
            return try encode(image)
        }
        let stride = Int(Double(tileSampleSize) * (1 - Self.tileOverlap))
        let blend = Int(Double(tileLatentSize) * Self.tileOverlap)
        let latent = configuration.latentChannels
        let moments = try tiled(image, tile: tileSampleSize, stride: stride, blend: blend, keep: tileLatentSize - blend) {
            (tile: Tensor) throws(DiffusionModelsError) -> Tensor in
            let distribution = try encode(tile)
            return Tensor.concatenate([distribution.mean, distribution.logVariance], axis: 1)
        }
        return LatentDistribution(
            mean: moments.slice(axis: 1, 0..<latent), logVariance: moments.slice(axis: 1, latent..<(2 * latent)))
    }

    /// Runs `body` on `tile`×`tile` windows of `input` every `stride` cells, blends each result
    /// over `blend` cells with its upper and left neighbours, keeps its first `keep` rows and
    /// columns, and joins them.
    private func tiled(
        _ input: Tensor, tile: Int, stride: Int, blend: Int, keep: Int,
        _ body: (Tensor) throws(DiffusionModelsError) -> Tensor
    ) throws(DiffusionModelsError) -> Tensor {
        let (height, width) = (input.shape[2], input.shape[3])
        var rows: [[Tensor]] = []
        for top in Swift.stride(from: 0, to: height, by: stride) {
            var row: [Tensor] = []
            for left in Swift.stride(from: 0, to: width, by: stride) {
                let window = input.slice(axis: 2, top..<min(top + tile, height)).slice(axis: 3, left..<min(left + tile, width))
                row.append(try body(window))
            }
            rows.append(row)
        }
        for i in rows.indices {
            for j in rows[i].indices {
                if i > 0 { rows[i][j] = Self.blend(rows[i - 1][j], into: rows[i][j], axis: 2, extent: blend) }
                if j > 0 { rows[i][j] = Self.blend(rows[i][j - 1], into: rows[i][j], axis: 3, extent: blend) }
            }
        }
        let joinedRows = rows.map { row in
            Tensor.concatenate(row.map { $0.slice(axis: 2, 0..<min(keep, $0.shape[2])).slice(axis: 3, 0..<min(keep, $0.shape[3])) }, axis: 3)
        }
        return Tensor.concatenate(joinedRows, axis: 2)
    }

    /// `b` with its first `extent` cells along `axis` ramped from `a`'s last ones:
    /// `a[end − extent + k]·(1 − k/extent) + b[k]·(k/extent)` (diffusers' `blend_v` / `blend_h`).
    static func blend(_ a: Tensor, into b: Tensor, axis: Int, extent requested: Int) -> Tensor {
        let extent = min(a.shape[axis], b.shape[axis], requested)
        guard extent > 0 else { return b }
        var rampShape = [1, 1, 1, 1]
        rampShape[axis] = extent
        let ramp = (0..<extent).map { Float(Double($0) / Double(extent)) }
        let weights = Tensor(shape: rampShape, scalars: ramp)
        let complement = Tensor(shape: rampShape, scalars: ramp.map { 1 - $0 })
        let tail = a.slice(axis: axis, (a.shape[axis] - extent)..<a.shape[axis])
        let head = b.slice(axis: axis, 0..<extent)
        let blended = tail * complement + head * weights
        guard extent < b.shape[axis] else { return blended }
        return Tensor.concatenate([blended, b.slice(axis: axis, extent..<b.shape[axis])], axis: axis)
    }
}
