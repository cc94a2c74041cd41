import Kernels

/// Data movement: concatenation, slicing, axis permutation, nearest upsampling, row gathering.
extension Tensor {
    /// `torch.cat(tensors, dim=axis)`: every other extent must agree.
    public static func concatenate(_ tensors: [Tensor], axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "concatenate needs at least one tensor")
        let first = tensors[0]
        precondition(axis >= 0 && axis < first.rank, "concatenate: axis \(axis) of \(first.shape)")
        for t in tensors {
            precondition(t.rank == first.rank && (0..<t.rank).allSatisfy { $0 == axis || t.shape[$0] == first.shape[$0] },
                         "concatenate: \(t.shape) does not match \(first.shape) off axis \(axis)")
        }
        var shape = first.shape
        shape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let outer = first.shape[..<axis].reduce(1, *)
        let inner = first.shape[(axis + 1)...].reduce(1, *)
        let outRow = shape[axis] * inner
        return Tensor.make(shape) { z in
            var offset = 0
            for t in tensors {
                let run = t.shape[axis] * inner
                let start = offset
                t.withPointer { x in
                    Parallel.forRanges(outer, minimumChunk: max(1, Tensor.elementwiseChunk / max(1, run))) { range in
                        for o in range { (z + o * outRow + start).update(from: x + o * run, count: run) }
                    }
                }
                offset += run
            }
        }
    }

    /// Elements `range` along `axis` (a copy), as `x.narrow(axis, range.lowerBound, range.count)`.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        precondition(axis >= 0 && axis < rank && range.lowerBound >= 0 && range.upperBound <= shape[axis],
                     "slice: \(range) on axis \(axis) of \(shape)")
        var outShape = shape
        outShape[axis] = range.count
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        let run = range.count * inner
        let inRow = shape[axis] * inner
        let start = range.lowerBound * inner
        return withPointer { x in
            Tensor.make(outShape) { z in
                Parallel.forRanges(outer, minimumChunk: max(1, Tensor.elementwiseChunk / max(1, run))) { rows in
                    for o in rows { (z + o * run).update(from: x + o * inRow + start, count: run) }
                }
            }
        }
    }

    /// The tensor with its axes reordered: result axis i is self axis `axes[i]`, as
    /// `x.permute(axes).contiguous()`. NCHW ↔ NHWC and [B, L, H, D] ↔ [B, H, L, D] take fast paths.
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.sorted() == Array(0..<rank), "permuted: \(axes) is not a permutation of \(rank) axes")
        if axes == Array(0..<rank) { return self }
        let outShape = axes.map { shape[$0] }
        return withPointer { x in
            Tensor.make(outShape) { z in
                switch axes {
                case [1, 0]:
                    Layout.transpose(x, z, count: 1, rows: shape[0], columns: shape[1])
                case [0, 2, 1]:
                    Layout.transpose(x, z, count: shape[0], rows: shape[1], columns: shape[2])
                case [0, 2, 3, 1]:
                    Layout.transpose(x, z, count: shape[0], rows: shape[1], columns: shape[2] * shape[3])
                case [0, 3, 1, 2]:
                    Layout.transpose(x, z, count: shape[0], rows: shape[1] * shape[2], columns: shape[3])
                case [0, 2, 1, 3]:
                    swapMiddleAxes(x, z)
                default:
                    permuteGeneral(x, z, axes: axes, outShape: outShape)
                }
            }
        }
    }

    /// [A, B, C, D] → [A, C, B, D] by copying D-element runs.
    private func swapMiddleAxes(_ x: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>) {
        let (a, b, c, d) = (shape[0], shape[1], shape[2], shape[3])
        Parallel.forEach(a * c) { item in
            let i = item / c
            let k = item % c
            for j in 0..<b {
                (z + ((i * c + k) * b + j) * d).update(from: x + ((i * b + j) * c + k) * d, count: d)
            }
        }
    }

    /// Any permutation: walks the output in order with the input strides of the permuted axes.
    private func permuteGeneral(_ x: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>, axes: [Int], outShape: [Int]) {
        guard count > 0 else { return }
        var inStrides = [Int](repeating: 1, count: rank)
        for axis in (0..<(rank - 1)).reversed() { inStrides[axis] = inStrides[axis + 1] * shape[axis + 1] }
        let strides = axes.map { inStrides[$0] }
        let last = outShape[rank - 1]
        let lastStride = strides[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        var source = 0
        var target = 0
        while target < count {
            for j in 0..<last { z[target + j] = x[source + j * lastStride] }
            target += last
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                source += strides[axis]
                if index[axis] < outShape[axis] { break }
                source -= strides[axis] * outShape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// Nearest-neighbour 2× upsampling, as `F.interpolate(x, scale_factor=2, mode="nearest")`:
    /// [N, C, H, W] → [N, C, 2H, 2W].
    public func upsampledNearest2x() -> Tensor {
        precondition(rank == 4, "upsampledNearest2x needs [N, C, H, W], got \(shape)")
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        return withPointer { x in
            Tensor.make([shape[0], shape[1], 2 * h, 2 * w]) { z in
                Parallel.forEach(planes * h) { item in
                    let source = x + item * w
                    let row = z + item * 4 * w
                    for j in 0..<w {
                        row[2 * j] = source[j]
                        row[2 * j + 1] = source[j]
                    }
                    (row + 2 * w).update(from: row, count: 2 * w)
                }
            }
        }
    }

    /// Rows `indices` of self [V, D] → [indices.count, D], as `torch.nn.Embedding`'s lookup.
    public func gatherRows(_ indices: [Int]) -> Tensor {
        precondition(rank == 2, "gatherRows needs [V, D], got \(shape)")
        let (rows, width) = (shape[0], shape[1])
        for index in indices { precondition(index >= 0 && index < rows, "gatherRows: index \(index) outside 0..<\(rows)") }
        return withPointer { x in
            Tensor.make([indices.count, width]) { z in
                for (i, index) in indices.enumerated() { (z + i * width).update(from: x + index * width, count: width) }
            }
        }
    }
}
