"""Fixtures: tiny datasets made on the spot, and one pipeline run per data kind shared by the tests
(each run takes seconds: a few dozen samples, a couple of epochs)."""
import math
import os
import random

import pytest

from edgecompress import compress

# models/python, the package root (PYTHONPATH for commands run as users run them), and models/,
# where the committed models are.
PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTEFACTS = os.path.dirname(PACKAGE_ROOT)

CSV_CLASSES = ["low", "mid", "high"]


def write_tiny_csv(path, per_class, window=32, seed=0, classes=CSV_CLASSES):
    """The simulator's format (label,x_0..,y_0..,z_0..): each class a sine of its own frequency on x
    and y, noise on z, random amplitude and phase."""
    rnd = random.Random(seed)
    rows = []
    for c, label in enumerate(classes):
        for _ in range(per_class):
            f, phase, amp = 2 + 4 * c, rnd.uniform(0, 2 * math.pi), rnd.uniform(0.5, 1.5)
            x = [amp * math.sin(2 * math.pi * f * k / window + phase) + rnd.gauss(0, 0.1) for k in range(window)]
            y = [0.5 * v + rnd.gauss(0, 0.1) for v in x]
            z = [rnd.gauss(0, 0.3) for _ in range(window)]
            rows.append([label] + x + y + z)
    rnd.shuffle(rows)
    header = ["label"] + [f"{a}_{k}" for a in "xyz" for k in range(window)]
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join([r[0]] + [f"{v:.5f}" for v in r[1:]]) + "\n")
    return path


def write_tiny_images(root, per_class, size=16, seed=0, mode="L"):
    """DIR/<label>/*.png: a filled disc, a filled square or a horizontal bar at random places."""
    from PIL import Image, ImageDraw
    rnd = random.Random(seed)
    for label in ("bar", "disc", "square"):
        os.makedirs(os.path.join(root, label), exist_ok=True)
        for i in range(per_class):
            img = Image.new(mode, (size, size), 0)
            d = ImageDraw.Draw(img)
            cx, cy, r = rnd.randint(5, size - 6), rnd.randint(5, size - 6), rnd.randint(3, 4)
            ink = 255 if mode == "L" else (255, 200, 50)
            if label == "disc":
                d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=ink)
            elif label == "square":
                d.rectangle((cx - r, cy - r, cx + r, cy + r), fill=ink)
            else:
                d.rectangle((1, cy - 1, size - 2, cy + 1), fill=ink)
            img.save(os.path.join(root, label, f"{i:03d}.png"))
    return root


@pytest.fixture(scope="session")
def csv_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("csv")
    train = write_tiny_csv(str(d / "train.csv"), 40, seed=1)
    test = write_tiny_csv(str(d / "test.csv"), 20, seed=2)
    made, manifests = compress.run([
        "--data", train, "--test", test, "--out-dir", str(d / "out"), "--prefix", "tiny",
        "--variants", "teacher,teacher+int8,teacher+prune,student,kd,kd+prune,kd+lowrank,kd+prune+int8",
        "--teacher-widths", "64,32", "--student-widths", "16,8", "--epochs", "15", "--student-epochs", "12",
        "--finetune-epochs", "3",
        "--batch", "16", "--sparsity", "0.6", "--rank", "3"])
    return made, {m["name"]: m for m in manifests}, str(d / "out")


@pytest.fixture(scope="session")
def image_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("images")
    root = write_tiny_images(str(d / "shapes"), 24)
    made, manifests = compress.run([
        "--data", root, "--holdout", "0.25", "--out-dir", str(d / "out"), "--prefix", "cnn",
        "--variants", "teacher,teacher+int8,kd+lowrank,kd+prune+int8",
        "--teacher-widths", "8,16,16", "--student-widths", "4,8,8", "--epochs", "8", "--finetune-epochs", "2",
        "--batch", "16", "--sparsity", "0.5", "--prune-scope", "layer", "--rank", "2", "--calibration", "32"])
    return made, {m["name"]: m for m in manifests}, str(d / "out")


@pytest.fixture(scope="session")
def resnet_run(tmp_path_factory):
    """The ResNet-like CNN with every option the camera CNN results use: channels-last float files,
    int8 for x86's engine beside qnnpack's, low-rank of every conv, flips, a cosine schedule."""
    d = tmp_path_factory.mktemp("resnet")
    root = write_tiny_images(str(d / "shapes"), 24, size=16, mode="RGB")
    made, manifests = compress.run([
        "--data", root, "--holdout", "0.25", "--out-dir", str(d / "out"), "--prefix", "res", "--cnn", "resnet",
        "--variants", "teacher,teacher+int8:x86,kd,kd+lowrank,kd+int8,kd+prune+int8:x86",
        "--teacher-widths", "8,16", "--student-widths", "4,8", "--epochs", "10", "--finetune-epochs", "2",
        "--batch", "16", "--rank", "2", "--lowrank-layers", "all", "--channels-last", "--augment", "flips",
        "--schedule", "cosine", "--calibration", "32"])
    return made, {m["name"]: m for m in manifests}, str(d / "out")
