"""The committed demo models and their manifests must describe each other."""
import hashlib
import json
import os

import pytest
import torch

from conftest import ARTEFACTS
from edgecompress import manifest

DAEMON_LABELS = ["normal", "imbalance", "misalignment", "bearing_fault"]


@pytest.mark.parametrize("name,backend", [("vibration_fp32", None), ("vibration_int8", "qnnpack")])
def test_committed_manifest_matches_the_committed_model(name, backend):
    pt = os.path.join(ARTEFACTS, name + ".pt")
    with open(os.path.join(ARTEFACTS, name + ".json")) as f:
        m = json.load(f)
    with open(pt, "rb") as f:
        raw = f.read()
    assert m["format"] == manifest.FORMAT and m["name"] == name and m["file"] == name + ".pt"
    assert m["sha256"] == hashlib.sha256(raw).hexdigest()
    assert m["size_bytes"] == len(raw)
    assert m["labels"] == DAEMON_LABELS
    assert m["input"] == {"shape": [1, 3, 256], "dtype": "float32"}
    assert (m["quantized"] or {}).get("backend") == backend
    # 387*64+64 + 64*32+32 + 32*4+4 parameters; MACs are the weights' count (batch 1)
    assert m["params"] == 27044 and m["macs"] == 387 * 64 + 64 * 32 + 32 * 4
    if backend:
        torch.backends.quantized.engine = backend
    ts = torch.jit.load(pt)
    assert manifest.torchscript_params(ts) == (m["params"], m["nonzero_params"])
    assert m["accuracy"] >= 0.98
    assert len(m["golden"]) == 4 and {g["label"] for g in m["golden"]} == set(DAEMON_LABELS)
    for g in m["golden"]:
        with torch.no_grad():
            z = ts(manifest.decode_input(g["input_f32le_base64"], [1, 3, 256]))[0]
        assert z.tolist() == pytest.approx(g["logits"], abs=1e-4)
