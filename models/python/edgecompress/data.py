"""Datasets the pipeline starts from: a labelled CSV or an ImageFolder tree.

CSV: the format `edgeinfer simulate` writes (label,x_0..x_{n-1},y_0..,z_0..), from the same
generator the daemon's simulated sensor uses, so the demo model and the demo can never drift apart.
Any CSV whose first column is `label` works; columns sharing a prefix before `_` form one channel.

Images: `DIR/<label>/*.png` (also .jpg/.bmp). Grey images (PIL modes L, 1, I, I;16) become one
channel, everything else RGB; values are scaled to [0, 1]. The edgeinfer bench reads the same tree
the same way, so the input a model is evaluated on there matches what it was trained on here.
"""
import csv
import os
from dataclasses import dataclass

import torch

# The simulator's machine states in the daemon's order (io.edgeinfer.sensor.MachineState).
SIMULATOR_LABELS = ["normal", "imbalance", "misalignment", "bearing_fault"]
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp")
GREY_MODES = ("L", "1", "I", "I;16")


@dataclass
class Dataset:
    """x float32 [N, ...], y int64 [N], labels in output order, kind 'csv' or 'images'."""
    x: torch.Tensor
    y: torch.Tensor
    labels: list
    kind: str

    def subset(self, idx):
        return Dataset(self.x[idx], self.y[idx], self.labels, self.kind)

    def __len__(self):
        return len(self.y)


def default_labels(names):
    """The simulator's order when the data is the simulator's, else sorted (ImageFolder's rule)."""
    found = set(names)
    if found <= set(SIMULATOR_LABELS):
        return [n for n in SIMULATOR_LABELS if n in found] if len(found) < 4 else list(SIMULATOR_LABELS)
    return sorted(found)


def load(path, labels=None, image_size=None):
    """Reads a CSV file or an image folder. `labels` fixes the output order (and the label set)."""
    if os.path.isdir(path):
        x, names = load_images(path, image_size)
        kind = "images"
    elif os.path.isfile(path):
        x, names = load_csv(path)
        kind = "csv"
    else:
        raise ValueError(f"{path}: no such file or directory")
    if not names:
        raise ValueError(f"{path}: no samples")
    labels = list(labels) if labels else default_labels(names)
    unknown = sorted(set(names) - set(labels))
    if unknown:
        raise ValueError(f"{path}: labels {unknown} are not in the label list {labels}")
    y = torch.tensor([labels.index(n) for n in names], dtype=torch.int64)
    return Dataset(x, y, labels, kind)


def load_csv(path):
    """Returns (x float32 [N, channels, window], label names in file order)."""
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


def load_images(root, image_size=None):
    """Returns (x float32 [N, C, H, W] in [0, 1], label names). Every image must share one size and
    one channel count unless `image_size` (H, W) resizes them."""
    from PIL import Image

    classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    if not classes:
        raise ValueError(f"{root}: expected one sub-folder per label (DIR/<label>/*.png)")
    tensors, names, first = [], [], None
    for label in classes:
        folder = os.path.join(root, label)
        for fname in sorted(os.listdir(folder)):
            if not fname.lower().endswith(IMAGE_SUFFIXES):
                continue
            file = os.path.join(folder, fname)
            with Image.open(file) as img:
                img = img.convert("L") if img.mode in GREY_MODES else img.convert("RGB")
                if image_size:
                    img = img.resize((image_size[1], image_size[0]), Image.BILINEAR)
                t = image_tensor(img)
            if first is None:
                first = (t.shape, file)
            elif t.shape != first[0]:
                raise ValueError(f"{file}: shape {list(t.shape)} differs from {list(first[0])} of {first[1]}"
                                 " (pass --image-size H,W to resize)")
            tensors.append(t)
            names.append(label)
    if not tensors:
        raise ValueError(f"{root}: no images ({', '.join(IMAGE_SUFFIXES)}) under {classes}")
    return torch.stack(tensors), names


def image_tensor(img):
    """PIL image (L or RGB) -> float32 [C, H, W] in [0, 1]."""
    data = torch.frombuffer(bytearray(img.tobytes()), dtype=torch.uint8).to(torch.float32) / 255.0
    h, w = img.height, img.width
    if img.mode == "L":
        return data.reshape(1, h, w)
    return data.reshape(h, w, 3).permute(2, 0, 1).contiguous()


def concat(a, b):
    """`a` then `b`, which must share labels and kind."""
    return Dataset(torch.cat([a.x, b.x]), torch.cat([a.y, b.y]), a.labels, a.kind)


def split(ds, holdout, seed):
    """Stratified split: `holdout` of each class goes to the second (held-out) part."""
    g = torch.Generator().manual_seed(seed)
    train, test = [], []
    for c in range(len(ds.labels)):
        idx = (ds.y == c).nonzero().flatten()
        idx = idx[torch.randperm(len(idx), generator=g)]
        k = int(round(len(idx) * holdout))
        test.append(idx[:k])
        train.append(idx[k:])
    train_idx, test_idx = torch.cat(train).sort().values, torch.cat(test).sort().values
    if len(test_idx) == 0 or len(train_idx) == 0:
        raise ValueError(f"holdout {holdout} leaves an empty split of {len(ds)} samples")
    return ds.subset(train_idx), ds.subset(test_idx)
