import Foundation

/// Deforum's "perspective flip": the image plane turned in 3D and re-projected by a virtual
/// camera, as `warpMatrix` and `get_flip_perspective_matrix` build it
/// (deforum-art/sd-webui-deforum `scripts/deforum_helpers/animation.py`).
///
/// The math, for a `W`×`H` frame, all in double precision:
/// - `half = rad(fv/2)`, `d = √(W² + H²)`, `side = d / cos(half)`, `h = d / (2 sin half)`,
///   `near = h − d/2`, `far = h + d/2`;
/// - `F = Proj · Tz(−h) · Rx(φ) · Ry(γ) · Rz(θ)` with the OpenGL-style projection
///   `Proj[0][0] = Proj[1][1] = 1/tan(half)`, `Proj[2][2] = −(far+near)/(far−near)`,
///   `Proj[2][3] = −2·far·near/(far−near)`, `Proj[3][2] = −1`;
/// - the corners `(∓W/2, ±H/2, 0)` are projected by `F` (`cv2.perspectiveTransform`), giving
///   destinations `(p + 1) · side/2`; the sources are the corners shifted by `(W/2, H/2)`; both
///   are rounded to float32 as Deforum's arrays are;
/// - `M = getPerspectiveTransform(sources, destinations)` and the result is
///   `M · [[1, 0, (W − side)/2], [0, 1, (H − side)/2], [0, 0, 1]]` (offsets rounded to float32).
///
/// With all angles 0 this is not the identity: at fv 53 on 512×512 it scales by about 0.9988.
public struct PerspectiveFlip: Sendable, Equatable {
    /// Roll about the view axis, in degrees (`perspective_flip_theta`).
    public var theta: Double
    /// Tilt about the horizontal axis, in degrees (`perspective_flip_phi`).
    public var phi: Double
    /// Pan about the vertical axis, in degrees (`perspective_flip_gamma`).
    public var gamma: Double
    /// The virtual camera's field of view in degrees (`perspective_flip_fv`, default 53).
    public var fieldOfView: Double

    public init(theta: Double = 0, phi: Double = 0, gamma: Double = 0, fieldOfView: Double = 53) {
        self.theta = theta
        self.phi = phi
        self.gamma = gamma
        self.fieldOfView = fieldOfView
    }

    /// The flip's source-to-destination matrix for a `width`×`height` frame.
    public func matrix(width: Int, height: Int) -> ProjectiveMatrix {
        let w = Double(width)
        let h = Double(height)
        let halfFov = fieldOfView / 2 * (Double.pi / 180)
        let diagonal = (w * w + h * h).squareRoot()
        let side = diagonal / cos(halfFov)
        let distance = diagonal / (2.0 * sin(halfFov))
        let near = distance - diagonal / 2.0
        let far = distance + diagonal / 2.0

        var translate = Matrix4.identity
        translate[2, 3] = -distance
        var projection = Matrix4.identity
        projection[0, 0] = 1.0 / tan(halfFov)
        projection[1, 1] = projection[0, 0]
        projection[2, 2] = -(far + near) / (far - near)
        projection[2, 3] = -(2.0 * far * near) / (far - near)
        projection[3, 2] = -1.0
        projection[3, 3] = 1.0
        let rotation = Matrix4.rotationX(degrees: phi) * Matrix4.rotationY(degrees: gamma)
            * Matrix4.rotationZ(degrees: theta)
        let full = projection * translate * rotation

        let corners: [(Double, Double)] = [(-w / 2, h / 2), (w / 2, h / 2), (w / 2, -h / 2), (-w / 2, -h / 2)]
        var sources: [(x: Double, y: Double)] = []
        var destinations: [(x: Double, y: Double)] = []
        for (cx, cy) in corners {
            let projected = full.projectPoint(x: cx, y: cy, z: 0)
            sources.append((Double(Float(cx + w / 2)), Double(Float(cy + h / 2))))
            destinations.append((Double(Float((projected.x + 1) * (0.5 * side))),
                                 Double(Float((projected.y + 1) * (0.5 * side)))))
        }
        let homography = ProjectiveMatrix.perspectiveTransform(from: sources, to: destinations)
            ?? ProjectiveMatrix.identity
        let shift = ProjectiveMatrix.translation(x: Double(Float((w - side) / 2)), y: Double(Float((h - side) / 2)))
        return homography * shift
    }
}

/// A 4×4 double matrix, row-major: just enough for the perspective flip's camera.
struct Matrix4 {
    var entries: [Double]

    static var identity: Matrix4 {
        Matrix4(entries: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
    }

    subscript(row: Int, column: Int) -> Double {
        get { entries[row * 4 + column] }
        set { entries[row * 4 + column] = newValue }
    }

    static func * (lhs: Matrix4, rhs: Matrix4) -> Matrix4 {
        var out = Matrix4(entries: [Double](repeating: 0, count: 16))
        for r in 0..<4 {
            for c in 0..<4 {
                var sum = 0.0
                for k in 0..<4 { sum += lhs[r, k] * rhs[k, c] }
                out[r, c] = sum
            }
        }
        return out
    }

    static func rotationX(degrees: Double) -> Matrix4 {
        let a = degrees * (Double.pi / 180)
        var m = identity
        m[1, 1] = cos(a); m[2, 2] = cos(a); m[1, 2] = -sin(a); m[2, 1] = sin(a)
        return m
    }

    static func rotationY(degrees: Double) -> Matrix4 {
        let a = degrees * (Double.pi / 180)
        var m = identity
        m[0, 0] = cos(a); m[2, 2] = cos(a); m[0, 2] = sin(a); m[2, 0] = -sin(a)
        return m
    }

    static func rotationZ(degrees: Double) -> Matrix4 {
        let a = degrees * (Double.pi / 180)
        var m = identity
        m[0, 0] = cos(a); m[1, 1] = cos(a); m[0, 1] = -sin(a); m[1, 0] = sin(a)
        return m
    }

    /// `cv2.perspectiveTransform` of one 3D point: the homogeneous divide by the fourth row, with
    /// OpenCV's zero result when that row is within float epsilon of 0.
    func projectPoint(x: Double, y: Double, z: Double) -> (x: Double, y: Double) {
        let w = x * self[3, 0] + y * self[3, 1] + z * self[3, 2] + self[3, 3]
        guard abs(w) > Double(Float.ulpOfOne) else { return (0, 0) }
        let inverse = 1.0 / w
        return ((x * self[0, 0] + y * self[0, 1] + z * self[0, 2] + self[0, 3]) * inverse,
                (x * self[1, 0] + y * self[1, 1] + z * self[1, 2] + self[1, 3]) * inverse)
    }
}
