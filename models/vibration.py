"""The demo vibration classifier and the data it learns from.

Data: CSV written by `edgeinfer simulate` (label,x_0..x_{n-1},y_0..,z_0..), the same generator the
daemon's simulated sensor uses, so the model and the demo can never drift apart.

Model input: float32 [batch, 3, window] in g, exactly what the daemon's translator hands over. All
preprocessing (remove the mean, magnitude spectrum, log, standardise) lives inside the TorchScript
graph, so there is nothing to keep in sync on the Java side.
"""
import csv

import torch
from torch import nn


def load_csv(path):
    """Returns (x float32 [N, 3, window], y int64 [N], labels list in first-seen order)."""
    rows, names = [], []
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header[0] != "label":
            raise ValueError(f"{path}: first column must be 'label', got {header[0]!r}")
        channels = len({h.split("_")[0] for h in header[1:]})
        for row in reader:
            names.append(row[0])
            rows.append([float(v) for v in row[1:]])
    x = torch.tensor(rows, dtype=torch.float32).reshape(len(rows), channels, -1)
    return x, names


class SpectralFeatures(nn.Module):
    """Log-magnitude spectrum per axis, standardised with statistics fixed at training time."""

    def __init__(self, channels, window):
        super().__init__()
        bins = window // 2 + 1
        self.register_buffer("mean", torch.zeros(channels * bins))
        self.register_buffer("std", torch.ones(channels * bins))

    def raw(self, x):
        x = x - x.mean(dim=2, keepdim=True)
        spec = torch.fft.rfft(x, dim=2).abs()
        return torch.log1p(spec).flatten(1)

    def forward(self, x):
        return (self.raw(x) - self.mean) / self.std

    def fit(self, x):
        with torch.no_grad():
            f = self.raw(x)
            self.mean.copy_(f.mean(0))
            self.std.copy_(f.std(0).clamp_min(1e-3))


class VibrationNet(nn.Module):
    """Spectral features -> small MLP -> one logit per machine state."""

    def __init__(self, channels=3, window=256, hidden=(64, 32), classes=4):
        super().__init__()
        self.features = SpectralFeatures(channels, window)
        layers, width = [], channels * (window // 2 + 1)
        for h in hidden:
            layers += [nn.Linear(width, h), nn.ReLU()]
            width = h
        layers.append(nn.Linear(width, classes))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        return self.head(self.features(x))
