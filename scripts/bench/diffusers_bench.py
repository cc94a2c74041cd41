"""diffusers' timings for the components `zoetrope bench` measures, on the same checkpoint, in the
same run (DESIGN.md §4): float32, 2 threads, each component in its own process so peak RSS is its own.

    python scripts/bench/diffusers_bench.py MODEL_FOLDER [--runs N] [--only NAME ...]

Prints one JSON object: {"unet_512": {"median_s", "min_s", "runs", "peak_rss_mb"}, ...}.
Components: clip (batch 2 × 77 tokens), unet_512 / unet_256 (batch 2, CFG-style), vae_decode_512,
vae_encode_512 (also any other size, e.g. vae_decode_256, on --only), txt2img_512 (20 euler steps, CFG 7.5, whole pipeline incl. decode; one run).
"""
import argparse
import json
import resource
import statistics
import subprocess
import sys
import time

COMPONENTS = ["clip", "unet_512", "unet_256", "vae_decode_512", "vae_encode_512", "txt2img_512"]


def measure(component, folder, runs):
    import torch
    torch.set_num_threads(2)
    torch.manual_seed(0)
    from diffusers import AutoencoderKL, EulerDiscreteScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextModel

    if component == "clip":
        model = CLIPTextModel.from_pretrained(folder, subfolder="text_encoder", torch_dtype=torch.float32)
        ids = torch.randint(0, 49408, (2, 77))
        call = lambda: model(ids)
    elif component.startswith("unet"):
        model = UNet2DConditionModel.from_pretrained(folder, subfolder="unet", torch_dtype=torch.float32)
        size = int(component.split("_")[1]) // 8
        sample, context = torch.randn(2, 4, size, size), torch.randn(2, 77, 768)
        call = lambda: model(sample, 500, encoder_hidden_states=context)
    elif component.startswith("vae"):
        model = AutoencoderKL.from_pretrained(folder, subfolder="vae", torch_dtype=torch.float32)
        size = int(component.split("_")[2])
        if "decode" in component:
            latent = torch.randn(1, 4, size // 8, size // 8)
            call = lambda: model.decode(latent)
        else:
            image = torch.rand(1, 3, size, size) * 2 - 1
            call = lambda: model.encode(image)
    else:
        from transformers import CLIPTokenizer
        import os
        import tempfile
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
        from make_tokenizer import write_hf_files
        with tempfile.TemporaryDirectory() as tmp:
            write_hf_files(tmp)
            tokenizer = CLIPTokenizer(os.path.join(tmp, "vocab.json"), os.path.join(tmp, "merges.txt"), model_max_length=77)
        scheduler = EulerDiscreteScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                                           steps_offset=1, timestep_spacing="leading")
        pipe = StableDiffusionPipeline.from_pretrained(folder, tokenizer=tokenizer, scheduler=scheduler,
                                                       safety_checker=None, feature_extractor=None,
                                                       requires_safety_checker=False, torch_dtype=torch.float32)
        pipe.set_progress_bar_config(disable=True)
        call = lambda: pipe("a photo of a cat", num_inference_steps=20, guidance_scale=7.5,
                            generator=torch.Generator("cpu").manual_seed(1))
        runs = 1
    times = []
    with torch.no_grad():
        if runs > 1:
            call()
        for _ in range(runs):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": len(times), "peak_rss_mb": round(rss)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=COMPONENTS)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.folder, args.runs)))
        return
    results = {}
    for component in args.only:
        out = subprocess.run([sys.executable, __file__, args.folder, "--runs", str(args.runs), "--child", component],
                             capture_output=True, text=True, check=True)
        results[component] = json.loads(out.stdout.strip().splitlines()[-1])
        print(component, results[component], file=sys.stderr)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
