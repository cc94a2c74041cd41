import Kernels

/// Multi-head scaled dot-product attention (`Kernels.Attention`, blocked flash-style).
extension Tensor {
    /// softmax(Q·Kᵀ·scale [+ causal mask]) · V per head, as
    /// `torch.nn.functional.scaled_dot_product_attention` on `view(B, L, heads, D).transpose(1, 2)`:
    /// query [B, Lq, H·D], key and value [B, Lk, H·D] → [B, Lq, H·D], heads packed in the last axis.
    /// With `causal`, query i sees keys 0...i only (CLIP's text mask).
    public static func attention(query: Tensor, key: Tensor, value: Tensor, heads: Int, scale: Float, causal: Bool = false) -> Tensor {
        attention(query: query, key: key, value: value, heads: heads, scale: scale, causal: causal,
                  queryTile: Attention.defaultQueryTile, keyTile: Attention.defaultKeyTile)
    }

    /// `attention` with explicit tile sizes (for tests and tuning); results agree across tile
    /// sizes to rounding.
    public static func attention(
        query: Tensor, key: Tensor, value: Tensor, heads: Int, scale: Float, causal: Bool, queryTile: Int, keyTile: Int
    ) -> Tensor {
        precondition(query.rank == 3 && key.rank == 3 && key.shape == value.shape, "attention: query \(query.shape), key \(key.shape), value \(value.shape)")
        precondition(query.shape[0] == key.shape[0] && query.shape[2] == key.shape[2], "attention: query \(query.shape) vs key \(key.shape)")
        precondition(heads > 0 && query.shape[2] % heads == 0, "attention: width \(query.shape[2]) not divisible into \(heads) heads")
        let geometry = Attention.Geometry(
            batch: query.shape[0], queryLength: query.shape[1], keyLength: key.shape[1], heads: heads,
            headDimension: query.shape[2] / heads, scale: scale, causal: causal)
        return query.withPointer { q in
            key.withPointer { k in
                value.withPointer { v in
                    Tensor.make(query.shape) { o in
                        if geometry.keyLength == 0 {
                            o.update(repeating: 0, count: query.count)
                            return
                        }
                        Attention.attention(query: q, key: k, value: v, output: o, geometry: geometry, queryTile: queryTile, keyTile: keyTile)
                    }
                }
            }
        }
    }
}
