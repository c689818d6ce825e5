"""Every command as a user runs it from the checkout, without installing: python3 -m edgecompress.NAME
with PYTHONPATH at the package root, from another folder; quick settings, real outputs."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from conftest import ARTEFACTS, PACKAGE_ROOT, write_tiny_csv
from edgecompress import clutter, manifest
from edgecompress.shapes import LABELS as PARTS

COMMANDS = ["compress", "train_demo", "train_shapes", "shapes", "make_test_models"]
DEMO_LABELS = ["normal", "imbalance", "misalignment", "bearing_fault"]


def run(command, *args, cwd):
    r = subprocess.run([sys.executable, "-m", "edgecompress." + command, *map(str, args)], capture_output=True,
                       text=True, timeout=300, cwd=cwd, env=dict(os.environ, PYTHONPATH=PACKAGE_ROOT))
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_runs_from_the_package_root_on_pythonpath(command, tmp_path):
    assert "usage:" in run(command, "--help", cwd=tmp_path)


def test_train_demo_writes_fp32_and_int8_models_with_manifests_and_rewrites_the_manifests_alone(tmp_path):
    train = write_tiny_csv(str(tmp_path / "train.csv"), 12, window=16, seed=1, classes=DEMO_LABELS)
    test = write_tiny_csv(str(tmp_path / "test.csv"), 4, window=16, seed=2, classes=DEMO_LABELS)
    out = tmp_path / "out"
    out.mkdir()
    printed = run("train_demo", "--train", train, "--test", test, "--out-dir", out, "--epochs", 2, "--hidden", 8,
                  "--prefix", "quick", cwd=tmp_path)
    assert "epoch 2/2 loss" in printed and "quick_int8: accuracy" in printed
    for name in ("quick_fp32", "quick_int8"):
        m = json.loads((out / (name + ".json")).read_text())
        assert m["sha256"] == manifest.sha256(str(out / (name + ".pt")))
        assert m["labels"] == DEMO_LABELS and m["input"]["shape"] == [1, 3, 16]
        assert m["lineage"][0] == {"step": "train_demo", "technique": "trained", "seed": 0, "epochs": 2}
    before = (out / "quick_int8.json").read_text()
    run("train_demo", "--test", test, "--out-dir", out, "--prefix", "quick", "--manifest-only", cwd=tmp_path)
    again = json.loads((out / "quick_int8.json").read_text())
    assert again["lineage"][0] == {"step": "train_demo", "technique": "trained"}
    assert {k: v for k, v in again.items() if k != "lineage"} == \
        {k: v for k, v in json.loads(before).items() if k != "lineage"}


def test_train_shapes_writes_fp32_and_static_int8_cnns(tmp_path):
    printed = run("train_shapes", "--out-dir", tmp_path, "--per-class", 6, "--test-per-class", 2, "--size", 16,
                  "--epochs", 1, "--prefix", "parts", cwd=tmp_path)
    assert "labels: " + ", ".join(PARTS) in printed
    torch.backends.quantized.engine = "qnnpack"
    for name in ("parts_fp32", "parts_int8"):
        with torch.no_grad():
            z = torch.jit.load(str(tmp_path / (name + ".pt")))(torch.zeros(1, 3, 16, 16))
        assert z.shape == (1, len(PARTS))


def test_shapes_writes_an_image_folder_and_a_labelled_mjpeg_stream(tmp_path):
    run("shapes", "generate", "--out-dir", tmp_path / "parts", "--per-class", 2, "--size", 24, cwd=tmp_path)
    assert sorted(os.listdir(tmp_path / "parts")) == PARTS
    assert all(sorted(os.listdir(tmp_path / "parts" / p)) == ["00000.png", "00001.png"] for p in PARTS)
    stream = tmp_path / "s.mjpeg"
    run("shapes", "mjpeg", "--out", stream, "--frames", 7, "--width", 40, "--height", 30, cwd=tmp_path)
    assert stream.read_bytes().count(b"\xff\xd8\xff") == 7
    assert (tmp_path / "s.mjpeg.labels").read_text().split() == [PARTS[i % 5] for i in range(7)]


def test_the_cluttered_scene_writes_its_ten_parts_deterministically(tmp_path):
    for out in ("a", "b"):
        run("shapes", "generate", "--scene", "cluttered", "--out-dir", tmp_path / out, "--per-class", 2, "--size", 32,
            "--seed", 4, cwd=tmp_path)
    assert sorted(os.listdir(tmp_path / "a")) == clutter.LABELS and len(clutter.LABELS) == 10
    for label in clutter.LABELS:
        for f in ("00000.png", "00001.png"):
            assert (tmp_path / "a" / label / f).read_bytes() == (tmp_path / "b" / label / f).read_bytes()
    with Image.open(tmp_path / "a" / "gear" / "00000.png") as img:
        assert (img.mode, img.size) == ("RGB", (32, 32))


def test_every_cluttered_image_has_clutter_and_parts_differ_from_empty_belts():
    rng = np.random.default_rng(0)
    empty = [np.asarray(clutter.render("empty", 48, 48, rng), dtype=np.float32) for _ in range(20)]
    washers = [np.asarray(clutter.render("washer", 48, 48, rng), dtype=np.float32) for _ in range(20)]
    # an empty belt still varies (debris, noise); a part adds a large area of its own colour
    assert all(e.std() > 2 for e in empty)
    spread = lambda imgs: np.mean([np.abs(i - np.median(i, axis=(0, 1))).mean() for i in imgs])  # noqa: E731
    assert spread(washers) > 1.5 * spread(empty)
    with pytest.raises(ValueError, match="unknown label 'rivet'"):
        clutter.render("rivet", 16, 16, rng)


def test_make_test_models_writes_each_fixture_wrong_in_its_one_way(tmp_path):
    run("make_test_models", "--demo", os.path.join(ARTEFACTS, "vibration_int8.pt"), "--out-dir", tmp_path,
        "--late-after", 2, "--burn-rounds", 10, "--slow-rounds", 10, cwd=tmp_path)
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["wrong_shape.pt", "wrong_labels.pt", "nan.pt", "int64_output.pt", "slow.pt", "late_fail.pt", "late_slow.pt"])
    torch.backends.quantized.engine = "qnnpack"
    load = lambda name: torch.jit.load(str(tmp_path / name))  # noqa: E731
    window = torch.zeros(1, 3, 256)
    with torch.no_grad():
        demo = torch.jit.load(os.path.join(ARTEFACTS, "vibration_int8.pt"))(window)
        assert load("wrong_shape.pt")(torch.zeros(1, 3, 128)).shape == (1, 4)
        assert load("wrong_labels.pt")(window).shape == (1, 3)
        assert torch.isnan(load("nan.pt")(window)).all()
        assert load("int64_output.pt")(window).dtype == torch.int64
        assert torch.equal(load("slow.pt")(window), demo)
        late = load("late_fail.pt")
        assert torch.equal(late(window), demo) and torch.equal(late(window), demo)
        with pytest.raises(Exception, match="late_fail"):
            late(window)
