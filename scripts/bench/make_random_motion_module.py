"""A full-size AnimateDiff v2 motion module for SD1.5 with random weights, for benchmarks (never
committed: ~0.9 GB in fp16).

    python scripts/bench/make_random_motion_module.py OUT.safetensors

Builds a diffusers `MotionAdapter` with the official v2 configuration (`mm_sd_v15_v2`: levels
320/640/1280/1280, 2 modules per down level, a mid-block module, 8 heads, 32 norm groups, 32
positions; 453,209,280 parameters), fills it with random weights scaled like make_random_sd15.py
(so `proj_out` is non-zero and every module changes the output), and writes it in the official key
naming (`…motion_modules.M.temporal_transformer.…`, `attention_blocks.A`, `norms.A`, `ff_norm`, one
`pos_encoder.pe` [1, 32, C] per attention block) as fp16 safetensors. The key set and shapes are
checked against the v2 rows of ../shared/animatediff/mm_keys_sd15.tsv (588 keys).
"""
import math
import os
import re
import sys

import torch
from diffusers import MotionAdapter
from safetensors.torch import save_file

from make_random_sd15 import randomise  # same folder: the same weight scales as the SD1.5 model

KEY_TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "animatediff",
                         "mm_keys_sd15.tsv")
MAX_FRAMES = 32


def official_name(key):
    """diffusers MotionAdapter key → official AnimateDiff key (MOTION_MODULE.md §2, reversed)."""
    key = re.sub(r"(motion_modules\.\d+)\.", r"\1.temporal_transformer.", key)
    key = re.sub(r"\.attn([12])\.", lambda m: f".attention_blocks.{int(m.group(1)) - 1}.", key)
    key = re.sub(r"\.norm([12])\.", lambda m: f".norms.{int(m.group(1)) - 1}.", key)
    return key.replace(".norm3.", ".ff_norm.")


def sinusoids(frames, width):
    """PE[p, 2i] = sin(p·10000^(−2i/width)), PE[p, 2i+1] = cos(…), as [1, frames, width] (float32)."""
    position = torch.arange(frames, dtype=torch.float32).unsqueeze(1)
    rate = torch.exp(torch.arange(0, width, 2, dtype=torch.float32) * (-math.log(10000.0) / width))
    pe = torch.zeros(1, frames, width)
    pe[0, :, 0::2] = torch.sin(position * rate)
    pe[0, :, 1::2] = torch.cos(position * rate)
    return pe


def expected_keys():
    keys = {}
    with open(KEY_TABLE) as table:
        for line in table:
            if line.startswith("#") or line.startswith("key\t"):
                continue
            key, shape, versions = line.rstrip("\n").split("\t")
            if "v2" in versions.split(","):
                keys[key] = [int(d) for d in shape.replace("Lmax", str(MAX_FRAMES)).split("x")]
    return keys


def main():
    out = sys.argv[1]
    torch.manual_seed(152)
    adapter = MotionAdapter(block_out_channels=(320, 640, 1280, 1280), motion_layers_per_block=2,
                            motion_mid_block_layers_per_block=1, use_motion_mid_block=True,
                            motion_num_attention_heads=8, motion_norm_num_groups=32,
                            motion_max_seq_length=MAX_FRAMES)
    randomise(adapter)
    state = {}
    for key, tensor in adapter.state_dict().items():
        if key.endswith(".pos_embed.pe"):
            base = official_name(key[: -len("pos_embed.pe")])
            pe = sinusoids(MAX_FRAMES, tensor.shape[-1])
            assert torch.allclose(pe, tensor, atol=1e-6), key
            for attention in (0, 1):
                state[f"{base}attention_blocks.{attention}.pos_encoder.pe"] = pe
        else:
            state[official_name(key)] = tensor
    expected = expected_keys()
    assert len(expected) == 588, len(expected)
    missing, unexpected = sorted(set(expected) - set(state)), sorted(set(state) - set(expected))
    assert not missing and not unexpected, (missing[:5], unexpected[:5])
    for key, shape in expected.items():
        assert list(state[key].shape) == shape, (key, list(state[key].shape), shape)
    assert all(state[k].abs().max() > 0 for k in state if "proj_out" in k)
    save_file({k: v.to(torch.float16).contiguous() for k, v in state.items()}, out, metadata={"format": "pt"})
    print(f"wrote {out}: {len(state)} tensors, {sum(p.numel() for p in adapter.parameters()):,} parameters")


if __name__ == "__main__":
    main()
