"""The networks the pipeline trains: the demo's spectral MLP for sensor windows (vibration.py) and a
small CNN for images. Teacher and student differ only in their widths.

Both keep their input preprocessing inside the graph (statistics frozen at training time), so the
exported TorchScript takes exactly what the daemon and the bench hand over: float32 [1, C, L] windows
in sensor units, or [1, C, H, W] images in [0, 1].
"""
import torch
from torch import nn

from vibration import VibrationNet


class Standardise(nn.Module):
    """Per-channel (x - mean) / std with statistics fitted on the training images."""

    def __init__(self, channels):
        super().__init__()
        self.register_buffer("mean", torch.zeros(1, channels, 1, 1))
        self.register_buffer("std", torch.ones(1, channels, 1, 1))

    def forward(self, x):
        return (x - self.mean) / self.std

    def fit(self, x):
        with torch.no_grad():
            self.mean.copy_(x.mean(dim=(0, 2, 3), keepdim=True))
            self.std.copy_(x.std(dim=(0, 2, 3), keepdim=True).clamp_min(1e-3))


def conv_bn_relu(cin, cout, kernel):
    return [nn.Conv2d(cin, cout, kernel, padding=kernel // 2, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]


class ImageCNN(nn.Module):
    """Three stages of 3x3 conv (the first two pooled), each later stage followed by a 1x1 conv
    (what low-rank factorises), global average pooling and one Linear classifier."""

    def __init__(self, channels, widths, classes):
        super().__init__()
        w1, w2, w3 = widths
        self.norm = Standardise(channels)
        self.body = nn.Sequential(
            *conv_bn_relu(channels, w1, 3), nn.MaxPool2d(2),
            *conv_bn_relu(w1, w2, 3), *conv_bn_relu(w2, w2, 1), nn.MaxPool2d(2),
            *conv_bn_relu(w2, w3, 3), *conv_bn_relu(w3, w3, 1),
            nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Linear(w3, classes)

    def forward(self, x):
        return self.head(self.body(self.norm(x)))


def build(kind, sample_shape, widths, classes):
    """A fresh network for data of `kind` ('csv' or 'images') and per-sample shape [C, ...]."""
    if kind == "csv":
        channels, window = sample_shape
        return VibrationNet(channels, window, hidden=tuple(widths), classes=classes)
    if len(widths) != 3:
        raise ValueError(f"an image CNN takes 3 widths (one per stage), got {list(widths)}")
    return ImageCNN(sample_shape[0], widths, classes)


def fit_preprocessing(model, x):
    """Freezes the in-graph input statistics from the training data."""
    if isinstance(model, VibrationNet):
        model.features.fit(x)
    else:
        model.norm.fit(x)


def has_conv(model):
    return any(isinstance(m, nn.Conv2d) for m in model.modules())
