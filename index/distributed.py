"""Embedding chunks serially, or across a Ray cluster with Ray Data (``kabar index --ray [ADDRESS]``).

With Ray, the texts become a dataset whose batches are mapped over a pool of encoder actors, each holding the
model once (a GPU per actor where the cluster has GPUs: sentence-transformers then picks it). Rows carry
their position, so the vectors come back in the order of the texts whatever order the actors finish in; the
index written is the same as the serial path's. Without an address a local Ray is started in this process
(and stopped after); with one, the cluster must have Kabar installed on its nodes (`pip install kabar`).
"""

from __future__ import annotations

import os
import signal

import numpy as np

from index.embed import Encoder, get_encoder

LOCAL_WORKERS = 2  # encoder actors on a local Ray (one per core here)
# Ray gives its raylet a fixed 30 s to register and then raises; a start that misses it (seen once in CI, where the
# raylet never wrote a log line) is cleaned up and tried again.
LOCAL_START_ATTEMPTS = 3
_RAY_OPTIONS = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}


def encode_passages(encoder: Encoder, model: str, texts: list[str], batch_size: int, progress: bool = False,
                    ray: str | bool | None = None, workers: int | None = None) -> np.ndarray:
    """Passage vectors for ``texts``: with ``encoder`` here, or over Ray (``ray``: True for a local Ray, an
    address such as "ray://head:10001" or "auto" for a cluster)."""
    if not ray:
        return encoder.encode_passages(texts, batch_size=batch_size, progress=progress)
    return encode_with_ray(model, texts, batch_size, None if ray is True else str(ray), workers)


class _EncoderActor:
    """One model per actor, threads matched to the CPUs Ray gave it."""

    def __init__(self, model: str, batch_size: int):
        import ray
        import torch

        cpus = ray.get_runtime_context().get_assigned_resources().get("CPU", 1)
        torch.set_num_threads(max(1, int(cpus)))
        self.encoder = get_encoder(model)
        self.batch_size = batch_size

    def __call__(self, batch: dict) -> dict:
        vectors = self.encoder.encode_passages(list(batch["text"]), batch_size=self.batch_size)
        return {"position": batch["position"], "vector": list(vectors)}


def encode_with_ray(model: str, texts: list[str], batch_size: int, address: str | None = None,
                    workers: int | None = None) -> np.ndarray:
    import ray

    started = not ray.is_initialized()
    if started:
        if address is None:
            start_local_ray(workers or LOCAL_WORKERS)
        else:
            ray.init(address=address, **_RAY_OPTIONS)
    try:
        gpus = int(ray.cluster_resources().get("GPU", 0))
        pool = workers or gpus or LOCAL_WORKERS
        ds = ray.data.from_items([{"position": i, "text": t} for i, t in enumerate(texts)])
        out = ds.map_batches(_EncoderActor, fn_constructor_args=(model, batch_size), batch_size=batch_size * 4,
                             concurrency=pool, num_gpus=1 if gpus else 0, num_cpus=0 if gpus else 1)
        rows = sorted(out.take_all(), key=lambda r: r["position"])
    finally:
        if started:
            ray.shutdown()
    if len(rows) != len(texts):
        raise RuntimeError(f"Ray returned {len(rows)} vectors for {len(texts)} texts")
    dim = len(rows[0]["vector"]) if rows else get_encoder(model).dim
    return np.asarray([r["vector"] for r in rows], dtype=np.float32).reshape(len(rows), dim)


def start_local_ray(cpus: int, attempts: int = LOCAL_START_ATTEMPTS) -> None:
    """Start a Ray head in this process, killing what a failed start left running before trying again."""
    import ray

    for attempt in range(1, attempts + 1):
        before = _child_pids()
        try:
            ray.init(num_cpus=cpus, object_store_memory=512 * 2**20, **_RAY_OPTIONS)
            return
        except Exception as error:  # Ray raises a bare Exception when its node times out during startup
            for pid in _child_pids() - before:  # the failed node's GCS, log monitor and reaper would outlive it
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if attempt == attempts:
                raise RuntimeError(f"a local Ray did not start in {attempts} attempts: {error}") from error


def _child_pids() -> set[int]:
    """This process's children, read from /proc (Linux; elsewhere none are found and none are killed)."""
    me, found = os.getpid(), set()
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        try:
            with open(f"/proc/{entry}/stat") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == me:
            found.add(int(entry))
    return found
