"""The manifest written beside every model: NAME.json next to NAME.pt.

Everything in it is measured on the exported file or on the module graph that was exported:
parameter counts come from the TorchScript file itself (quantised weights unpacked), MACs from
forward hooks on the exported module graph, accuracy from running the reloaded file on the
held-out split. The daemon reads labels and input shape from it; the bench reads MACs, parameter
counts and the quantised backend; model validation replays the golden samples.
"""
import base64
import hashlib
import json
import os

import torch

FORMAT = "edgeinfer-model-manifest/1"


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def count_macs(model, example):
    """Multiply-accumulates of one forward pass on `example` (batch 1), counted by forward hooks
    on every module that does them: Linear-like (in_features), Conv-like (in_channels, kernel_size)
    and LSTM, float or quantised alike. Element-wise work (activations, pooling, the vibration
    model's FFT features) is not counted: it is the same in every variant of a model."""
    total = [0]

    def hook(m, inputs, out):
        if isinstance(out, tuple):
            out = out[0]
        if hasattr(m, "in_channels") and hasattr(m, "kernel_size"):
            k = 1
            for d in m.kernel_size:
                k *= d
            total[0] += out.numel() * (m.in_channels // m.groups) * k
        elif hasattr(m, "in_features") and hasattr(m, "out_features"):
            total[0] += out.numel() * m.in_features
        elif hasattr(m, "input_size") and hasattr(m, "hidden_size"):
            steps = inputs[0].shape[0 if not getattr(m, "batch_first", False) else 1]
            total[0] += steps * m.num_layers * 4 * m.hidden_size * (m.input_size + m.hidden_size)

    handles = [m.register_forward_hook(hook) for m in model.modules()]
    try:
        with torch.no_grad():
            model(example)
    finally:
        for h in handles:
            h.remove()
    return total[0]


def torchscript_params(ts):
    """(parameters, non-zero parameters) of a loaded TorchScript module, counting the weights and
    biases packed inside quantised layers too. Buffers (running statistics, frozen input
    statistics, quantisation scales) are not parameters."""
    tensors = list(ts.parameters())
    for _, m in ts.named_modules():
        packed = getattr(m, "_packed_params", None) if hasattr(m, "_packed_params") else None
        if isinstance(packed, torch.ScriptObject):
            tensors.extend(t for t in packed.unpack() if t is not None)
    total = nonzero = 0
    for t in tensors:
        if t.is_quantized:
            t = t.dequantize()
        total += t.numel()
        nonzero += int(torch.count_nonzero(t))
    return total, nonzero


def encode_input(x):
    """float32 little-endian bytes, base64: exact, and ~4x smaller than decimal text."""
    return base64.b64encode(x.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()).decode("ascii")


def decode_input(text, shape):
    import numpy as np
    return torch.from_numpy(np.frombuffer(base64.b64decode(text), dtype="<f4").copy()).reshape(shape)


def golden_samples(model, z, x, y, labels, count):
    """Up to `count` held-out samples the model gets right with the widest margin (by the logits
    `z`), one per class first: what a device can replay to check it runs the same model the same
    way. Their logits are recomputed one sample at a time, as the device runs them (dynamic int8
    quantises activations per batch, so batch size changes the numbers)."""
    top2 = z.topk(2, dim=1).values if z.shape[1] > 1 else torch.cat([z, z], 1)
    margin = top2[:, 0] - top2[:, 1]
    correct = z.argmax(1) == y
    order = [int(i) for i in torch.argsort(margin, descending=True) if correct[i]]
    chosen, seen = [], set()
    for i in order:
        if int(y[i]) not in seen and len(chosen) < count:
            chosen.append(i)
            seen.add(int(y[i]))
    for i in order:
        if len(chosen) >= count:
            break
        if i not in chosen:
            chosen.append(i)
    out = []
    for i in chosen:
        with torch.no_grad():
            single = model(x[i:i + 1])[0]
        out.append({"label": labels[int(single.argmax())],
                    "logits": [round(float(v), 6) for v in single],
                    "input_f32le_base64": encode_input(x[i])})
    return out


def build(name, version, pt_path, eager, example, labels, evaluation, golden, quantized=None, lineage=None,
          extra=None):
    """The manifest dict for an exported file. `eager` is the module graph that was exported
    (for MACs); `evaluation` is {'accuracy', 'per_class', 'samples', 'split'}."""
    ts = torch.jit.load(pt_path)
    params, nonzero = torchscript_params(ts)
    m = {
        "format": FORMAT,
        "name": name,
        "version": version,
        "file": os.path.basename(pt_path),
        "input": {"shape": list(example.shape), "dtype": "float32"},
        "labels": list(labels),
        "params": params,
        "nonzero_params": nonzero,
        "macs": count_macs(eager, example),
        "size_bytes": os.path.getsize(pt_path),
        "sha256": sha256(pt_path),
        "accuracy": round(evaluation["accuracy"], 6),
        "evaluation": {
            "split": evaluation.get("split", "held-out"),
            "samples": evaluation["samples"],
            "per_class": {l: (None if a is None else round(a, 6)) for l, a in zip(labels, evaluation["per_class"])},
        },
        "quantized": quantized,
        "lineage": lineage or [],
        "torch": torch.__version__,
        "golden": golden,
    }
    if extra:
        m.update(extra)
    return m


def write(manifest, pt_path):
    path = os.path.splitext(pt_path)[0] + ".json"
    with open(path, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return path

