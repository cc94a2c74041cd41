/// How a checkpoint is stored on disk.
public enum CheckpointFormat: String, Sendable {
    /// A diffusers pipeline folder: `model_index.json`, `unet/`, `vae/`, `text_encoder/`.
    case diffusersFolder = "diffusers folder"
    /// One `.safetensors` file in CompVis/A1111 key naming.
    case safetensors = "safetensors"
    /// One PyTorch `.ckpt` (zip archive with a pickled state dict) in CompVis/A1111 key naming.
    case ckpt = "ckpt"
}

/// The model family of a checkpoint, recognised from its keys and shapes (or configs).
public enum ModelArchitecture: String, Sendable {
    case sd1 = "SD1.x"
    case sd2 = "SD2.x"
    case sdxl = "SDXL"
}
