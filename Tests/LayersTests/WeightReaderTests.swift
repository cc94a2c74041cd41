import Layers
import Tensors
import Testing

/// A dictionary of tensors standing in for a checkpoint.
private struct DictionarySource: TensorSource {
    let tensors: [String: Tensor]
    var tensorNames: [String] { Array(tensors.keys) }
    func shape(of name: String) -> [Int]? { tensors[name]?.shape }
    func tensor(named name: String) throws -> Tensor {
        guard let tensor = tensors[name] else { throw LayersError.missingKey(name) }
        return tensor
    }
}

@Suite struct WeightReaderTests {
    @Test func aCompleteCheckpointLoadsTheStoredValues() throws {
        let weight = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let bias = Tensor(shape: [2], scalars: [0.5, -0.5])
        let reader = WeightReader(DictionarySource(tensors: ["fc.weight": weight, "fc.bias": bias]), component: "test")
        let linear = Linear(from: reader, prefix: "fc", inputs: 3, outputs: 2)
        try reader.finish()
        #expect(linear.weight.scalars == weight.scalars)
        #expect(linear.bias?.scalars == bias.scalars)
    }

    @Test func missingWrongShapeAndUnexpectedKeysAreAllReported() {
        let source = DictionarySource(tensors: [
            "fc.weight": Tensor(shape: [3, 2]),
            "extra.weight": Tensor(shape: [1]),
        ])
        let reader = WeightReader(source, component: "UNet")
        _ = Linear(from: reader, prefix: "fc", inputs: 3, outputs: 2)
        #expect(throws: LayersError.loadFailed(
            component: "UNet",
            problems: [.shapeMismatch(key: "fc.weight", expected: [2, 3], actual: [3, 2]), .missingKey("fc.bias")],
            unexpectedKeys: ["extra.weight"])) { try reader.finish() }
    }

    @Test func unexpectedKeysOutsideTheCheckedPrefixesAreIgnored() throws {
        let source = DictionarySource(tensors: ["a.weight": Tensor(shape: [1, 1]), "b.weight": Tensor(shape: [1])])
        let reader = WeightReader(source, component: "test")
        _ = Linear(from: reader, prefix: "a", inputs: 1, outputs: 1, bias: false)
        try reader.finish(checkingUnexpectedUnder: ["a."])
        #expect(throws: LayersError.self) { try reader.finish() }
    }

    @Test func synthesisedWeightsAreDeterministicPerKeyAndBounded() {
        let first = WeightReader(synthesizingWithSeed: 7, component: "demo")
        let second = WeightReader(synthesizingWithSeed: 7, component: "demo")
        let other = WeightReader(synthesizingWithSeed: 8, component: "demo")
        let a = first.tensor("x.weight", shape: [16, 64])
        _ = second.tensor("y.weight", shape: [4, 4])
        let b = second.tensor("x.weight", shape: [16, 64])
        let c = other.tensor("x.weight", shape: [16, 64])
        #expect(a.scalars == b.scalars)
        #expect(a.scalars != c.scalars)
        #expect(a.scalars.allSatisfy { abs($0) <= 1 / 8 })
        #expect(Set(a.scalars).count > 1000)
        #expect(first.tensor("n.weight", shape: [4], initializer: .ones).scalars == [1, 1, 1, 1])
    }
}
