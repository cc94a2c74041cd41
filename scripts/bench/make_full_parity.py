"""Reference outputs of the full-size SD1.5 components (random weights, from make_random_sd15.py) for
the gated full-size parity tests (Tests/DiffusionModelsTests/FullSizeParityTests.swift). Not committed:
the file is ~40 MB and the model ~2 GB.

    python scripts/bench/make_full_parity.py MODEL_FOLDER OUT.safetensors
    ZOETROPE_FULL_PARITY=OUT.safetensors ZOETROPE_FULL_MODEL=MODEL_FOLDER swift test --filter FullSizeParity

Float32 throughout: CLIP ViT-L/14 text model on two token rows (last state, clip-skip 2), the UNet at
a 64×64 latent (512×512 image) batch 2, VAE decode of a 64×64 latent and encode of a 256×256 image.
"""
import sys

import torch
from diffusers import AutoencoderKL, UNet2DConditionModel
from safetensors.torch import save_file
from transformers import CLIPTextModel

folder, out_path = sys.argv[1], sys.argv[2]
torch.manual_seed(512)
torch.set_num_threads(2)
out = {}
with torch.no_grad():
    text = CLIPTextModel.from_pretrained(folder, subfolder="text_encoder", torch_dtype=torch.float32)
    ids = torch.full((2, 77), 49407, dtype=torch.long)
    ids[:, 0] = 49406
    ids[0, 1:8] = torch.tensor([320, 1125, 539, 320, 2368, 530, 518])
    ids[1, 1:4] = torch.tensor([1929, 13, 4558])
    result = text(input_ids=ids, output_hidden_states=True)
    out["clip.input_ids"] = ids.float()
    out["clip.last_hidden_state"] = result.last_hidden_state
    norm = text.text_model.final_layer_norm if hasattr(text, "text_model") else text.final_layer_norm
    out["clip.skip2"] = norm(result.hidden_states[-2])
    del text
    unet = UNet2DConditionModel.from_pretrained(folder, subfolder="unet", torch_dtype=torch.float32)
    sample, context = torch.randn(2, 4, 64, 64), torch.randn(2, 77, 768)
    out["unet.sample"], out["unet.encoder_hidden_states"] = sample, context
    out["unet.timestep"] = torch.tensor([601.0])
    out["unet.out"] = unet(sample, 601.0, encoder_hidden_states=context).sample
    del unet
    vae = AutoencoderKL.from_pretrained(folder, subfolder="vae", torch_dtype=torch.float32)
    latent = torch.randn(1, 4, 64, 64)
    out["vae.decode.in"], out["vae.decode.out"] = latent, vae.decode(latent).sample
    image = torch.rand(1, 3, 256, 256) * 2 - 1
    posterior = vae.encode(image).latent_dist
    out["vae.encode.in"], out["vae.encode.mean"] = image, posterior.mean
save_file({k: v.contiguous() for k, v in out.items()}, out_path)
print("wrote", out_path)
