import ArgumentParser

/// The model and its add-ons, as txt2img, img2img and render take them.
struct ModelOptions: ParsableArguments {
    @Option(help: "A Stable Diffusion 1.x checkpoint: .safetensors, .ckpt or a diffusers folder. Without it: the spec's model (render), else the built-in demo model.")
    var model: String?

    @Option(help: "A VAE file or folder replacing the checkpoint's VAE; taesd:PATH keeps it and encodes/decodes with the TAESD at PATH (diffusers AutoencoderTiny folder or taesd_decoder/taesd_encoder files).")
    var vae: String?

    @Option(name: .customLong("lora-dir"), help: "Where prompts' <lora:name:weight> LoRAs are looked up (name.safetensors, .pt, .ckpt).")
    var loraDirectory: String?

    @Option(name: .customLong("embeddings-dir"), help: "A folder of textual-inversion embeddings, each used where a prompt names its file.")
    var embeddingsDirectory: String?
}
