import Foundation
import Tensors

/// A VAE given on its own (`--vae PATH`): a diffusers `vae/` folder or a weights file in diffusers naming.
enum StandaloneVAE {
    static func open(_ path: String) throws -> DiffusersFolder.Component {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return try DiffusersFolder.component(path, named: "vae", checkpoint: path)
        }
        return DiffusersFolder.Component(tensors: try SafetensorsFile(path: path), config: nil)
    }
}
