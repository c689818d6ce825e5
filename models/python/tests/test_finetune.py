"""Fine-tuning a serving teacher on captured, labelled data mixed with the original training data:
it starts from the served weights, learns the drifted data without forgetting the original, and its
manifest's golden samples include captured ones."""
import csv
import json
import os

import pytest
import torch

from conftest import ARTEFACTS, write_tiny_csv
from edgecompress import compress, data, manifest, training

COMMON = ["--teacher-widths", "32,16", "--batch", "16", "--seed", "0"]


def drifted(src, dst):
    """The sensor turned on its mount (as the simulator's `mount: side`): channels x and z swap."""
    with open(src) as f:
        rows = list(csv.reader(f))
    n = (len(rows[0]) - 1) // 3
    with open(dst, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(rows[0])
        for r in rows[1:]:
            w.writerow([r[0]] + r[1 + 2 * n:] + r[1 + n:1 + 2 * n] + r[1:1 + n])
    return dst


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    d = tmp_path_factory.mktemp("finetune")
    train = write_tiny_csv(str(d / "train.csv"), 30, seed=1)
    test = write_tiny_csv(str(d / "test.csv"), 15, seed=2)
    captured = drifted(write_tiny_csv(str(d / "raw.csv"), 20, seed=3), str(d / "captured.csv"))
    compress.run(["--data", train, "--test", test, "--out-dir", str(d / "old"), "--prefix", "old",
                  "--variants", "teacher", "--epochs", "12", *COMMON])
    return d, train, test, captured


def assert_served_weights(made, pt):
    """The teacher (trained one epoch at a vanishing learning rate) still holds the weights of `pt`."""
    served = torch.jit.load(pt).state_dict()
    for k, v in made.models[("teacher",)].state_dict().items():
        assert torch.allclose(v, served[k], atol=1e-6), k


def acc(pt, path, labels):
    ds = data.load(path, labels)
    return training.accuracy(torch.jit.load(pt), ds.x, ds.y)


def test_fine_tuned_teacher_learns_the_captured_data_keeps_the_old_and_golden_includes_it(served):
    d, train, test, captured = served
    old = str(d / "old" / "old_teacher.pt")
    made, manifests = compress.run(["--data", train, "--test", test, "--captured", captured, "--finetune-from", old,
                                    "--out-dir", str(d / "new"), "--prefix", "new", "--variants",
                                    "teacher,teacher+int8", "--epochs", "6", "--holdout", "0.3", *COMMON])
    labels = made.test.labels
    cap_test = made.test.subset(torch.arange(made.o.captured_from, len(made.test)))
    new = str(d / "new" / "new_teacher.pt")
    old_on_cap = training.accuracy(torch.jit.load(old), cap_test.x, cap_test.y)
    new_on_cap = training.accuracy(torch.jit.load(new), cap_test.x, cap_test.y)
    print(f"captured held-out: old {old_on_cap:.3f} new {new_on_cap:.3f}; original test: old "
          f"{acc(old, test, labels):.3f} new {acc(new, test, labels):.3f}")
    assert new_on_cap >= old_on_cap + 0.2
    assert acc(new, test, labels) >= acc(old, test, labels) - 0.05

    m = manifests[0]
    assert m["lineage"][0]["finetuned_from"] == "old_teacher.pt"
    assert "held-out 0.3 of captured captured.csv" in m["evaluation"]["split"]
    assert m["evaluation"]["samples"] == len(made.test)
    shape = list(made.test.x.shape[1:])
    golden = [manifest.decode_input(g["input_f32le_base64"], shape) for g in m["golden"]]
    from_captured = [g for g in golden if any(torch.equal(g, c) for c in cap_test.x)]
    assert len(golden) == 4 and len(from_captured) == 2
    with open(str(d / "new" / "new_teacher_int8.json")) as f:
        assert len(json.load(f)["golden"]) == 4


def test_the_teacher_starts_from_the_served_weights(served):
    d, train, test, captured = served
    old = str(d / "old" / "old_teacher.pt")
    made, _ = compress.run(["--data", train, "--test", test, "--captured", captured, "--finetune-from", old,
                            "--out-dir", str(d / "still"), "--prefix", "still", "--variants", "teacher",
                            "--epochs", "1", "--lr", "1e-12", *COMMON])
    assert_served_weights(made, old)


def test_a_teacher_of_other_widths_or_captured_data_of_another_shape_is_refused(served, tmp_path):
    d, train, test, captured = served
    old = str(d / "old" / "old_teacher.pt")
    with pytest.raises(SystemExit, match="--finetune-from .*old_teacher.pt: not a float teacher of this shape and "
                                         r"these widths \[8, 4\]"):
        compress.run(["--data", train, "--test", test, "--finetune-from", old, "--out-dir", str(tmp_path),
                      "--variants", "teacher", "--epochs", "1", "--teacher-widths", "8,4"])
    short = write_tiny_csv(str(tmp_path / "short.csv"), 5, window=16, seed=4)
    with pytest.raises(SystemExit, match=r"--captured .*short.csv: samples \[3, 16\] \(csv\) do not match --data "
                                         r"\[3, 32\]"):
        compress.run(["--data", train, "--test", test, "--captured", short, "--out-dir", str(tmp_path),
                      "--variants", "teacher", "--epochs", "1"])


def test_the_committed_demo_model_is_a_teacher_to_start_from(tmp_path):
    """models/vibration_fp32.pt (train_demo, hidden 64,32): what the demo device serves."""
    labels = ["normal", "imbalance", "misalignment", "bearing_fault"]
    demo = os.path.join(ARTEFACTS, "vibration_fp32.pt")
    train = write_tiny_csv(str(tmp_path / "train.csv"), 6, window=256, seed=1, classes=labels)
    captured = write_tiny_csv(str(tmp_path / "captured.csv"), 6, window=256, seed=3, classes=labels)
    made, _ = compress.run(["--data", train, "--captured", captured, "--finetune-from", demo, "--labels",
                            ",".join(labels), "--teacher-widths", "64,32", "--variants", "teacher", "--epochs", "1",
                            "--lr", "1e-12", "--out-dir", str(tmp_path / "out")])
    assert_served_weights(made, demo)


@pytest.mark.parametrize("int8", ["vibration_int8.pt", "shapes_int8.pt"])
def test_an_int8_model_is_refused_as_a_start_naming_the_float_teacher_to_keep(tmp_path, int8):
    """The weights of a dynamic (vibration) or static (shapes) int8 model are rounded: there is nothing
    to train, so the refusal says which file to fine-tune from instead, before any training."""
    labels = ["normal", "imbalance", "misalignment", "bearing_fault"]
    train = write_tiny_csv(str(tmp_path / "train.csv"), 6, window=256, seed=1, classes=labels)
    with pytest.raises(SystemExit, match=rf"--finetune-from .*{int8}: an int8 \(quantized\) model; .*float teacher"):
        compress.run(["--data", train, "--finetune-from", os.path.join(ARTEFACTS, int8), "--labels",
                      ",".join(labels), "--teacher-widths", "64,32", "--variants", "teacher", "--epochs", "1",
                      "--out-dir", str(tmp_path / "out")])
