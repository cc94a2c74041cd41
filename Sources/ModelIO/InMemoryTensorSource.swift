import Tensors

/// Named tensors held in memory: for tests, the built-in demo model and converted weights.
public struct InMemoryTensorSource: TensorSource {
    private let tensors: [String: Tensor]

    public init(_ tensors: [String: Tensor]) { self.tensors = tensors }

    public var tensorNames: [String] { tensors.keys.sorted() }

    public func shape(of name: String) -> [Int]? { tensors[name]?.shape }

    public func tensor(named name: String) throws -> Tensor {
        guard let tensor = tensors[name] else { throw ModelIOError.missingTensor(file: "(in memory)", key: name) }
        return tensor
    }
}
