/// How a warp samples outside the source image, named as Deforum's `border` setting and mapped to
/// the OpenCV border types its `cv2.warpPerspective` call uses.
public enum BorderMode: String, CaseIterable, Sendable, Codable {
    /// `BORDER_REPLICATE`: the nearest edge pixel (Deforum's default, `replicate`).
    case replicate
    /// `BORDER_WRAP`: the image tiles the plane (Deforum's `wrap`).
    case wrap
    /// `BORDER_REFLECT`: mirrored with the edge pixel repeated (`fedcba|abcdef|fedcba`).
    case reflect
    /// `BORDER_CONSTANT` with black (older Deforum versions' fallback).
    case zeros

    /// The in-range index that stands for `index` on an axis of `length` pixels, or nil when the
    /// sample is the constant border (`zeros`). Matches OpenCV's `borderInterpolate`.
    @inline(__always)
    func resolve(_ index: Int, length: Int) -> Int? {
        if index >= 0 && index < length { return index }
        switch self {
        case .replicate:
            return index < 0 ? 0 : length - 1
        case .wrap:
            var p = index
            if p < 0 { p -= ((p - length + 1) / length) * length }
            if p >= length { p %= length }
            return p
        case .reflect:
            if length == 1 { return 0 }
            var p = index
            repeat {
                if p < 0 { p = -p - 1 } else { p = length - 1 - (p - length) }
            } while p < 0 || p >= length
            return p
        case .zeros:
            return nil
        }
    }
}
