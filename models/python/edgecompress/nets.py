"""The networks: the demo's spectral MLP for sensor windows (VibrationNet), the demo camera's part
classifier (ShapesNet), and the pipeline's CNNs for any image set: a small plain one (ImageCNN) and
a ResNet-like one (ResidualCNN). In the pipeline, teacher and student differ only in their widths.

VibrationNet, ImageCNN and ResidualCNN keep their input preprocessing inside the graph (statistics
frozen at training time), so the exported TorchScript takes exactly what the daemon and the bench
hand over: float32 [1, C, L] windows in sensor units, or [1, C, H, W] images in [0, 1]. ShapesNet
takes images the camera source has already normalised (mean/std in the daemon's config).
"""
import torch
from torch import nn
from torch.ao import quantization as tq


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
    """The demo vibration classifier: spectral features -> small MLP -> one logit per machine state.

    Input: float32 [batch, 3, window] in g, exactly what the daemon's translator hands over. All
    preprocessing (remove the mean, magnitude spectrum, log, standardise) lives inside the graph, so
    there is nothing to keep in sync on the Java side."""

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


class ShapesNet(nn.Module):
    """Four conv blocks and a linear head; QuantStub/DeQuantStub mark the int8 region."""

    def __init__(self, classes):
        super().__init__()
        self.quant = tq.QuantStub()
        layers = []
        widths = [3, 16, 32, 64, 64]
        for i in range(4):
            layers += [nn.Conv2d(widths[i], widths[i + 1], 3, padding=1, bias=False),
                       nn.BatchNorm2d(widths[i + 1]), nn.ReLU()]
            if i < 3:
                layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, classes)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        x = self.pool(self.features(x)).flatten(1)
        return self.dequant(self.fc(x))

    def fuse(self):
        # conv + bn + relu triples, at the indices Sequential gave them
        groups, i = [], 0
        for block in range(4):
            groups.append([str(i), str(i + 1), str(i + 2)])
            i += 4 if block < 3 else 3
        tq.fuse_modules(self.features, groups, inplace=True)


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


def conv_bn_relu(cin, cout, kernel, stride=1):
    return [nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, bias=False), nn.BatchNorm2d(cout),
            nn.ReLU()]


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


class BasicBlock(nn.Module):
    """ResNet's basic block: two 3x3 conv + batch norm with a ReLU between, the input added back
    (through a 1x1 conv + batch norm where the shape changes) before the last ReLU."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Sequential(*conv_bn_relu(cin, cout, 3, stride))
        self.conv2 = nn.Sequential(nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout))
        self.shortcut = nn.Identity() if stride == 1 and cin == cout else nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.conv2(self.conv1(x)) + self.shortcut(x))


class ResidualCNN(nn.Module):
    """ResNet-18 cut down to one basic block per stage (a ResNet-10) with free widths: a 3x3 stride-2
    stem and a 2x2 max-pool (a quarter of the input side), then one block per width, every stage
    after the first halving the side; global average pooling and one Linear classifier. Plain
    dense 3x3 convolutions, the kind int8 kernels are fastest at, and enough of them that compute,
    not per-call overhead, sets the latency at 96 px."""

    def __init__(self, channels, widths, classes):
        super().__init__()
        self.norm = Standardise(channels)
        blocks, cin = [], widths[0]
        for i, w in enumerate(widths):
            blocks.append(BasicBlock(cin, w, 1 if i == 0 else 2))
            cin = w
        self.body = nn.Sequential(*conv_bn_relu(channels, widths[0], 3, stride=2), nn.MaxPool2d(2), *blocks,
                                  nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Linear(cin, classes)

    def forward(self, x):
        return self.head(self.body(self.norm(x)))


class ChannelsLast(nn.Module):
    """Runs `model` on channels-last (NHWC) activations: the input, which arrives NCHW, is converted
    first, and the weights are stored channels-last. For float CNNs on x86: oneDNN's convolutions
    work in a blocked NHWC-like layout, and fed NCHW they reorder data on every call."""

    def __init__(self, model):
        super().__init__()
        self.model = model.to(memory_format=torch.channels_last)

    def forward(self, x):
        return self.model(x.contiguous(memory_format=torch.channels_last))


CNNS = ("plain", "resnet")


def build(kind, sample_shape, widths, classes, cnn="plain"):
    """A fresh network for data of `kind` ('csv' or 'images') and per-sample shape [C, ...]; `cnn`
    picks the image network: 'plain' (ImageCNN, 3 widths) or 'resnet' (ResidualCNN, any number)."""
    if kind == "csv":
        channels, window = sample_shape
        return VibrationNet(channels, window, hidden=tuple(widths), classes=classes)
    if cnn == "resnet":
        if not widths:
            raise ValueError("a residual CNN takes at least one width (one per stage)")
        return ResidualCNN(sample_shape[0], widths, classes)
    if cnn != "plain":
        raise ValueError(f"unknown CNN {cnn!r}; known: {list(CNNS)}")
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
