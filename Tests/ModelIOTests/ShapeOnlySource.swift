import ModelIO
import Tensors

/// Tensor names and shapes without data: enough to test key mapping, architecture detection and
/// configuration inference on full-size layouts.
struct ShapeOnlySource: TensorSource {
    let shapes: [String: [Int]]

    var tensorNames: [String] { shapes.keys.sorted() }

    func shape(of name: String) -> [Int]? { shapes[name] }

    func tensor(named name: String) throws -> Tensor { throw ModelIOError.missingTensor(file: "(shapes only)", key: name) }
}
