"""diffusers' timings for what `zoetrope bench animatediff` measures, on the same weights, in the same
run (DESIGN.md §4): float32, 2 threads.

    python scripts/bench/animatediff_diffusers_bench.py MODEL_FOLDER MOTION_MODULE.safetensors
        [--frames 16] [--width 256] [--height 256] [--steps 8] [--only sample unet decode]

MODEL_FOLDER is the diffusers folder make_random_sd15.py writes; MOTION_MODULE an official-naming v2
module (make_random_motion_module.py), renamed to diffusers' MotionAdapter keys here. Prints one
JSON object with the entries of `zoetrope bench animatediff --json`, each measured once (no warm-up,
as there), each group in its own process so its peak RSS is its own:
- animatediff_sample: AnimateDiffPipeline, DDIM with the motion modules' linear betas (steps_offset 1,
  clip_sample off), CFG 7.5, one window, output_type "latent"; per-step times from
  callback_on_step_end;
- unet_video / unet_image: one UNetMotionModel pass of the CFG batch (2 × frames) against the
  UNet2DConditionModel on the same 2 × frames images (motion_share = (video − image) / video);
- animatediff_decode: decode_latents of every frame, one frame at a time (decode_chunk_size 1).
diffusers' motion GroupNorm spans all frames (the official one is per frame); it costs the same.
"""
import argparse
import gc
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import types

import torch

ADAPTER = dict(block_out_channels=(320, 640, 1280, 1280), motion_layers_per_block=2,
               motion_mid_block_layers_per_block=1, use_motion_mid_block=True, motion_num_attention_heads=8,
               motion_norm_num_groups=32, motion_max_seq_length=32)
LINEAR = dict(num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="linear", steps_offset=1,
              clip_sample=False)


def diffusers_name(key):
    """Official AnimateDiff key → diffusers MotionAdapter key (MOTION_MODULE.md §2)."""
    key = key.replace(".temporal_transformer.", ".")
    key = re.sub(r"\.attention_blocks\.(\d)\.", lambda m: f".attn{int(m.group(1)) + 1}.", key)
    key = re.sub(r"\.norms\.(\d)\.", lambda m: f".norm{int(m.group(1)) + 1}.", key)
    return key.replace(".ff_norm.", ".norm3.")


def load_adapter(path):
    from diffusers import MotionAdapter
    from safetensors.torch import load_file
    adapter = MotionAdapter(**ADAPTER)
    state = {diffusers_name(k): v.float() for k, v in load_file(path).items() if not k.endswith(".pos_encoder.pe")}
    missing, unexpected = adapter.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith(".pos_embed.pe")]
    if missing or unexpected:
        raise SystemExit(f"{path}: missing {missing[:3]}, unexpected {unexpected[:3]}")
    return adapter.eval()


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def entry(seconds, **extra):
    return dict(median_s=statistics.median(seconds), min_s=min(seconds), runs=len(seconds), peak_rss_mb=peak_rss_mb(),
                **extra)


def measure(group, args):
    torch.set_num_threads(2)
    from diffusers import AnimateDiffPipeline, AutoencoderKL, DDIMScheduler, UNet2DConditionModel, UNetMotionModel
    from transformers import CLIPTextModel, CLIPTokenizer

    size = f"{args.width}x{args.height}_f{args.frames}"
    if group == "decode":
        vae = AutoencoderKL.from_pretrained(args.folder, subfolder="vae", torch_dtype=torch.float32).eval()
        latents = torch.randn(1, 4, args.frames, args.height // 8, args.width // 8,
                              generator=torch.Generator("cpu").manual_seed(1))
        with torch.no_grad():
            start = time.perf_counter()
            AnimateDiffPipeline.decode_latents(types.SimpleNamespace(vae=vae), latents, decode_chunk_size=1)
            seconds = time.perf_counter() - start
        return {f"animatediff_decode_{size}": entry([seconds])}
    unet = UNet2DConditionModel.from_pretrained(args.folder, subfolder="unet", torch_dtype=torch.float32).eval()
    if group == "unet":
        items = 2 * args.frames
        generator = torch.Generator("cpu").manual_seed(0)
        sample = torch.randn(items, 4, args.height // 8, args.width // 8, generator=generator)
        context = torch.randn(items, 77, 768, generator=generator)
        motion = UNetMotionModel.from_unet2d(unet, load_adapter(args.motion)).eval()
        video = sample.reshape(2, args.frames, 4, args.height // 8, args.width // 8).permute(0, 2, 1, 3, 4)
        with torch.no_grad():
            start = time.perf_counter()
            motion(video, 500, encoder_hidden_states=context)
            with_motion = time.perf_counter() - start
            start = time.perf_counter()
            unet(sample, 500, encoder_hidden_states=context)
            without = time.perf_counter() - start
        return {f"unet_video_{size}_b{items}": entry([with_motion], motion_s=with_motion - without,
                                                     motion_share=(with_motion - without) / with_motion),
                f"unet_image_{size}_b{items}": entry([without])}
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
    from make_tokenizer import write_hf_files
    with tempfile.TemporaryDirectory() as tmp:
        write_hf_files(tmp)
        tokenizer = CLIPTokenizer(os.path.join(tmp, "vocab.json"), os.path.join(tmp, "merges.txt"), model_max_length=77)
    text = CLIPTextModel.from_pretrained(args.folder, subfolder="text_encoder", torch_dtype=torch.float32).eval()
    vae = AutoencoderKL.from_pretrained(args.folder, subfolder="vae", torch_dtype=torch.float32).eval()
    pipe = AnimateDiffPipeline(vae=vae, text_encoder=text, tokenizer=tokenizer, unet=unet,
                               motion_adapter=load_adapter(args.motion), scheduler=DDIMScheduler(**LINEAR))
    del unet
    gc.collect()
    pipe.set_progress_bar_config(disable=True)
    marks = []

    def on_step(pipeline, step, timestep, tensors):
        marks.append(time.perf_counter())
        print(f"diffusers step {step + 1}/{args.steps} {marks[-1] - marks[-2]:.1f} s", file=sys.stderr)
        return tensors

    with torch.no_grad():
        start = time.perf_counter()
        marks.append(start)
        pipe("a corgi running on the beach, waves, sunset", num_frames=args.frames, width=args.width,
             height=args.height, num_inference_steps=args.steps, guidance_scale=7.5, output_type="latent",
             generator=torch.Generator("cpu").manual_seed(0), callback_on_step_end=on_step)
        seconds = time.perf_counter() - start
    steps = [b - a for a, b in zip(marks, marks[1:])]
    return {f"animatediff_sample_{size}_s{args.steps}": entry(
        [seconds], step_median_s=statistics.median(steps[1:] or steps), first_step_s=steps[0])}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("motion")
    parser.add_argument("--frames", type=int, default=16)
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument("--height", type=int, default=256)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--only", nargs="*", default=["sample", "unet", "decode"])
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args)))
        return
    results = {}
    for group in args.only:
        command = [sys.executable, __file__, args.folder, args.motion, "--frames", str(args.frames), "--width",
                   str(args.width), "--height", str(args.height), "--steps", str(args.steps), "--child", group]
        out = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
        results.update(json.loads(out.stdout.strip().splitlines()[-1]))
        print(group, "done", file=sys.stderr)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
