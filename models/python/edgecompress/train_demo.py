"""Train the demo vibration classifier and export TorchScript fp32 and int8 (dynamic) variants.

    edgeinfer simulate --windows 16000 --seed 1 --out /tmp/train.csv
    edgeinfer simulate --windows 2000 --seed 2 --out /tmp/test.csv
    export PYTHONPATH=models/python    # from the checkout's top; installed: edgecompress-train-demo
    /usr/bin/python3 -m edgecompress.train_demo --train /tmp/train.csv --test /tmp/test.csv --out-dir models

Works with Debian's python3-torch 1.13 and with torch 2.x. Deterministic for a given --seed on one
machine. Prints accuracy on the held-out windows, size and sha256 of each file, and writes the
manifest NAME.json beside each NAME.pt (see docs/compression.md).

    /usr/bin/python3 -m edgecompress.train_demo --test /tmp/test.csv --out-dir models --manifest-only

writes the manifests for the existing files without retraining: the module graph (for counting
MACs) is rebuilt from the fp32 file's own weights and checked against both files' outputs.

    /usr/bin/python3 -m edgecompress.train_demo --train /tmp/train.csv --test /tmp/test.csv --out-dir models \
        --shuffle-labels --prefix vibration_shuffled --version 9.0.0 ...

trains on the training windows with their labels permuted at random (seeded): a model of the right
shape and labels that learned nothing, a candidate whose answers disagree with the demo model's
(the fleet rollout's shadow stage must stop it, docs/fleet.md).
"""
import argparse
import os

import torch
from torch import nn

from . import checkout, training
from .data import SIMULATOR_LABELS as LABELS, load_csv
from .nets import VibrationNet


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", help="CSV from `edgeinfer simulate` (required unless --manifest-only)")
    p.add_argument("--test", required=True, help="held-out CSV (another --seed)")
    p.add_argument("--out-dir", default=checkout.models_dir(),
                   help="where PREFIX_fp32/int8.pt and their manifests go (default: the checkout's models/, "
                        "else the current folder)")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--hidden", default="64,32", help="hidden layer widths (default: 64,32)")
    p.add_argument("--prefix", default="vibration", help="output file prefix (default: vibration)")
    p.add_argument("--version", default="1.0.0", help="version written to the manifests (default: 1.0.0)")
    p.add_argument("--shuffle-labels", action="store_true",
                   help="train on the training labels permuted at random (a model that learned nothing)")
    p.add_argument("--manifest-only", action="store_true",
                   help="only write manifests for the existing PREFIX_fp32.pt / PREFIX_int8.pt in --out-dir")
    a = p.parse_args()
    if not a.train and not a.manifest_only:
        p.error("--train is required (unless --manifest-only)")

    torch.manual_seed(a.seed)
    torch.set_num_threads(1)
    xte, yte = labelled(a.test)
    if a.manifest_only:
        return describe_existing(a, xte, yte)
    xtr, ytr = labelled(a.train)
    if a.shuffle_labels:
        ytr = ytr[torch.randperm(len(ytr), generator=torch.Generator().manual_seed(a.seed))]
    channels, window = xtr.shape[1], xtr.shape[2]

    hidden = tuple(int(h) for h in a.hidden.split(","))
    model = VibrationNet(channels, window, hidden=hidden, classes=len(LABELS))
    model.features.fit(xtr)
    training.train(model, xtr, ytr, a.epochs, a.seed)

    # Dynamic int8 quantisation of the Linear layers; qnnpack is the ARM engine and the one
    # Debian's torch ships. Weights are repacked for the running engine when the model loads.
    if "qnnpack" in torch.backends.quantized.supported_engines:
        torch.backends.quantized.engine = "qnnpack"
    qmodel = torch.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)

    example = xte[:1]
    for name, m in ((a.prefix + "_fp32", model), (a.prefix + "_int8", qmodel)):
        path = os.path.join(a.out_dir, name + ".pt")
        size, digest = training.export(m, path, example)
        acc = training.accuracy(torch.jit.load(path), xte, yte)
        print(f"{name}: accuracy {acc * 100:.2f}% on {len(xte)} held-out windows, "
              f"{size} bytes, sha256 {digest}")
        write_manifest(a, name, path, m, xte, yte, m is qmodel)


def labelled(path):
    x, names = load_csv(path)
    for n in set(names):
        if n not in LABELS:
            raise SystemExit(f"{path}: unknown label {n!r}; expected {LABELS}")
    return x, torch.tensor([LABELS.index(n) for n in names])


def write_manifest(a, name, path, eager, xte, yte, quantized):
    """NAME.json beside NAME.pt, measured on the file (accuracy, parameters, golden samples) and on
    the exported module graph (MACs)."""
    training.describe(path, eager, xte, yte, LABELS, name, a.version, "held-out file " + os.path.basename(a.test),
                      quantized={"backend": "qnnpack", "scheme": "dynamic"} if quantized else None,
                      lineage=[{"step": "train_demo", "technique": "trained",
                                **({} if a.manifest_only else {"seed": a.seed, "epochs": a.epochs}),
                                **({"labels": "shuffled"} if a.shuffle_labels else {})}]
                      + ([{"step": "int8", "technique": "int8", "backend": "qnnpack", "scheme": "dynamic"}]
                         if quantized else []))
    print(f"{name}: manifest {os.path.splitext(path)[0]}.json")


def describe_existing(a, xte, yte):
    """Manifests for files made earlier. The eager graph is rebuilt from the fp32 file's weights
    (hidden widths read from their shapes); it must reproduce both files' outputs."""
    fp32_path = os.path.join(a.out_dir, a.prefix + "_fp32.pt")
    int8_path = os.path.join(a.out_dir, a.prefix + "_int8.pt")
    state = torch.jit.load(fp32_path).state_dict()
    heads = sorted((k for k in state if k.startswith("head.") and k.endswith(".weight")),
                   key=lambda k: int(k.split(".")[1]))
    hidden = tuple(state[k].shape[0] for k in heads[:-1])
    model = VibrationNet(xte.shape[1], xte.shape[2], hidden=hidden, classes=state[heads[-1]].shape[0])
    model.load_state_dict(state)
    model.eval()
    if "qnnpack" in torch.backends.quantized.supported_engines:
        torch.backends.quantized.engine = "qnnpack"
    qmodel = torch.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)
    for path, eager in ((fp32_path, model), (int8_path, qmodel)):
        with torch.no_grad():
            diff = (torch.jit.load(path)(xte) - eager(xte)).abs().max().item()
        if diff > 1e-4:
            raise SystemExit(f"{path}: the rebuilt graph differs from the file (max |diff| {diff}); retrain instead")
        name = os.path.splitext(os.path.basename(path))[0]
        write_manifest(a, name, path, eager, xte, yte, eager is qmodel)


if __name__ == "__main__":
    main()
