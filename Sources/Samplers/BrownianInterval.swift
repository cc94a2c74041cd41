import Tensors

/// A Brownian motion on [t0, t1] whose increments W(ta, tb) are fixed by a seed: torchsde's
/// `BrownianInterval` with `halfway_tree=True` and no Lévy area, as torchsde's `BrownianTree`,
/// k-diffusion's `BatchedBrownianTree` and diffusers' `BatchedBrownianTree` build it.
///
/// Matches torchsde 0.2.6 `_brownian/brownian_interval.py`:
/// - Times are rounded to `digits` decimals with Python's `round` (torchsde's `tol = 10^-digits`).
/// - The intervals form a binary tree, split only at (rounded) halfway points, so the path depends on
///   the seed alone and not on the order of the queries. A query splits the tree down to its end
///   points and sums the increments of the nodes that cover it, left to right.
/// - The root's increment is `randn(s₀)·√(t1 − t0)`, where `s₀` is the first word of
///   `SeedSequence(entropy, pool_size).generate_state(3)`. A child's increment is the Brownian bridge
///   of its parent [s, e] split at m: left = (m − s)/(e − s)·W + √((m − s)(e − m)/(e − s))·randn(seed),
///   right = W − left, with `seed` the first word of `SeedSequence(entropy, spawn_key=(key, depth),
///   pool_size).generate_state(4)` for the parent's key (root 0; children 2k and 2k + 1) and depth.
///   Every `randn(seed)` is `torch.randn(shape, generator=torch.Generator().manual_seed(seed))`,
///   computed in float32 with torch's order of operations.
/// - Recent node increments are kept in a cache of `cacheSize` entries (torchsde's LRU dictionary);
///   the cache changes only the speed, as an evicted increment is recomputed from the same seeds.
///
/// Limitation: times must stay below 2⁵²·10^-digits (4.5·10⁹ at 6 digits), where Python's rounding
/// is reproduced exactly; sigma schedules are far inside that.
public final class BrownianInterval {
    /// The interval's (rounded) ends.
    public let start: Double
    public let end: Double
    /// The shape of every increment.
    public let shape: [Int]

    private let entropy: UInt64
    private let poolSize: Int
    private let digits: Int
    private let randomSource: RandomSourceKind
    private let root: Node
    private let rootIncrement: Tensor
    private let cacheSize: Int
    private var cache: [(node: Node, increment: Tensor)] = []

    /// `BrownianInterval(t0, t1, size=shape, entropy=entropy, tol=10^-digits, pool_size=poolSize,
    /// cache_size=cacheSize, halfway_tree=True)` with float32 values.
    /// - Parameters:
    ///   - t0: the start time; at most `t1`.
    ///   - t1: the end time.
    ///   - shape: the shape of the increments (diffusers: the latent's shape).
    ///   - entropy: the seed (diffusers' `noise_sampler_seed`, A1111's image seed).
    ///   - digits: the decimals the times are rounded to (torchsde's `tol = 10^-digits`; 6 in the
    ///     samplers), 0 to 15.
    ///   - poolSize: the `SeedSequence` pool size (24 in the samplers).
    ///   - cacheSize: how many node increments to keep (torchsde's default 45).
    ///   - randomSource: the generator of every `randn(seed)`: torch's CPU stream, or its CUDA stream
    ///     when the reference ran its tree on the GPU.
    public init(
        from t0: Double, to t1: Double, shape: [Int], entropy: UInt64, digits: Int = 6, poolSize: Int = 24,
        cacheSize: Int = 45, randomSource: RandomSourceKind = .cpu
    ) {
        precondition(t0 <= t1, "BrownianInterval needs t0 ≤ t1, got \(t0) > \(t1)")
        precondition((0...15).contains(digits), "BrownianInterval rounds to 0–15 decimals, got \(digits)")
        self.shape = shape
        self.entropy = entropy
        self.poolSize = poolSize
        self.digits = digits
        self.randomSource = randomSource
        self.cacheSize = cacheSize
        start = PythonRound.round(t0, digits: digits)
        end = PythonRound.round(t1, digits: digits)
        root = Node(start: start, end: end, origin: nil, spawnKey: 0, depth: 0)
        let seed = NumpySeedSequence(entropy: entropy, poolSize: poolSize).generateState(3)[0]
        var random = randomSource.makeSource(seed: UInt64(seed))
        rootIncrement = random.normal(shape: shape) * Float((t1 - t0).squareRoot())
    }

    /// The increment W(tb) − W(ta) (`interval(ta, tb)`). Times outside [start, end] are clamped to it,
    /// as torchsde does (with a warning there); equal times, also after rounding, give zeros.
    /// - Precondition: `ta ≤ tb` (torchsde raises otherwise).
    public func increment(from ta: Double, to tb: Double) -> Tensor {
        let ta = min(max(ta, start), end)
        let tb = min(max(tb, start), end)
        precondition(ta <= tb, "BrownianInterval queries need ta ≤ tb, got \(ta) > \(tb)")
        let a = PythonRound.round(ta, digits: digits)
        let b = PythonRound.round(tb, digits: digits)
        guard a < b else { return Tensor(shape: shape) }
        var nodes: [Node] = []
        locate(a, b, in: root, into: &nodes)
        var sum = increment(of: nodes[0])
        for node in nodes.dropFirst() {
            sum = sum + increment(of: node)
        }
        return sum
    }

    // MARK: - Tree

    /// Where a non-root node sits in its parent, and what its bridge needs of the parent.
    private struct Origin {
        unowned let parent: Node
        let isLeft: Bool
        let parentStart: Double
        let parentMidway: Double
        let parentEnd: Double
        let parentNoiseSeed: UInt32
    }

    private final class Node {
        let start: Double
        let end: Double
        let origin: Origin?
        let spawnKey: UInt64
        let depth: UInt64
        var children: (midway: Double, left: Node, right: Node)?

        init(start: Double, end: Double, origin: Origin?, spawnKey: UInt64, depth: UInt64) {
            self.start = start
            self.end = end
            self.origin = origin
            self.spawnKey = spawnKey
            self.depth = depth
        }
    }

    /// `_loc_inner`: appends to `out` the nodes that cover [ta, tb] inside `node`, splitting as needed.
    private func locate(_ ta: Double, _ tb: Double, in node: Node, into out: inout [Node]) {
        if ta == node.start, tb == node.end {
            out.append(node)
            return
        }
        let children = node.children ?? split(node, at: ta == node.start ? tb : ta)
        if tb <= children.midway {
            locate(ta, tb, in: children.left, into: &out)
        } else if ta >= children.midway {
            locate(ta, tb, in: children.right, into: &out)
        } else {
            locate(ta, children.midway, in: children.left, into: &out)
            locate(children.midway, tb, in: children.right, into: &out)
        }
    }

    /// `_split` with a halfway tree: halves `node`, then the half holding `target`, and so on until
    /// `target` is a split point. Returns `node`'s children.
    private func split(_ node: Node, at target: Double) -> (midway: Double, left: Node, right: Node) {
        let top = halve(node)
        var children = top
        while target != children.midway {
            children = halve(target > children.midway ? children.right : children.left)
        }
        return top
    }

    /// `_split_exact` at the rounded halfway point of a leaf.
    private func halve(_ node: Node) -> (midway: Double, left: Node, right: Node) {
        let midway = PythonRound.round(0.5 * (node.end + node.start), digits: digits)
        let seed = NumpySeedSequence(entropy: entropy, spawnKey: [node.spawnKey, node.depth], poolSize: poolSize)
            .generateState(4)[0]
        func child(isLeft: Bool) -> Node {
            let origin = Origin(
                parent: node, isLeft: isLeft, parentStart: node.start, parentMidway: midway, parentEnd: node.end,
                parentNoiseSeed: seed)
            return Node(
                start: isLeft ? node.start : midway, end: isLeft ? midway : node.end, origin: origin,
                spawnKey: 2 * node.spawnKey + (isLeft ? 0 : 1), depth: node.depth + 1)
        }
        let children = (midway: midway, left: child(isLeft: true), right: child(isLeft: false))
        node.children = children
        return children
    }

    // MARK: - Increments

    /// A node's increment: from its nearest ancestor with a known increment, bridged down.
    private func increment(of node: Node) -> Tensor {
        var path: [Node] = []
        var current = node
        var value = rootIncrement
        while let origin = current.origin {
            if let hit = cache.first(where: { $0.node === current }) {
                value = hit.increment
                break
            }
            path.append(current)
            current = origin.parent
        }
        for child in path.reversed() {
            guard let origin = child.origin else { continue }
            value = bridge(origin, parentIncrement: value)
            remember(child, value)
        }
        return value
    }

    /// The Brownian bridge: the child's share of its parent's increment `w`.
    private func bridge(_ origin: Origin, parentIncrement w: Tensor) -> Tensor {
        let reciprocal = 1 / (origin.parentEnd - origin.parentStart)
        let leftLength = origin.parentMidway - origin.parentStart
        let rightLength = origin.parentEnd - origin.parentMidway
        var random = randomSource.makeSource(seed: UInt64(origin.parentNoiseSeed))
        let noise = random.normal(shape: shape)
        let mean = (w * Float(leftLength)) * Float(reciprocal)
        let deviation = Float((leftLength * rightLength * reciprocal).squareRoot())
        let left = mean + noise * deviation
        return origin.isLeft ? left : w - left
    }

    /// `_LRUDict.__setitem__`: (re)inserts as the newest entry, evicting the oldest when full.
    private func remember(_ node: Node, _ increment: Tensor) {
        guard cacheSize > 0 else { return }
        if let index = cache.firstIndex(where: { $0.node === node }) {
            cache.remove(at: index)
        } else if cache.count >= cacheSize {
            cache.removeFirst()
        }
        cache.append((node, increment))
    }
}
