"""A full-size Stable Diffusion 1.5 checkpoint with random weights, for benchmarks and full-size
parity runs (never committed: ~2 GB in fp16).

    python scripts/bench/make_random_sd15.py OUT_DIR

Writes OUT_DIR/sd15-random/: a diffusers folder with SD1.5's exact configs (UNet 320/640/1280/1280,
VAE 128/256/512/512, CLIP ViT-L/14 text model), fp16.
Weights are scaled like make_tiny_sd.py so every layer matters to the output.
"""
import json
import os
import sys

import torch
from diffusers import AutoencoderKL, StableDiffusionPipeline, UNet2DConditionModel
from transformers import CLIPTextConfig, CLIPTextModel



def randomise(module):
    with torch.no_grad():
        for name, p in module.named_parameters():
            if p.ndim >= 2:
                p.copy_(torch.randn_like(p) / p[0].numel() ** 0.5)
            elif name.endswith("weight") and "norm" in name:
                p.copy_(1 + 0.1 * torch.randn_like(p))
            else:
                p.copy_(0.05 * torch.randn_like(p))


def main():
    out = sys.argv[1]
    torch.manual_seed(15)
    unet = UNet2DConditionModel(sample_size=64, cross_attention_dim=768, attention_head_dim=8)
    vae = AutoencoderKL(block_out_channels=(128, 256, 512, 512), down_block_types=("DownEncoderBlock2D",) * 4,
                        up_block_types=("UpDecoderBlock2D",) * 4, layers_per_block=2, latent_channels=4,
                        sample_size=512)
    text = CLIPTextModel(CLIPTextConfig(hidden_act="quick_gelu", projection_dim=768, hidden_size=768,
                                        intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                                        max_position_embeddings=77, vocab_size=49408, bos_token_id=49406,
                                        eos_token_id=49407, pad_token_id=49407))
    for m in (unet, vae, text):
        randomise(m)
    folder = os.path.join(out, "sd15-random")
    for name, m in (("unet", unet), ("vae", vae), ("text_encoder", text)):
        m.to(torch.float16).save_pretrained(os.path.join(folder, name), safe_serialization=True)
    from safetensors.torch import load_file, save_file
    text_file = os.path.join(folder, "text_encoder", "model.safetensors")
    state = load_file(text_file)
    save_file({k if k.startswith("text_model.") else "text_model." + k: v for k, v in state.items()}, text_file,
              metadata={"format": "pt"})
    with open(os.path.join(folder, "model_index.json"), "w") as f:
        json.dump({"_class_name": "StableDiffusionPipeline", "unet": ["diffusers", "UNet2DConditionModel"],
                   "vae": ["diffusers", "AutoencoderKL"], "text_encoder": ["transformers", "CLIPTextModel"]}, f)
    print("wrote", folder)


if __name__ == "__main__":
    main()
