import Foundation
import ModelIO
import Tensors
import TestSupport
import Testing

@Suite struct SafetensorsFileTests {
    @Test func readsEveryDTypeItConverts() throws {
        // 1.5 in each type, little-endian: F32, F16 (0x3E00), BF16 (0x3FC0), F64, I64 = -3, U8 = 200, I8 = -5.
        var data: [UInt8] = []
        withUnsafeBytes(of: Float(1.5).bitPattern.littleEndian) { data += $0 }
        data += [0x00, 0x3E, 0xC0, 0x3F]
        withUnsafeBytes(of: Double(1.5).bitPattern.littleEndian) { data += $0 }
        withUnsafeBytes(of: Int64(-3).littleEndian) { data += $0 }
        data += [200, 0xFB]
        let header = """
            {"f32":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"f16":{"dtype":"F16","shape":[1],"data_offsets":[4,6]},\
            "bf16":{"dtype":"BF16","shape":[],"data_offsets":[6,8]},"f64":{"dtype":"F64","shape":[1,1],"data_offsets":[8,16]},\
            "i64":{"dtype":"I64","shape":[1],"data_offsets":[16,24]},"u8":{"dtype":"U8","shape":[1],"data_offsets":[24,25]},\
            "i8":{"dtype":"I8","shape":[1],"data_offsets":[25,26]},"__metadata__":{"format":"pt"}}
            """
        let file = try SafetensorsFile(path: try SafetensorsTestFile.write(header: header, data: data))
        #expect(file.tensorNames == ["f32", "f16", "bf16", "f64", "i64", "u8", "i8"])
        #expect(file.metadata == ["format": "pt"])
        #expect(try file.tensor(named: "f32").scalars == [1.5])
        #expect(try file.tensor(named: "f16").scalars == [1.5])
        #expect(try file.tensor(named: "bf16").scalars == [1.5])
        #expect(try file.tensor(named: "bf16").shape == [])
        #expect(try file.tensor(named: "f64").shape == [1, 1])
        #expect(try file.tensor(named: "f64").scalars == [1.5])
        #expect(try file.tensor(named: "i64").scalars == [-3])
        #expect(try file.tensor(named: "u8").scalars == [200])
        #expect(try file.tensor(named: "i8").scalars == [-5])
        #expect(file.dtype(of: "bf16") == .bfloat16)
    }

    @Test func readsHalvesAtAnOddOffset() throws {
        // A 1-byte tensor first puts the fp16 tensor at an odd address in the mapping.
        let header = #"{"b":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"h":{"dtype":"F16","shape":[9],"data_offsets":[1,19]}}"#
        let halves: [UInt16] = [0x3C00, 0x4000, 0x4200, 0x4400, 0x4500, 0x4600, 0x4700, 0x4800, 0xBC00]
        var data: [UInt8] = [7]
        for half in halves { data += [UInt8(half & 0xFF), UInt8(half >> 8)] }
        let file = try SafetensorsFile(path: try SafetensorsTestFile.write(header: header, data: data))
        #expect(try file.tensor(named: "h").scalars == [1, 2, 3, 4, 5, 6, 7, 8, -1])
    }

    @Test func writerRoundTrips() throws {
        let latents = Tensor(shape: [1, 4, 2, 3], scalars: (0..<24).map { Float($0) * 0.25 - 2 })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-writer-\(UUID().uuidString).safetensors").path
        try SafetensorsWriter.write(["latents": latents, "a\"b": Tensor(shape: [0])], metadata: ["k": "v"], to: path)
        let file = try SafetensorsFile(path: path)
        #expect(file.header.dataOffset % 8 == 0)
        #expect(file.metadata == ["k": "v"])
        #expect(try file.tensor(named: "latents").scalars == latents.scalars)
        #expect(file.shape(of: "a\"b") == [0])
    }

    @Test func tinyUNetFileOpens() throws {
        let file = try SafetensorsFile(path: Fixtures.url("tiny-sd/model/unet/diffusion_pytorch_model.safetensors").path)
        #expect(file.tensorNames.count == 494)
        #expect(file.shape(of: "conv_in.weight") == [16, 4, 3, 3])
        let bias = try file.tensor(named: "conv_in.bias")
        // Values from safetensors.safe_open(...).get_tensor("conv_in.bias").float()[:4].
        #expect(Array(bias.scalars.prefix(4)) == [-0.001399993896484375, -0.0933837890625, 0.006809234619140625, 0.00104522705078125])
        #expect(throws: ModelIOError.self) { try file.tensor(named: "nope") }
    }
}
