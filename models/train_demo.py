#!/usr/bin/env python3
"""Train the demo vibration classifier and export TorchScript fp32 and int8 (dynamic) variants.

    edgeinfer simulate --windows 4000 --seed 1 --out /tmp/train.csv
    edgeinfer simulate --windows 1000 --seed 2 --out /tmp/test.csv
    /usr/bin/python3 models/train_demo.py --train /tmp/train.csv --test /tmp/test.csv --out-dir models

Works with Debian's python3-torch 1.13 and with torch 2.x. Deterministic for a given --seed on one
machine. Prints accuracy on the held-out windows, size and sha256 of each file.
"""
import argparse
import hashlib
import os

import torch
from torch import nn

from vibration import VibrationNet, load_csv

LABELS = ["normal", "imbalance", "misalignment", "bearing_fault"]


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def train(model, x, y, epochs, seed):
    torch.manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(x))
        total = 0.0
        for i in range(0, len(x), 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        print(f"epoch {epoch + 1}/{epochs} loss {total / len(x):.4f}")
    model.eval()
    return model


def export(model, example, path):
    traced = torch.jit.trace(model, example)
    traced.save(path)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    return os.path.getsize(path), digest


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", required=True, help="CSV from `edgeinfer simulate`")
    p.add_argument("--test", required=True, help="held-out CSV (another --seed)")
    p.add_argument("--out-dir", default=os.path.dirname(os.path.abspath(__file__)))
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--hidden", default="64,32", help="hidden layer widths (default: 64,32)")
    p.add_argument("--prefix", default="vibration", help="output file prefix (default: vibration)")
    a = p.parse_args()

    torch.manual_seed(a.seed)
    torch.set_num_threads(1)
    xtr, ntr = load_csv(a.train)
    xte, nte = load_csv(a.test)
    for n in set(ntr) | set(nte):
        if n not in LABELS:
            raise SystemExit(f"unknown label {n!r}; expected {LABELS}")
    ytr = torch.tensor([LABELS.index(n) for n in ntr])
    yte = torch.tensor([LABELS.index(n) for n in nte])
    channels, window = xtr.shape[1], xtr.shape[2]

    hidden = tuple(int(h) for h in a.hidden.split(","))
    model = VibrationNet(channels, window, hidden=hidden, classes=len(LABELS))
    model.features.fit(xtr)
    train(model, xtr, ytr, a.epochs, a.seed)

    # Dynamic int8 quantisation of the Linear layers; qnnpack is the ARM engine and the one
    # Debian's torch ships. Weights are repacked for the running engine when the model loads.
    if "qnnpack" in torch.backends.quantized.supported_engines:
        torch.backends.quantized.engine = "qnnpack"
    qmodel = torch.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)

    example = xte[:1]
    for name, m in ((a.prefix + "_fp32", model), (a.prefix + "_int8", qmodel)):
        path = os.path.join(a.out_dir, name + ".pt")
        size, digest = export(m, example, path)
        reloaded = torch.jit.load(path)
        acc = accuracy(reloaded, xte, yte)
        print(f"{name}: accuracy {acc * 100:.2f}% on {len(xte)} held-out windows, "
              f"{size} bytes, sha256 {digest}")


if __name__ == "__main__":
    main()
