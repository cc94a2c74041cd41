import Foundation
import Tensors

/// A description of a checkpoint for `zoetrope inspect`: format, architecture, and per component
/// its tensor and parameter counts and stored dtypes, plus the load report. Unlike
/// `StableDiffusionCheckpoint.open` it does not refuse incomplete or not-yet-supported checkpoints:
/// it says what is there. Reads names and shapes only, never tensor data.
public struct CheckpointInspection: Sendable {
    /// One component in diffusers naming.
    public struct Component: Sendable, Equatable {
        /// `unet`, `vae` or `text_encoder`.
        public let name: String
        public let tensorCount: Int
        /// Sum of the element counts of its tensors.
        public let parameterCount: Int
        /// Number of tensors per stored dtype (safetensors names: `F16`, `F32`, `BF16`, …).
        public let dtypes: [String: Int]
        /// Whether its configuration comes from a `config.json` (false: inferred from shapes).
        public let hasConfigFile: Bool
    }

    public let path: String
    public let format: CheckpointFormat
    public let architecture: ModelArchitecture
    /// Why a non-SD1.x architecture was recognised (a key or config), nil for SD1.x.
    public let architectureEvidence: String?
    /// Components found, in the order unet, vae, text_encoder.
    public let components: [Component]
    /// Tensors in the file as stored (single files only).
    public let storedTensorCount: Int?
    public let report: LoadReport

    /// Inspects the diffusers folder or single file at `path`, with `vaeOverride` as `open` takes it.
    /// - Throws: `ModelIOError` when the file itself cannot be read or is malformed.
    public init(path: String, vaeOverride: String? = nil) throws {
        var contents = try CheckpointContents.read(path)
        if let vaeOverride { try contents.overrideVAE(with: vaeOverride) }
        self.path = path
        format = contents.format
        architecture = contents.architecture
        architectureEvidence = contents.architectureEvidence
        storedTensorCount = contents.stored?.tensorNames.count
        report = contents.report
        let parts: [(String, (any TensorSource)?, Data?)] = [
            ("unet", contents.unet, contents.unetConfig), ("vae", contents.vae, contents.vaeConfig),
            ("text_encoder", contents.textEncoder, contents.textEncoderConfig),
        ]
        components = parts.compactMap { name, tensors, config in
            tensors.map { Self.describe(name, $0, hasConfigFile: config != nil) }
        }
    }

    private static func describe(_ name: String, _ tensors: any TensorSource, hasConfigFile: Bool) -> Component {
        var parameters = 0
        var dtypes: [String: Int] = [:]
        for tensor in tensors.tensorNames {
            let shape = tensors.shape(of: tensor) ?? []
            let (sum, overflow) = parameters.addingReportingOverflow(shape.reduce(1, *))
            parameters = overflow ? .max : sum
            let dtype = (tensors as? any StoredDTypeSource)?.dtype(of: tensor)?.rawValue ?? "?"
            dtypes[dtype, default: 0] += 1
        }
        return Component(
            name: name, tensorCount: tensors.tensorNames.count, parameterCount: parameters, dtypes: dtypes,
            hasConfigFile: hasConfigFile)
    }
}
