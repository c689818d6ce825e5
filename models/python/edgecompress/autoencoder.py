"""Autoencoders for anomaly detection, trained at home on normal windows only, exported as TorchScript
that returns its own reconstruction error: the score the daemon's `autoencoder` detector reads
(docs/anomaly.md). Variants like the classifiers': a teacher, a smaller student, the student
distilled from the teacher, pruning, int8 - each measured, so a step is kept only where it pays.

    edgeinfer simulate --scenario config/simulate/normal-operating-changes.yaml --windows 20000 --seed 21 --out normal.csv
    edgeinfer simulate --scenario config/simulate/degradation.yaml --windows 1875 --seed 22 --out ramp.csv
    export PYTHONPATH=models/python
    /usr/bin/python3 -m edgecompress.autoencoder --data normal.csv --abnormal ramp.csv --out-dir /tmp/ae

Input: any CSV in the simulator's format (label,x_0..,y_0..); only rows labelled --normal-label
(default: normal) are learned from (all rows when no row has it). The held-out split is --test, or
the last --holdout of --data (in file order: neighbouring windows overlap, a random split would leak).
Output per variant: PREFIX_VARIANT.pt (input [1, C, L] in sensor units, output [1, 1] the mean
squared reconstruction error of the standardised log spectrum) and its manifest.
"""
import argparse
import os
import sys
import warnings

# qnnpack warns on every dynamic-int8 call that it ignores reduce_range; it says nothing about the model.
warnings.filterwarnings("ignore", message=".*qnnpack incorrectly ignores reduce_range.*")

import torch  # noqa: E402
from torch import nn

from . import manifest, techniques  # noqa: E402
from .data import load_csv  # noqa: E402
from .nets import SpectralFeatures  # noqa: E402

DEFAULT_VARIANTS = "teacher,teacher+int8,student,student+int8,kd,kd+prune,kd+int8,kd+prune+int8"
OUTPUT_LABEL = "reconstruction_error"


class SpectralAutoencoder(nn.Module):
    """Log-magnitude spectrum per channel (standardised with training statistics, as the demo
    classifier's features), an MLP bottleneck, and the error of its reconstruction as the output."""

    def __init__(self, channels, window, hidden=(128, 16)):
        super().__init__()
        self.features = SpectralFeatures(channels, window)
        width = channels * (window // 2 + 1)
        widths = [width] + list(hidden)
        enc, dec = [], []
        for i in range(len(widths) - 1):
            enc += [nn.Linear(widths[i], widths[i + 1]), nn.ReLU()]
        for i in range(len(widths) - 1, 0, -1):
            dec += [nn.Linear(widths[i], widths[i - 1])] + ([nn.ReLU()] if i > 1 else [])
        self.encoder = nn.Sequential(*enc)
        self.decoder = nn.Sequential(*dec)

    def reconstruct(self, f):
        return self.decoder(self.encoder(f))

    def forward(self, x):
        f = self.features(x)
        return ((self.reconstruct(f) - f) ** 2).mean(dim=1, keepdim=True)


def normal_windows(path, label):
    x, names = load_csv(path)
    keep = [i for i, n in enumerate(names) if n == label]
    if not keep:
        return x
    return x[torch.tensor(keep)]


def train(model, x, epochs, seed, lr=2e-3, batch=64, teacher=None, alpha=0.5, log=print, what="train"):
    """Adam on the mean reconstruction error; with a teacher, the student also matches the teacher's
    reconstruction: L = a * |r_s - f|^2 + (1 - a) * |r_s - r_t|^2."""
    torch.manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=1e-5)
    target = None
    if teacher is not None:
        with torch.no_grad():
            target = teacher.reconstruct(teacher.features(x))
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(x))
        total = 0.0
        for i in range(0, len(x), batch):
            idx = perm[i:i + batch]
            f = model.features(x[idx])
            r = model.reconstruct(f)
            loss = ((r - f) ** 2).mean()
            if target is not None:
                loss = alpha * loss + (1 - alpha) * ((r - target[idx]) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        log(f"  {what} epoch {epoch + 1}/{epochs} loss {total / len(x):.5f}")
    model.eval()
    return model


def scores(model, x):
    """One window at a time, as the device runs it (dynamic int8 quantises per call)."""
    with torch.no_grad():
        return torch.cat([model(x[i:i + 1]).flatten() for i in range(len(x))])


def auc(normal, abnormal):
    """P(abnormal score > normal score), ties half: the Mann-Whitney statistic."""
    allv = torch.cat([normal, abnormal]).to(torch.float64)
    _, inverse, counts = torch.unique(allv, sorted=True, return_inverse=True, return_counts=True)
    ends = counts.cumsum(0).to(torch.float64)
    ranks = ((ends - counts + 1 + ends) / 2)[inverse]
    r = ranks[len(normal):].sum().item()
    n1, n0 = len(abnormal), len(normal)
    return (r - n1 * (n1 + 1) / 2) / (n1 * n0)


def evaluate(path, normal_test, abnormal):
    ts = torch.jit.load(path)
    s_norm = scores(ts, normal_test)
    ev = {"split": None, "normal_samples": len(normal_test),
          "normal_score_p50": round(s_norm.quantile(0.5).item(), 6),
          "normal_score_p99": round(s_norm.quantile(0.99).item(), 6)}
    if abnormal is not None:
        s_ab = scores(ts, abnormal)
        quarter = s_ab[:max(1, len(s_ab) // 4)]
        ev.update({"abnormal_samples": len(abnormal), "roc_auc": round(auc(s_norm, s_ab), 6),
                   "roc_auc_first_quarter": round(auc(s_norm, quarter), 6)})
    return ev


def write_manifest(path, eager, example, name, version, evaluation, lineage, quantized):
    ts = torch.jit.load(path)
    params, nonzero = manifest.torchscript_params(ts)
    with torch.no_grad():
        golden = [{"label": OUTPUT_LABEL, "logits": [round(float(ts(example)[0, 0]), 6)],
                   "input_f32le_base64": manifest.encode_input(example[0])}]
    m = {"format": manifest.FORMAT, "name": name, "version": version, "file": os.path.basename(path),
         "kind": "autoencoder", "input": {"shape": list(example.shape), "dtype": "float32"},
         "labels": [OUTPUT_LABEL], "output": "mean squared reconstruction error of the standardised log spectrum",
         "params": params, "nonzero_params": nonzero, "macs": manifest.count_macs(eager, example),
         "size_bytes": os.path.getsize(path), "sha256": manifest.sha256(path), "accuracy": None,
         "evaluation": evaluation, "quantized": quantized, "lineage": lineage, "torch": torch.__version__,
         "golden": golden}
    manifest.write(m, path)
    return m


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="normal windows (CSV, the simulator's format)")
    p.add_argument("--test", help="held-out normal windows (default: the last --holdout of --data)")
    p.add_argument("--holdout", type=float, default=0.2, help="held-out share of --data, from its end (default 0.2)")
    p.add_argument("--abnormal", help="abnormal windows for ROC AUC in the manifests (first row = onset)")
    p.add_argument("--normal-label", default="normal", help="label of the rows to learn from (default: normal)")
    p.add_argument("--variants", default=DEFAULT_VARIANTS, help=f"comma-separated chains (default: {DEFAULT_VARIANTS})")
    p.add_argument("--teacher-widths", default="256,32", help="teacher bottleneck widths (default 256,32)")
    p.add_argument("--student-widths", default="64,16", help="student bottleneck widths (default 64,16)")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--finetune-epochs", type=int, default=5)
    p.add_argument("--alpha", type=float, default=0.5, help="weight of the data term when distilling (default 0.5)")
    p.add_argument("--sparsity", type=float, default=0.7)
    p.add_argument("--qbackend", default="qnnpack")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out-dir", required=True)
    p.add_argument("--prefix", default="vibration_ae")
    p.add_argument("--model-version", default="1")
    a = p.parse_args(argv)
    chains = []
    for item in a.variants.split(","):
        parts = tuple(item.strip().split("+"))
        if parts[0] not in ("teacher", "student", "kd") or any(s not in ("prune", "int8") for s in parts[1:]) \
                or ("int8" in parts[:-1]):
            p.error(f"variant {item!r}: a base (teacher, student, kd) then prune and/or int8, int8 last")
        chains.append(parts)
    a.chains = chains
    if any("int8" in c for c in chains):
        try:
            techniques.check_backend(a.qbackend)
        except ValueError as e:
            p.error(str(e))
    return a


class Builder:
    """The variants of one run, sharing prefixes (kd+prune+int8 reuses kd+prune)."""

    def __init__(self, a, train_x, log):
        self.a, self.x, self.log = a, train_x, log
        self.models, self.lineage = {}, {}

    def fresh(self, widths):
        torch.manual_seed(self.a.seed)
        m = SpectralAutoencoder(self.x.shape[1], self.x.shape[2], tuple(int(w) for w in widths.split(",")))
        m.features.fit(self.x)
        return m

    def model(self, chain):
        if chain in self.models:
            return self.models[chain]
        a = self.a
        if len(chain) == 1:
            if chain[0] == "kd":
                teacher = self.model(("teacher",))
                m = train(self.fresh(a.student_widths), self.x, a.epochs, a.seed, teacher=teacher, alpha=a.alpha,
                          log=self.log, what="kd")
                step = {"technique": "distilled", "alpha": a.alpha, "teacher": "teacher"}
            else:
                widths = a.teacher_widths if chain[0] == "teacher" else a.student_widths
                m = train(self.fresh(widths), self.x, a.epochs, a.seed, log=self.log, what=chain[0])
                step = {"technique": "trained", "widths": [int(w) for w in widths.split(",")]}
        elif chain[-1] == "prune":
            m, rep = techniques.prune(self.model(chain[:-1]), a.sparsity, "global",
                                      lambda mm: train(mm, self.x, a.finetune_epochs, a.seed, log=self.log,
                                                       what="+".join(chain) + " fine-tune"))
            step = {"technique": "pruned", "target_sparsity": a.sparsity, **rep}
        else:
            m, rep = techniques.quantize(self.model(chain[:-1]), "dynamic", a.qbackend, self.x[:1])
            step = {"technique": "int8", **rep}
        self.models[chain] = m
        self.lineage[chain] = step
        return m


def run(argv=None):
    a = parse_args(argv)
    torch.set_num_threads(1)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    x = normal_windows(a.data, a.normal_label)
    if a.test:
        test = normal_windows(a.test, a.normal_label)
        split = "held-out file " + os.path.basename(a.test)
    else:
        k = max(1, int(round(len(x) * a.holdout)))
        x, test = x[:-k], x[-k:]
        split = f"last {a.holdout:g} of " + os.path.basename(a.data)
    abnormal = load_csv(a.abnormal)[0] if a.abnormal else None
    log(f"data: {len(x)} normal training windows, {len(test)} held-out, shape {list(x.shape[1:])}")
    os.makedirs(a.out_dir, exist_ok=True)
    builder = Builder(a, x, log)
    made = []
    for chain in a.chains:
        eager = builder.model(chain)
        name = "_".join((a.prefix,) + chain)
        path = os.path.join(a.out_dir, name + ".pt")
        quant = builder.lineage[chain] if chain[-1] == "int8" else None
        if quant:
            torch.backends.quantized.engine = quant["backend"]
        with torch.no_grad():
            torch.jit.trace(eager, test[:1]).save(path)
        ev = evaluate(path, test, abnormal)
        ev["split"] = split
        lineage = [dict(step=s, **builder.lineage[chain[:i + 1]]) for i, s in enumerate(chain)]
        m = write_manifest(path, eager, test[:1], name, a.model_version, ev, lineage,
                           {"backend": quant["backend"], "scheme": "dynamic"} if quant else None)
        log(f"  -> {path}: {m['size_bytes']} bytes, {m['params']} params ({m['nonzero_params']} non-zero), "
            f"AUC {ev.get('roc_auc', '-')}")
        made.append(m)
    return made


def summary_table(manifests):
    rows = ["| model | size (bytes) | params | non-zero | MACs | normal p99 | ROC AUC | AUC first quarter |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for m in manifests:
        e = m["evaluation"]
        rows.append(f"| {m['name']} | {m['size_bytes']:,} | {m['params']:,} | {m['nonzero_params']:,} | {m['macs']:,} | "
                    f"{e['normal_score_p99']:.4f} | {e.get('roc_auc', '-')} | {e.get('roc_auc_first_quarter', '-')} |")
    return "\n".join(rows)


def main(argv=None):
    print(summary_table(run(argv)))


if __name__ == "__main__":
    main()
