"""Whole-pipeline parity on the full-size random SD1.5 as an A1111 single file (issue 8's full-size
check): diffusers' StableDiffusionPipeline (from the diffusers folder) against `zoetrope txt2img` (from
the CompVis single file made here from the same weights), same seed, `--rng cpu`, final latents.

    python scripts/bench/full_pipeline_parity.py MODEL_FOLDER [ZOETROPE_BINARY]

Writes MODEL_FOLDER.safetensors (CompVis naming, fp16, ~2 GB) when it is missing.
"""
import os
import subprocess
import sys
import tempfile

import torch
from diffusers import EulerAncestralDiscreteScheduler, EulerDiscreteScheduler, StableDiffusionPipeline
from safetensors.torch import load_file, save_file
from transformers import CLIPTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fixtures"))
from make_tiny_sd_single_file import compvis_state_dict  # noqa: E402
from make_tokenizer import write_hf_files  # noqa: E402

folder = sys.argv[1].rstrip("/")
binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "..", ".build", "release", "zoetrope")
single = folder + ".safetensors"
if not os.path.exists(single):
    unet = load_file(os.path.join(folder, "unet", "diffusion_pytorch_model.safetensors"))
    vae = load_file(os.path.join(folder, "vae", "diffusion_pytorch_model.safetensors"))
    text = load_file(os.path.join(folder, "text_encoder", "model.safetensors"))
    save_file(compvis_state_dict(unet, vae, text, 2, 4, 4), single)
    print("wrote", single)

with tempfile.TemporaryDirectory() as tmp:
    write_hf_files(tmp)
    tokenizer = CLIPTokenizer(os.path.join(tmp, "vocab.json"), os.path.join(tmp, "merges.txt"), model_max_length=77)
SD15 = dict(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", steps_offset=1, timestep_spacing="leading")
torch.set_num_threads(2)
for name, scheduler in (("euler", EulerDiscreteScheduler(**SD15)), ("euler_a", EulerAncestralDiscreteScheduler(**SD15))):
    pipe = StableDiffusionPipeline.from_pretrained(folder, tokenizer=tokenizer, scheduler=scheduler, safety_checker=None,
                                                   feature_extractor=None, requires_safety_checker=False,
                                                   torch_dtype=torch.float32)
    pipe.set_progress_bar_config(disable=True)
    with torch.no_grad():
        expected = pipe("a photo of a cat", negative_prompt="blurry", width=64, height=64, num_inference_steps=10,
                        guidance_scale=7.5, generator=torch.Generator("cpu").manual_seed(3), output_type="latent").images
    with tempfile.TemporaryDirectory() as tmp:
        latents_path = os.path.join(tmp, "latents.safetensors")
        subprocess.run([binary, "txt2img", "--model", single, "--prompt", "a photo of a cat", "--negative", "blurry",
                        "--width", "64", "--height", "64", "--steps", "10", "--cfg", "7.5", "--seed", "3",
                        "--sampler", name, "--rng", "cpu", "--output", os.path.join(tmp, "x.png"),
                        "--latents-out", latents_path, "--quiet"], check=True)
        actual = load_file(latents_path)["latents"]
    error = ((actual - expected).norm() / expected.norm()).item()
    print(f"{name}: final latents relative L2 {error:.3e} (bar 1e-3)")
