import Testing
import Tensors

@Test func copiesAreIndependent() {
    var a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let b = a
    a.withUnsafeMutableBufferPointer { $0[0] = 42 }
    #expect(a.scalars[0] == 42)
    #expect(b.scalars[0] == 1)
}

@Test func storageIsSixtyFourByteAligned() {
    let t = Tensor(shape: [3, 5, 7], repeating: 1)
    t.withUnsafeBufferPointer { #expect(Int(bitPattern: $0.baseAddress!) % 64 == 0) }
    #expect(t.count == 105)
}

@Test func reshapeKeepsElements() {
    let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]).reshaped([3, 2])
    #expect(t.shape == [3, 2])
    #expect(t.scalars == [1, 2, 3, 4, 5, 6])
}
