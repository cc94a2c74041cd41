import Tensors
import Testing

@Test func elementwiseArithmeticMatchesScalarLoops() {
    let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let b = Tensor(shape: [2, 3], scalars: [0.5, -1, 2, 0, 3, -2])
    #expect((a + b).scalars == [1.5, 1, 5, 4, 8, 4])
    #expect((a - b).scalars == [0.5, 3, 1, 4, 2, 8])
    #expect((a * b).scalars == [0.5, -2, 6, 0, 15, -12])
    #expect((a * 2).scalars == [2, 4, 6, 8, 10, 12])
    #expect((2 * a).scalars == (a * 2).scalars)
    #expect((a / 2).scalars == [0.5, 1, 1.5, 2, 2.5, 3])
    #expect(Tensor.lerp(a, b, weight: 0.5).scalars == [0.75, 0.5, 2.5, 2, 4, 2])
    #expect(Tensor.weightedSum(a, 2, b, -1).scalars == [1.5, 5, 4, 8, 7, 14])
    #expect((a + b).shape == [2, 3])
}

@Test func mutatingArithmeticDoesNotTouchCopies() {
    var a = Tensor(shape: [3], scalars: [1, 2, 3])
    let copy = a
    a += Tensor(shape: [3], scalars: [1, 1, 1])
    a *= 2
    #expect(a.scalars == [4, 6, 8])
    #expect(copy.scalars == [1, 2, 3])
}
