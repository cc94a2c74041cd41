import Foundation

/// One frame's 2D camera motion as Deforum's `anim_frame_warp_2d` reads it from the schedules
/// (deforum-art/sd-webui-deforum `scripts/deforum_helpers/animation.py`).
///
/// Deforum builds `R = cv2.getRotationMatrix2D((W·cx, H·cy), angle, zoom)` and the translation
/// `T = [[1, 0, tx], [0, 1, ty]]` (stored as float32), and warps by `R·T`: translate first, then
/// rotate and zoom about the transform centre. With the perspective flip on it warps by `P·R`:
/// Deforum calls `np.matmul(P, R, T)`, numpy takes `T` as the output array, so the translation is
/// dropped. `matrix(width:height:)` reproduces both, including that quirk.
public struct Motion2D: Sendable, Equatable {
    /// Rotation in degrees per frame; positive turns the picture counter-clockwise on screen.
    public var angle: Double
    /// Scale per frame; above 1 zooms in.
    public var zoom: Double
    /// Translation in pixels per frame; positive moves the content right (x) or down (y).
    public var translationX: Double
    public var translationY: Double
    /// The rotation/zoom centre as a fraction of the width and height (Deforum's
    /// `transform_center_x/y`, default 0.5).
    public var transformCenterX: Double
    public var transformCenterY: Double
    /// Deforum's perspective flip (`enable_perspective_flip`), or nil when it is off.
    public var perspectiveFlip: PerspectiveFlip?

    public init(angle: Double = 0, zoom: Double = 1, translationX: Double = 0, translationY: Double = 0,
                transformCenterX: Double = 0.5, transformCenterY: Double = 0.5,
                perspectiveFlip: PerspectiveFlip? = nil) {
        self.angle = angle
        self.zoom = zoom
        self.translationX = translationX
        self.translationY = translationY
        self.transformCenterX = transformCenterX
        self.transformCenterY = transformCenterY
        self.perspectiveFlip = perspectiveFlip
    }

    /// The source-to-destination matrix Deforum passes to `cv2.warpPerspective` for a
    /// `width`×`height` frame.
    public func matrix(width: Int, height: Int) -> ProjectiveMatrix {
        let rotation = Self.rotationMatrix2D(
            centerX: Double(Float(Double(width) * transformCenterX)),
            centerY: Double(Float(Double(height) * transformCenterY)),
            angle: angle, scale: zoom)
        if let flip = perspectiveFlip {
            return flip.matrix(width: width, height: height) * rotation
        }
        let translation = ProjectiveMatrix.translation(
            x: Double(Float(translationX)), y: Double(Float(translationY)))
        return rotation * translation
    }

    /// `cv2.getRotationMatrix2D(center, angle, scale)` as a 3×3 matrix: rotation by `angle`
    /// degrees (counter-clockwise on screen) and scaling about the centre, which OpenCV takes as a
    /// float32 point (hence the callers' `Float` rounding).
    static func rotationMatrix2D(centerX: Double, centerY: Double, angle: Double, scale: Double) -> ProjectiveMatrix {
        let radians = angle * (Double.pi / 180)
        let alpha = cos(radians) * scale
        let beta = sin(radians) * scale
        return ProjectiveMatrix([
            alpha, beta, (1 - alpha) * centerX - beta * centerY,
            -beta, alpha, beta * centerX + (1 - alpha) * centerY,
            0, 0, 1,
        ])
    }
}
