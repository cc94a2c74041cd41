"""A full-size TAESD (diffusers AutoencoderTiny, default config) with random weights, for the LCM+TAESD
animation benchmark (never committed).

    python scripts/bench/make_random_taesd.py OUT_FOLDER
"""
import sys

import torch
from diffusers import AutoencoderTiny

torch.manual_seed(3)
model = AutoencoderTiny()
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.randn_like(p) / (p[0].numel() ** 0.5 if p.ndim > 1 else 20))
model.save_pretrained(sys.argv[1], safe_serialization=True)
print("wrote", sys.argv[1])
