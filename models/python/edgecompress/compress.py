"""Compression pipeline: train a teacher, distil a student, prune, factorise, quantise to int8, and
export every variant as TorchScript NAME.pt with its manifest NAME.json.

    export PYTHONPATH=models/python    # from the checkout's top; installed: edgecompress-compress
    # the simulator's data (made with bin/edgeinfer when --data is left out)
    /usr/bin/python3 -m edgecompress.compress --out-dir /tmp/compressed
    # any labelled CSV (label,<channel>_0..) or image folder (DIR/<label>/*.png)
    /usr/bin/python3 -m edgecompress.compress --data train.csv --test test.csv --out-dir out
    /usr/bin/python3 -m edgecompress.compress --data images/ --holdout 0.2 --out-dir out --prefix shapes

Variants are chains: a base (teacher | student | kd = student distilled from the teacher) followed
by steps (prune, lowrank, int8; int8 last), e.g. --variants teacher,kd+prune+int8. Shared prefixes
are built once. `int8:ENGINE` makes an int8 model for another engine than --qbackend, beside it:
--variants kd+int8,kd+int8:x86 writes NAME_kd_int8.pt (qnnpack, for ARM) and NAME_kd_int8_x86.pt.
Then compare them on the device:

    bin/edgeinfer bench models OUT_DIR --data test.csv

Fine-tune a served teacher on what a device captured (edgeinfer capture dataset), mixed with the
original data: --captured dataset/windows.csv --finetune-from out/vibration_teacher.pt.

Runs on Debian's python3-torch 1.13 (/usr/bin/python3) and torch 2.x. Quantised engines there:
qnnpack (ARM's, the default here) and onednn. Models for x86/fbgemm (x86's engines, which that build
lacks) are quantised with their settings and evaluated here on onednn; see techniques.
See docs/compression.md.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import warnings

# qnnpack warns on every dynamic-int8 call that it ignores reduce_range (PyTorch's dynamic Linear
# always passes it); it says nothing about the model. (Its C++ log line on stderr cannot be muted.)
warnings.filterwarnings("ignore", message=".*qnnpack incorrectly ignores reduce_range.*")
# PyTorch's own default qconfig for x86 still passes reduce_range to its observers, and they warn.
warnings.filterwarnings("ignore", message=".*reduce_range will be deprecated.*")

import torch  # noqa: E402

from . import checkout, data, nets, pipeline  # noqa: E402
from .techniques import check_backend, engines_here  # noqa: E402

DEFAULT_VARIANTS = "teacher,teacher+int8,teacher+prune,teacher+lowrank,student,kd,kd+prune,kd+lowrank,kd+int8,kd+prune+int8"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = p.add_argument_group("data")
    g.add_argument("--data", help="training data: CSV file or image folder (default: simulate 4000 windows "
                                  "with bin/edgeinfer, seed 1, and 1000 held-out ones, seed 2)")
    g.add_argument("--test", help="held-out data (same kind); default: --holdout of --data")
    g.add_argument("--holdout", type=float, default=0.2, help="held-out fraction when --test is not given (default 0.2)")
    g.add_argument("--labels", help="comma-separated labels in model output order (default: the simulator's "
                                    "order for its states, else sorted)")
    g.add_argument("--image-size", help="resize images to H,W (default: keep; all must match)")
    g.add_argument("--captured", help="labelled data a device kept (edgeinfer capture dataset: windows.csv or "
                   "images/), mixed into --data: --holdout of it is held out beside the test set, the rest trained "
                   "on, and half the golden samples come from it")
    g.add_argument("--finetune-from", metavar="PT", help="start the teacher from this float TorchScript file (a "
                   "teacher this pipeline exported, same --teacher-widths) instead of fresh weights; --epochs then "
                   "fine-tunes it on --data mixed with --captured")
    g = p.add_argument_group("variants")
    g.add_argument("--variants", default=DEFAULT_VARIANTS, help=f"comma-separated chains (default: {DEFAULT_VARIANTS})")
    g.add_argument("--cnn", choices=nets.CNNS, default="plain",
                   help="image network: plain (3 conv stages, default) or resnet (ResNet-like, one basic block per "
                        "width)")
    g.add_argument("--teacher-widths", help="hidden widths (CSV: 256,128) or CNN stage widths (images: 32,64,128; "
                                            "resnet: 32,64,128,256)")
    g.add_argument("--student-widths", help="likewise for the student (CSV: 64,32; images: 8,16,32; resnet: "
                                            "16,32,64,112)")
    g = p.add_argument_group("training")
    g.add_argument("--epochs", type=int, default=20,
                   help="epochs for the teacher, and for student and distillation unless --student-epochs (default 20)")
    g.add_argument("--student-epochs", type=int, help="epochs for student and distillation (default: --epochs)")
    g.add_argument("--finetune-epochs", type=int, default=4, help="epochs after pruning / low-rank (default 4)")
    g.add_argument("--lr", type=float, default=2e-3, help="Adam learning rate (default 2e-3)")
    g.add_argument("--schedule", choices=("constant", "cosine"), default="constant",
                   help="learning rate: constant (default) or cosine-annealed to zero over each training")
    g.add_argument("--augment", choices=("none", "flips"), default="none",
                   help="images: none (default) or flips (each training image mirrored, flipped and transposed at "
                        "random; for labels that do not depend on orientation)")
    g.add_argument("--batch", type=int, default=64, help="minibatch size (default 64)")
    g.add_argument("--seed", type=int, default=0, help="seed for weights, batches and splits (default 0)")
    g.add_argument("--threads", type=int, default=1, help="torch intra-op threads (default 1: deterministic)")
    g = p.add_argument_group("distillation: L = a*CE + (1-a)*T^2*KL(softened teacher, student)")
    g.add_argument("--alpha", type=float, default=0.5, help="weight a of the hard-label loss (default 0.5)")
    g.add_argument("--temperature", type=float, default=4.0, help="softmax temperature T (default 4)")
    g.add_argument("--kd-kl", choices=("teacher-student", "student-teacher"), default="teacher-student",
                   help="KL(p_t||p_s) as in Hinton et al. (default) or KL(p_s||p_t)")
    g = p.add_argument_group("pruning and low-rank")
    g.add_argument("--sparsity", type=float, default=0.7, help="fraction of Linear/Conv weights zeroed (default 0.7)")
    g.add_argument("--prune-scope", choices=("global", "layer"), default="global",
                   help="smallest weights of the whole model (default) or of each layer")
    g.add_argument("--rank", type=int, help="fixed truncation rank for every factorised layer")
    g.add_argument("--energy", type=float, default=0.9,
                   help="else keep the smallest rank holding this share of sum(s^2) (default 0.9)")
    g.add_argument("--rank-multiple", type=int, default=1,
                   help="round each energy-chosen rank up to a multiple of this (default 1; 8 suits x86's SIMD "
                        "kernels: a 3x3 conv to 24 channels ran 1.4x faster than one to 23)")
    g.add_argument("--lowrank-layers", choices=("pointwise", "all"), default="pointwise",
                   help="factorise Linear and 1x1 conv layers (default), or every conv (a kxk conv becomes kxk to "
                        "rank r, then 1x1)")
    g = p.add_argument_group("int8")
    g.add_argument("--int8", choices=("auto", "dynamic", "static"), default="auto",
                   help="dynamic (Linear/LSTM) or static with calibration; auto: static for conv models")
    g.add_argument("--qbackend", default="qnnpack",
                   help=f"quantised engine an int8 model is made for (this torch: {engines_here()}, "
                        f"and x86/fbgemm where onednn is; default qnnpack, ARM's); int8:ENGINE in a variant "
                        f"overrides it")
    g.add_argument("--calibration", type=int, default=256, help="training samples for static calibration (default 256)")
    g = p.add_argument_group("output")
    g.add_argument("--out-dir", required=True, help="where NAME.pt and NAME.json go")
    g.add_argument("--channels-last", action="store_true",
                   help="export float CNNs in channels-last memory format (the input is converted in the graph): "
                        "faster on x86's oneDNN kernels")
    g.add_argument("--prefix", help="file name prefix (default: vibration for CSV data, images otherwise)")
    g.add_argument("--model-version", default="1", help="version written to every manifest (default 1)")
    g.add_argument("--golden", type=int, default=4, help="golden samples per manifest (default 4)")
    a = p.parse_args(argv)
    try:
        a.chains = pipeline.parse_variants(a.variants)
        for chain in a.chains:
            backend = pipeline.int8_backend(chain[-1], a.qbackend)
            if backend:
                check_backend(backend)
    except ValueError as e:
        p.error(str(e))
    if not 0 < a.holdout < 1:
        p.error(f"--holdout must be between 0 and 1, got {a.holdout}")
    if not 0 <= a.alpha <= 1 or a.temperature <= 0:
        p.error("--alpha must be in [0, 1] and --temperature > 0")
    if a.rank_multiple < 1:
        p.error(f"--rank-multiple must be at least 1, got {a.rank_multiple}")
    a.student_epochs = a.student_epochs or a.epochs
    a.captured_from = None
    return a


def simulated_data(workdir, log):
    """The default data: the daemon's own simulator, through the built launcher."""
    launcher = checkout.launcher()
    if launcher is None:
        raise SystemExit("no --data given and the launcher is not built: run `mvn -B -q package -DskipTests` "
                         "or pass --data")
    files = []
    for name, windows, seed in (("train", 4000, 1), ("test", 1000, 2)):
        out = os.path.join(workdir, name + ".csv")
        log(f"simulating {windows} windows (seed {seed}) -> {out}")
        subprocess.run([launcher, "simulate", "--windows", str(windows), "--seed", str(seed), "--out", out],
                       check=True, stdout=subprocess.DEVNULL)
        files.append(out)
    return files


def load_data(a, log):
    labels = a.labels.split(",") if a.labels else None
    size = tuple(int(v) for v in a.image_size.split(",")) if a.image_size else None
    train = data.load(a.data, labels, size)
    if a.test:
        test = data.load(a.test, train.labels, size)
        if test.kind != train.kind or test.x.shape[1:] != train.x.shape[1:]:
            raise SystemExit(f"--test {a.test}: samples {list(test.x.shape[1:])} ({test.kind}) do not match "
                             f"--data {list(train.x.shape[1:])} ({train.kind})")
        a.split_name = "held-out file " + os.path.basename(a.test.rstrip("/"))
    else:
        train, test = data.split(train, a.holdout, a.seed)
        a.split_name = f"held-out {a.holdout:g} of " + os.path.basename(a.data.rstrip("/"))
    if a.captured:
        train, test = mix_captured(a, train, test, size, log)
    log(f"data: {len(train)} training, {len(test)} held-out samples of shape {list(train.x.shape[1:])}, "
        f"labels {train.labels}")
    return train, test


def mix_captured(a, train, test, size, log):
    """Adds the captured data: trained on beside the original (so the model keeps what it knew),
    its held-out part after the original test set, where a.captured_from marks where it starts."""
    cap = data.load(a.captured, train.labels, size)
    if cap.kind != train.kind or cap.x.shape[1:] != train.x.shape[1:]:
        raise ValueError(f"--captured {a.captured}: samples {list(cap.x.shape[1:])} ({cap.kind}) do not match "
                         f"--data {list(train.x.shape[1:])} ({train.kind})")
    cap_train, cap_test = data.split(cap, a.holdout, a.seed)
    log(f"captured: {len(cap_train)} training, {len(cap_test)} held-out samples from {a.captured}")
    a.captured_from = len(test)
    a.split_name += f" + held-out {a.holdout:g} of captured " + os.path.basename(a.captured.rstrip("/"))
    return data.concat(train, cap_train), data.concat(test, cap_test)


def run(argv=None):
    """Parses `argv`, builds and exports every variant; returns (pipeline, manifests)."""
    a = parse_args(argv)
    torch.set_num_threads(a.threads)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    os.makedirs(a.out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if a.data is None:
            a.data, a.test = simulated_data(tmp, log)
        try:
            train, test = load_data(a, log)
        except ValueError as e:
            raise SystemExit(str(e))
    a.prefix = a.prefix or ("vibration" if train.kind == "csv" else "images")
    made = pipeline.Pipeline(train, test, a, log)
    return made, [made.export(chain) for chain in a.chains]


def main(argv=None):
    _, manifests = run(argv)
    print(pipeline.summary_table(manifests))


if __name__ == "__main__":
    main()
