import Foundation
import ModelIO
import Tensors

/// Passes a checkpoint's tensors through to the loading model and keeps each one read, so that
/// after loading it holds exactly the model's weights (the same storage, not a copy): the base that
/// LoRAs are merged into, without reading or converting the checkpoint again.
///
/// `@unchecked Sendable`: `retained` is only touched under `lock`.
final class LoRARetainingSource: TensorSource, @unchecked Sendable {
    private let source: any TensorSource
    private let lock = NSLock()
    private var retained: [String: Tensor] = [:]

    init(_ source: any TensorSource) {
        self.source = source
    }

    var tensorNames: [String] { source.tensorNames }

    func shape(of name: String) -> [Int]? { source.shape(of: name) }

    func tensor(named name: String) throws -> Tensor {
        let tensor = try source.tensor(named: name)
        lock.withLock { retained[name] = tensor }
        return tensor
    }

    /// The tensors read so far.
    var weights: InMemoryTensorSource { lock.withLock { InMemoryTensorSource(retained) } }
}
