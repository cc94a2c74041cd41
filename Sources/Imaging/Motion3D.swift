import Foundation

/// One frame's 3D camera motion for Deforum's 3D mode without a depth model
/// (`use_depth_warping: false`), as `anim_frame_warp_3d` and `transform_image_3d_new` use it
/// (deforum-art/sd-webui-deforum `scripts/deforum_helpers/animation.py`, with PyTorch3D's
/// `FoVPerspectiveCameras` and `euler_angles_to_matrix` from its `py3d_tools.py`).
///
/// What Deforum computes, with the depth flat (`z = 1` everywhere):
/// - camera translation `T = (−tx/200, ty/200, −tz/200)` and rotation `R = Rx·Ry·Rz` from the
///   `rotation_3d_x/y/z` angles (PyTorch3D's "XYZ" convention, `Rx = [[1,0,0],[0,c,−s],[0,s,c]]` …);
/// - every pixel `(i, j)` becomes the point `p = (xᵢ, yⱼ, 1)` with `xᵢ = −1 + 2i/(W−1)`,
///   `yⱼ = −1 + 2j/(H−1)` (`torch.linspace(−1, 1)`);
/// - the old camera projects it to `(x/(t·a), y/t)` with `t = tan(fov/2)` and `a` the aspect ratio;
///   the new one projects `v = p·R + T` (row vector) to `(v₀/(t·a·v₂), v₁/(t·v₂))`. Near and far
///   planes only change the projected z, which is unused, so they do not affect the warp;
/// - the sampling grid is `affine_grid`'s identity (`align_corners=False`) minus the difference
///   of the two projections, so pixel `(i, j)` samples the source at
///   `(i − W/2·Δx, j − H/2·Δy)` in pixel units; `grid_sample` then interpolates there.
///
/// Because `Δ` subtracts a projective map from an affine one, the result is not a single
/// homography (only approximately so for small rotations about x and y), so the warp is computed
/// per pixel rather than as a `ProjectiveMatrix`.
public struct Motion3D: Sendable, Equatable {
    /// Camera translation per frame, in Deforum's units (1/200 of the normalised view).
    public var translationX: Double
    public var translationY: Double
    public var translationZ: Double
    /// Camera rotation per frame about x, y and z, in degrees.
    public var rotationX: Double
    public var rotationY: Double
    public var rotationZ: Double
    /// Field of view in degrees (`fov_schedule`, default 70).
    public var fieldOfView: Double
    /// The projection's aspect ratio (`aspect_ratio_schedule`, default 1; `W/H` with Deforum's
    /// `aspect_ratio_use_old_formula`).
    public var aspectRatio: Double

    public init(translationX: Double = 0, translationY: Double = 0, translationZ: Double = 0,
                rotationX: Double = 0, rotationY: Double = 0, rotationZ: Double = 0,
                fieldOfView: Double = 70, aspectRatio: Double = 1) {
        self.translationX = translationX
        self.translationY = translationY
        self.translationZ = translationZ
        self.rotationX = rotationX
        self.rotationY = rotationY
        self.rotationZ = rotationZ
        self.fieldOfView = fieldOfView
        self.aspectRatio = aspectRatio
    }

    /// For each destination pixel, row-major, the source position it samples, in pixels
    /// (pixel centres at integer coordinates), for a `width`×`height` frame.
    public func sourceCoordinates(width: Int, height: Int) -> [(x: Double, y: Double)] {
        let scale = 1.0 / 200.0
        let t = (-translationX * scale, translationY * scale, -translationZ * scale)
        let r = rotationMatrix()
        let tanHalf = tan(fieldOfView * (Double.pi / 180) / 2)
        let sx = 1.0 / (tanHalf * aspectRatio)
        let sy = 1.0 / tanHalf
        var coordinates: [(x: Double, y: Double)] = []
        coordinates.reserveCapacity(width * height)
        for j in 0..<height {
            let y = height > 1 ? -1.0 + 2.0 * Double(j) / Double(height - 1) : -1.0
            for i in 0..<width {
                let x = width > 1 ? -1.0 + 2.0 * Double(i) / Double(width - 1) : -1.0
                let v0 = x * r[0] + y * r[3] + r[6] + t.0
                let v1 = x * r[1] + y * r[4] + r[7] + t.1
                let v2 = x * r[2] + y * r[5] + r[8] + t.2
                let dx = v0 * sx / v2 - x * sx
                let dy = v1 * sy / v2 - y * sy
                coordinates.append((Double(i) - Double(width) / 2 * dx, Double(j) - Double(height) / 2 * dy))
            }
        }
        return coordinates
    }

    /// `euler_angles_to_matrix(radians, "XYZ")`: `Rx · Ry · Rz`, row-major.
    func rotationMatrix() -> [Double] {
        func axis(_ which: Int, _ degrees: Double) -> [Double] {
            let a = degrees * (Double.pi / 180)
            let c = cos(a), s = sin(a)
            switch which {
            case 0: return [1, 0, 0, 0, c, -s, 0, s, c]
            case 1: return [c, 0, s, 0, 1, 0, -s, 0, c]
            default: return [c, -s, 0, s, c, 0, 0, 0, 1]
            }
        }
        func multiply(_ a: [Double], _ b: [Double]) -> [Double] {
            (0..<9).map { k in
                let r = k / 3, c = k % 3
                return a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c]
            }
        }
        return multiply(multiply(axis(0, rotationX), axis(1, rotationY)), axis(2, rotationZ))
    }
}
