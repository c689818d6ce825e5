"""The anomaly autoencoder: trained on normal windows only, exported as TorchScript that returns its
own reconstruction error, with a manifest the daemon reads."""
import json
import math
import os
import random

import pytest
import torch

from edgecompress import autoencoder


def write_sines(path, count, cycles, seed):
    """Windows of 32 samples, label normal: a sine of `cycles` per window (random amplitude and
    phase) on x and y, noise on z, in the simulator's CSV format."""
    rnd = random.Random(seed)
    with open(path, "w") as f:
        f.write(",".join(["label"] + [f"{a}_{k}" for a in "xyz" for k in range(32)]) + "\n")
        for _ in range(count):
            phase, amp = rnd.uniform(0, 2 * math.pi), rnd.uniform(0.5, 1.5)
            x = [amp * math.sin(2 * math.pi * cycles * k / 32 + phase) + rnd.gauss(0, 0.1) for k in range(32)]
            y = [0.5 * v + rnd.gauss(0, 0.1) for v in x]
            z = [rnd.gauss(0, 0.3) for _ in range(32)]
            f.write(",".join(["normal"] + [f"{v:.5f}" for v in x + y + z]) + "\n")
    return path


@pytest.fixture(scope="module")
def ae_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("ae")
    # A 2-cycle sine is the machine's normal; a 7-cycle one is what it must notice.
    normal = write_sines(str(d / "normal.csv"), 80, 2, seed=1)
    test = write_sines(str(d / "test.csv"), 20, 2, seed=2)
    abnormal = write_sines(str(d / "abnormal.csv"), 20, 7, seed=3)
    made = autoencoder.run(["--data", normal, "--test", test, "--abnormal", abnormal,
                            "--out-dir", str(d / "out"), "--variants", "teacher,student,kd,kd+prune,kd+prune+int8",
                            "--teacher-widths", "32,8", "--student-widths", "16,4", "--epochs", "40",
                            "--finetune-epochs", "5", "--sparsity", "0.5"])
    return {m["name"]: m for m in made}, str(d / "out"), abnormal, test


def test_every_variant_returns_its_reconstruction_error_one_window_at_a_time(ae_run):
    manifests, out, abnormal, test = ae_run
    assert set(manifests) == {"vibration_ae_teacher", "vibration_ae_student", "vibration_ae_kd", "vibration_ae_kd_prune",
                              "vibration_ae_kd_prune_int8"}
    x = torch.zeros(1, 3, 32)
    for name in manifests:
        y = torch.jit.load(os.path.join(out, name + ".pt"))(x)
        assert list(y.shape) == [1, 1]
        assert torch.isfinite(y).all()


def test_what_it_never_saw_scores_higher_than_held_out_normal(ae_run):
    manifests, _, _, _ = ae_run
    for name, m in manifests.items():
        assert m["evaluation"]["roc_auc"] > 0.9, name
        assert m["evaluation"]["normal_samples"] == 20


def test_manifests_say_what_the_daemon_needs(ae_run):
    manifests, out, _, _ = ae_run
    with open(os.path.join(out, "vibration_ae_kd_prune_int8.json")) as f:
        m = json.load(f)
    assert m["kind"] == "autoencoder"
    assert m["labels"] == ["reconstruction_error"]
    assert m["input"] == {"shape": [1, 3, 32], "dtype": "float32"}
    assert m["quantized"] == {"backend": "qnnpack", "scheme": "dynamic"}
    assert [s["step"] for s in m["lineage"]] == ["kd", "prune", "int8"]
    assert m["nonzero_params"] < m["params"]
    golden = m["golden"][0]
    assert golden["label"] == "reconstruction_error" and len(golden["logits"]) == 1


def test_bad_variant_chains_are_usage_errors():
    for chain in ("giant", "kd+int8+prune", "kd+lowrank"):
        with pytest.raises(SystemExit):
            autoencoder.parse_args(["--data", "x.csv", "--out-dir", "o", "--variants", chain])
