#!/usr/bin/env python3
"""Makes the bench tests' fixtures: a 10-row CSV whose expected accuracies can be worked out by hand,
and two tiny models exported and described by the model package's own code (edgecompress.training).

    PYTHONPATH=models/python /usr/bin/python3 src/test/resources/bench/make_tiny.py

Each row is 3 channels x 4 samples; what matters is each channel's mean. tiny_argmax answers the
channel with the largest mean (right on rows 1-7: 70 %), tiny_argmin_int8 the smallest (right on
rows 8-9: 20 %); row 10's label is the middle channel, which neither picks.
"""
import os

import torch
from torch import nn

from edgecompress import training

HERE = os.path.dirname(os.path.abspath(__file__))

LABELS = ["a", "b", "c"]
MEANS = [("a", (3, 1, 2)), ("a", (5, 0, 1)), ("b", (1, 4, 2)), ("b", (0, 2, 1)), ("c", (1, 2, 6)), ("c", (2, 0, 3)),
         ("c", (0, 1, 9)), ("a", (0, 3, 2)), ("b", (2, 0, 5)), ("c", (1, 3, 2))]


class ChannelMean(nn.Module):
    """[1, 3, 4] -> a layer on the per-channel means."""

    def __init__(self, head):
        super().__init__()
        self.head = head

    def forward(self, x):
        return self.head(x.mean(dim=2))


def argmax_model():
    fc = nn.Linear(3, 3)
    with torch.no_grad():
        fc.weight.copy_(torch.eye(3))
        fc.bias.zero_()
    return ChannelMean(fc)


def argmin_model():
    """-mean through [I; -I] -> ReLU -> [-I, I]: relu(-m) - relu(m) = -m."""
    up, down = nn.Linear(3, 6), nn.Linear(6, 3)
    with torch.no_grad():
        up.weight.copy_(torch.cat([torch.eye(3), -torch.eye(3)]))
        up.bias.zero_()
        down.weight.copy_(torch.cat([-torch.eye(3), torch.eye(3)], dim=1))
        down.bias.zero_()
    return ChannelMean(nn.Sequential(up, nn.ReLU(), down))


def rows():
    """Channel values m-1, m+1, m, m: mean m."""
    out = []
    for label, means in MEANS:
        out.append((label, [[m - 1, m + 1, m, m] for m in means]))
    return out


def write_csv(path):
    with open(path, "w") as f:
        f.write("label," + ",".join(f"{c}_{k}" for c in "xyz" for k in range(4)) + "\n")
        for label, chans in rows():
            f.write(label + "," + ",".join(str(v) for ch in chans for v in ch) + "\n")


def export(model, name, backend, x, y):
    path = os.path.join(HERE, name + ".pt")
    if backend:
        torch.backends.quantized.engine = backend
    training.export(model, path, x[:1])
    m = training.describe(path, model, x, y, LABELS, name, "1", "tiny.csv", golden=3,
                          quantized={"backend": backend, "scheme": "dynamic"} if backend else None,
                          lineage=[{"step": "hand-made", "technique": "fixed weights"}])
    print(f"{name}: accuracy {m['accuracy']}, params {m['params']} ({m['nonzero_params']} non-zero), "
          f"MACs {m['macs']}, {m['size_bytes']} bytes")


def main():
    write_csv(os.path.join(HERE, "tiny.csv"))
    x = torch.tensor([chans for _, chans in rows()], dtype=torch.float32)
    y = torch.tensor([LABELS.index(l) for l, _ in rows()])
    export(argmax_model().eval(), "tiny_argmax", None, x, y)
    torch.backends.quantized.engine = "qnnpack"
    q = torch.quantization.quantize_dynamic(argmin_model().eval(), {nn.Linear}, dtype=torch.qint8)
    export(q, "tiny_argmin_int8", "qnnpack", x, y)


if __name__ == "__main__":
    main()
