"""Fine-tuning the top layers of e5-small on a frozen base, as the reader (eval/train_reader.py) and the relevance
judge (eval/train_relevance.py) are trained: the frozen bottom layers' outputs are computed once per example and
cached in fp16, then only the top layers and a head learn from them.
"""

from __future__ import annotations

import hashlib
import random
import time
from pathlib import Path

import numpy as np

from qa.reader import padded


def cache_lower(model, feats: list, batch: int = 32) -> list[np.ndarray]:
    import torch

    order = sorted(range(len(feats)), key=lambda i: len(feats[i][0]))
    cached: list[np.ndarray | None] = [None] * len(feats)
    for b in range(0, len(order), batch):
        idx = order[b : b + batch]
        x, _ = model.lower(*padded([feats[i][0] for i in idx]))
        for k, i in enumerate(idx):
            cached[i] = x[k, : len(feats[i][0])].to(torch.float16).numpy()
    return cached


def fine_tune(model, cached: list, batch_loss, epochs: int, layer_lr: float, batch: int = 32, seed: int = 13,
              log=print, head_lr: float = 1e-3) -> None:
    """The loop the reader and the relevance judge share: AdamW (the top layers at ``layer_lr``, the head at
    ``head_lr``), a linear warm-up over 6% of the steps then a linear decay, shuffled batches of the cached
    frozen-layer outputs; ``batch_loss(x, mask, idx)`` gives a batch's loss."""
    import torch

    torch.manual_seed(seed)
    params = [{"params": [p for layer in model.layers for p in layer.parameters()], "lr": layer_lr},
              {"params": model.head.parameters(), "lr": head_lr}]
    opt = torch.optim.AdamW(params, weight_decay=0.01)
    steps = epochs * ((len(cached) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * (1 - s / steps))
    rng = random.Random(seed)
    for layer in model.layers:
        layer.train()
    for epoch in range(epochs):
        order = list(range(len(cached)))
        rng.shuffle(order)
        t0, total = time.time(), 0.0
        for b in range(0, len(order), batch):
            idx = order[b : b + batch]
            x, mask = padded_batch(cached, idx)
            loss = batch_loss(x, mask, idx)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach())
        log(f"epoch {epoch + 1}: loss {total / max(1, len(order) // batch):.3f} ({time.time() - t0:.0f} s)")
    for layer in model.layers:
        layer.eval()


def save_top_head(layers: list, head, out: Path) -> str:
    """The trained top layers and head in fp16 to ``out/top_layers.safetensors``; returns its sha256."""
    import torch
    from safetensors.torch import save_file

    state = {f"layers.{i}.{k}": v.detach().to(torch.float16).contiguous()
             for i, layer in enumerate(layers) for k, v in layer.state_dict().items()}
    state.update({f"head.{k}": v.detach().to(torch.float16).contiguous() for k, v in head.state_dict().items()})
    out.mkdir(parents=True, exist_ok=True)
    save_file(state, str(out / "top_layers.safetensors"))
    return hashlib.sha256((out / "top_layers.safetensors").read_bytes()).hexdigest()


def padded_batch(cached: list, idx: list[int]):
    import torch

    width = max(len(cached[i]) for i in idx)
    x = torch.zeros(len(idx), width, cached[idx[0]].shape[1])
    mask = torch.zeros(len(idx), width, dtype=torch.long)
    for k, i in enumerate(idx):
        x[k, : len(cached[i])] = torch.from_numpy(cached[i].astype(np.float32))
        mask[k, : len(cached[i])] = 1
    return x, mask


def extended_mask(model, mask, x):
    return model.base._create_attention_masks(attention_mask=mask, encoder_attention_mask=None, embedding_output=x,
                                              encoder_hidden_states=None, past_key_values=None)[0]
