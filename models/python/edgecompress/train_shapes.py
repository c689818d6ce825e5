"""Train the demo part classifier (a small CNN, nets.ShapesNet) on the synthetic conveyor images of
edgecompress.shapes and export TorchScript fp32 and int8 (static post-training quantisation, qnnpack
backend) variants.

    PYTHONPATH=models/python /usr/bin/python3 -m edgecompress.train_shapes --out-dir models

Input: float32 [1, 3, 64, 64], RGB, channel-major, each channel normalised as (v/255 - mean)/std
with the ImageNet mean and std below (the camera source's defaults). Output: [1, 5] logits in
LABELS order. Works with Debian's python3-torch 1.13 (+ python3-pil, python3-numpy) and torch 2.x.
Deterministic for a given --seed on one machine. Prints accuracy on held-out images, size and
sha256 of each file.
"""
import argparse
import io
import os
import tempfile

import numpy as np
import torch
from PIL import Image
from torch.ao import quantization as tq

from . import checkout, training
from .nets import ShapesNet
from .shapes import LABELS, generate

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def to_tensor(image):
    a = (np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0 - MEAN) / STD
    return torch.from_numpy(a.transpose(2, 0, 1).copy())


def jpeg_roundtrip(image, rng):
    """Camera frames arrive as JPEG: train on some compressed copies too."""
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=int(rng.integers(60, 95)))
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def load(pairs, rng=None, jpeg_share=0.0):
    xs, ys = [], []
    for path, label in pairs:
        img = Image.open(path).convert("RGB")
        if rng is not None and rng.random() < jpeg_share:
            img = jpeg_roundtrip(img, rng)
        xs.append(to_tensor(img))
        ys.append(LABELS.index(label))
    return torch.stack(xs), torch.tensor(ys)


def flip_half(xb):
    """Mirror images are the same parts: a free augmentation, on half the minibatches."""
    return xb.flip(3) if torch.rand(1).item() < 0.5 else xb


def quantize(model, calibration):
    """Static post-training quantisation for qnnpack (the engine ARM boards run)."""
    torch.backends.quantized.engine = "qnnpack"
    q = ShapesNet(len(LABELS))
    q.load_state_dict(model.state_dict())
    q.eval()
    q.fuse()
    q.qconfig = tq.get_default_qconfig("qnnpack")
    tq.prepare(q, inplace=True)
    with torch.no_grad():
        for i in range(0, len(calibration), 64):
            q(calibration[i:i + 64])
    tq.convert(q, inplace=True)
    return q


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out-dir", default=checkout.models_dir(),
                   help="where PREFIX_fp32.pt and PREFIX_int8.pt go (default: the checkout's models/, else the "
                        "current folder)")
    p.add_argument("--per-class", type=int, default=1200, help="training images per label")
    p.add_argument("--test-per-class", type=int, default=300, help="held-out images per label")
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--epochs", type=int, default=14)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--prefix", default="shapes", help="output file prefix (default: shapes)")
    a = p.parse_args()

    torch.manual_seed(a.seed)
    torch.set_num_threads(2)
    rng = np.random.default_rng(a.seed)
    with tempfile.TemporaryDirectory() as tmp:
        train_pairs = generate(os.path.join(tmp, "train"), a.per_class, a.size, seed=1)
        test_pairs = generate(os.path.join(tmp, "test"), a.test_per_class, a.size, seed=2)
        xtr, ytr = load(train_pairs, rng, jpeg_share=0.5)
        xte, yte = load(test_pairs)
        xte_jpeg, _ = load(test_pairs, np.random.default_rng(7), jpeg_share=1.0)

    model = training.train(ShapesNet(len(LABELS)), xtr, ytr, a.epochs, a.seed, lr=3e-3, augment=flip_half,
                           cosine=True)
    calib = xtr[torch.randperm(len(xtr))[:512]]
    qmodel = quantize(model, calib)

    example = torch.zeros(1, 3, a.size, a.size)
    for name, m in (("fp32", model), ("int8", qmodel)):
        path = os.path.join(a.out_dir, f"{a.prefix}_{name}.pt")
        size, digest = training.export(m, path, example)
        acc, acc_jpeg = training.accuracy(m, xte, yte), training.accuracy(m, xte_jpeg, yte)
        print(f"{path}: {size} bytes, sha256 {digest}, held-out accuracy {acc * 100:.1f}% "
              f"(PNG), {acc_jpeg * 100:.1f}% (JPEG) on {len(yte)} images")
    print("labels:", ", ".join(LABELS))


if __name__ == "__main__":
    main()
