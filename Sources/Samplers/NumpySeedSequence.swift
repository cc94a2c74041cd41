/// NumPy's `numpy.random.SeedSequence`: entropy (an integer) and an optional spawn key hashed into
/// a pool of 32-bit words, from which `generate_state` derives seeds.
///
/// Matches `numpy/random/bit_generator.pyx` (numpy 2.x): integers become little-endian 32-bit words
/// (0 is one zero word); when a spawn key is given, the entropy words are padded with zeros to the
/// pool size before the spawn-key words are appended; `mix_entropy` hashes the words into the pool
/// with one running multiplier (`hashmix`) and mixes every pool word into every other (`mix`); each
/// state word is a pool word (cycling) hashed with a second running multiplier. torchsde's
/// `BrownianInterval` seeds every node of its tree this way.
public struct NumpySeedSequence: Sendable, Equatable {
    /// The mixed entropy pool (`SeedSequence.pool`).
    public let pool: [UInt32]

    /// `SeedSequence(entropy, spawn_key=spawnKey, pool_size=poolSize)`.
    /// - Parameters:
    ///   - entropy: the run entropy (torchsde: its `entropy`, i.e. the seed).
    ///   - spawnKey: further integers mixed in after the entropy (torchsde: a node's position).
    ///   - poolSize: the pool's word count (numpy's default is 4; torchsde's trees use 24); at least 4.
    public init(entropy: UInt64, spawnKey: [UInt64] = [], poolSize: Int = 4) {
        precondition(poolSize >= 4, "numpy requires a pool of at least 4 words, got \(poolSize)")
        var words = Self.words(entropy)
        let spawnWords = spawnKey.flatMap(Self.words)
        if !spawnWords.isEmpty, words.count < poolSize {
            words += Array(repeating: 0, count: poolSize - words.count)
        }
        pool = Self.mixedPool(words + spawnWords, size: poolSize)
    }

    /// `generate_state(count)` with `dtype=np.uint32`.
    public func generateState(_ count: Int) -> [UInt32] {
        var multiplier: UInt32 = 0x8B51_F9DD
        return (0..<count).map { index in
            var value = pool[index % pool.count] ^ multiplier
            multiplier &*= 0x58F3_8DED
            value &*= multiplier
            return value ^ (value >> 16)
        }
    }

    /// `_int_to_uint32_array`: the little-endian 32-bit words of `value`, at least one.
    private static func words(_ value: UInt64) -> [UInt32] {
        let low = UInt32(truncatingIfNeeded: value)
        let high = UInt32(truncatingIfNeeded: value >> 32)
        return high == 0 ? [low] : [low, high]
    }

    /// `mix_entropy` over a zeroed pool of `size` words.
    private static func mixedPool(_ entropy: [UInt32], size: Int) -> [UInt32] {
        var multiplier: UInt32 = 0x43B0_D7E5
        func hashMix(_ value: UInt32) -> UInt32 {
            var value = value ^ multiplier
            multiplier &*= 0x931E_8875
            value &*= multiplier
            return value ^ (value >> 16)
        }
        func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
            let result = 0xCA01_F9DD &* x &- 0x4973_F715 &* y
            return result ^ (result >> 16)
        }
        var pool = (0..<size).map { hashMix($0 < entropy.count ? entropy[$0] : 0) }
        for source in 0..<size {
            for destination in 0..<size where destination != source {
                pool[destination] = mix(pool[destination], hashMix(pool[source]))
            }
        }
        for source in entropy.indices.dropFirst(size) {
            for destination in 0..<size {
                pool[destination] = mix(pool[destination], hashMix(entropy[source]))
            }
        }
        return pool
    }
}
