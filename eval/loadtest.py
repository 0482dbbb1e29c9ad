"""`kabar bench load`: concurrent chat sessions against a `kabar serve` subprocess, driven through its URL as
users drive it, and the helpers for starting local servers (a free loopback port, waiting until one answers)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np

from eval.bench import ROOT, sample_index


def bench_load(clients: int = 20, seconds: float = 60.0, rounds: int = 3) -> dict:
    """`clients` concurrent gradio_client sessions asking for `seconds` (in ``rounds`` equal rounds) against a
    `kabar serve` subprocess on loopback; the server's RSS (VmRSS, and its peak VmHWM) after each round shows
    whether memory accumulates."""
    from gradio_client import Client

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "ui", "serve", "--index", str(sample_index()), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        wait_for(f"http://127.0.0.1:{port}/", server)
        questions = [json.loads(x)["question"] for x in (ROOT / "eval" / "sample_questions.jsonl").read_text().splitlines()]
        latencies: list[float] = []
        errors: list[str] = []
        memory = [{"after_requests": 0, **process_memory_mb(server.pid)}]
        lock = threading.Lock()

        def client_loop(i: int, deadline: float) -> None:
            client = Client(f"http://127.0.0.1:{port}/", verbose=False)
            n = i
            while time.monotonic() < deadline:
                q = questions[n % len(questions)]
                n += clients
                t = time.perf_counter()
                try:
                    chat, *_ = client.predict(q, [], 5, True, "extractive", api_name="/ask")
                    assert chat and chat[-1]["role"] == "assistant"
                    with lock:
                        latencies.append((time.perf_counter() - t) * 1000)
                except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
                    with lock:
                        errors.append(repr(exc)[:200])

        for _ in range(rounds):
            deadline = time.monotonic() + seconds / rounds
            threads = [threading.Thread(target=client_loop, args=(i, deadline)) for i in range(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            memory.append({"after_requests": len(latencies) + len(errors), **process_memory_mb(server.pid)})
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"clients": clients, "seconds": seconds, "requests": len(latencies), "errors": len(errors),
            "error_examples": errors[:3], "p50_ms": round(float(np.percentile(latencies, 50)), 1) if latencies else None,
            "p95_ms": round(float(np.percentile(latencies, 95)), 1) if latencies else None,
            "throughput_per_s": round(len(latencies) / seconds, 2), "server_memory_mb": memory}


def free_port() -> int:
    """A port on loopback that nothing listens on now (for the servers tests and benchmarks start)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process, timeout_s: float = 180.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"no server at {url} after {timeout_s} s")


def process_memory_mb(pid: int) -> dict:
    """VmRSS and VmHWM (peak RSS) of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key.lower() + "_mb"] = round(int(value.split()[0]) / 1024, 1)
    return fields
