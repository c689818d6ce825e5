"""Builds the requested variants, sharing intermediate models: `kd+prune+int8` reuses the `kd+prune`
model that `kd+prune` exported. Every variant is exported as TorchScript, reloaded, evaluated on
the held-out split and described by a manifest."""
import copy
import os
import sys

import torch

from . import nets, techniques, training

BASES = ("teacher", "student", "kd")
STEPS = ("prune", "lowrank", "int8")


def step_kind(step):
    """'int8:x86' -> 'int8'; other steps are their own kind."""
    return step.split(":", 1)[0]


def int8_backend(step, default):
    """The engine an int8 step is made for ('int8:x86' -> 'x86', 'int8' -> `default`), None for
    another step."""
    if step_kind(step) != "int8":
        return None
    return step.split(":", 1)[1] if ":" in step else default


def parse_variants(text):
    """'teacher,kd+prune+int8' -> [('teacher',), ('kd', 'prune', 'int8')], checked. An int8 step
    may name its engine: 'kd+int8:x86'."""
    chains = []
    for item in text.split(","):
        parts = tuple(p.strip() for p in item.strip().split("+"))
        if not parts[0] or parts[0] not in BASES:
            raise ValueError(f"variant {item!r}: must start with one of {list(BASES)}")
        kinds = [step_kind(p) for p in parts[1:]]
        for step, kind in zip(parts[1:], kinds):
            if kind not in STEPS or (":" in step and (kind != "int8" or not step.split(":", 1)[1])):
                raise ValueError(f"variant {item!r}: unknown step {step!r}; steps are {list(STEPS)} "
                                 f"(int8:ENGINE names an engine)")
        if "int8" in kinds[:-1]:
            raise ValueError(f"variant {item!r}: int8 must be the last step")
        if len(set(kinds)) != len(kinds):
            raise ValueError(f"variant {item!r}: a step appears twice")
        chains.append(parts)
    return chains


def variant_name(prefix, chain):
    """File stem: prefix and steps joined by '_' ('kd+int8:x86' -> PREFIX_kd_int8_x86)."""
    return "_".join((prefix,) + chain).replace(":", "_")



# TorchScript module types only an int8 model holds (dynamic: packed Linear weights; static: the
# Quantize/DeQuantize at its edges and packed conv or linear weights).
QUANTIZED_PARTS = ("PackedParams", "Quantize", "DeQuantize")


def quantized(script):
    """Whether a loaded TorchScript model is an int8 one (its state_dict holds no float weights to train)."""
    return any(getattr(m, "original_name", "").endswith(QUANTIZED_PARTS) for m in script.modules())

class Pipeline:
    """One run: data, options, and the models made so far (keyed by chain prefix)."""

    def __init__(self, train, test, opts, log=None):
        self.train, self.test, self.o = train, test, opts
        self.log = log or (lambda m: print(m, file=sys.stderr, flush=True))
        self.models = {}
        self.reports = {}
        self.sample_shape = tuple(train.x.shape[1:])
        self.classes = len(train.labels)

    def widths(self, base):
        text = self.o.teacher_widths if base == "teacher" else self.o.student_widths
        if text:
            return [int(w) for w in text.split(",")]
        if self.train.kind == "csv":
            return [256, 128] if base == "teacher" else [64, 32]
        if self.o.cnn == "resnet":
            return [32, 64, 128, 256] if base == "teacher" else [16, 32, 64, 112]
        return [32, 64, 128] if base == "teacher" else [8, 16, 32]

    def fresh(self, base):
        torch.manual_seed(self.o.seed)
        model = nets.build(self.train.kind, self.sample_shape, self.widths(base), self.classes, self.o.cnn)
        nets.fit_preprocessing(model, self.train.x)
        if base == "teacher" and getattr(self.o, "finetune_from", None):
            self.start_from(model, self.o.finetune_from)
        return model

    def start_from(self, model, path):
        """Loads a serving model's weights (and its input statistics: the device's data is scaled as
        it was) into the fresh net, so training fine-tunes it instead of starting over."""
        try:
            loaded = torch.jit.load(path)
            if quantized(loaded):
                raise SystemExit(f"--finetune-from {path}: an int8 (quantized) model; its weights were rounded to "
                                 "8 bits and cannot be trained on. Fine-tune from the float teacher it was "
                                 "compressed from (PREFIX_teacher.pt in that run's --out-dir; for the demo model "
                                 "models/vibration_fp32.pt), and keep that file at home for every model a device "
                                 "serves (docs/compression.md)")
            model.load_state_dict(loaded.state_dict())
        except (RuntimeError, ValueError) as e:
            first = str(e).strip().splitlines()[0]
            raise SystemExit(f"--finetune-from {path}: not a float teacher of this shape and these widths "
                             f"{self.widths('teacher')} ({first})")
        self.log(f"[teacher] starting from {path}")

    def fit(self, model, epochs, what):
        return training.train(model, self.train.x, self.train.y, epochs, self.o.seed, log=self.log, what=what,
                              **self.training_options())

    def training_options(self):
        return {"lr": self.o.lr, "batch": self.o.batch, "cosine": self.o.schedule == "cosine",
                "augment": training.flips_and_turns if self.o.augment == "flips" else None}

    def model(self, chain):
        """The eager model for a chain, building (and caching) its prefix first."""
        if chain in self.models:
            return self.models[chain]
        if len(chain) == 1:
            model, report = self.base(chain[0])
        else:
            model, report = self.step(self.model(chain[:-1]), chain[-1], chain)
        self.models[chain] = model
        self.reports[chain] = report
        return model

    def base(self, base):
        self.log(f"[{base}] widths {self.widths(base)}")
        if base == "kd":
            student = self.distill(self.fresh("student"), self.o.student_epochs, "distill")
            return student, {"technique": "distilled", "alpha": self.o.alpha, "temperature": self.o.temperature,
                             "kl": self.o.kd_kl, "teacher": "teacher", "epochs": self.o.student_epochs}
        epochs = self.o.epochs if base == "teacher" else self.o.student_epochs
        model = self.fit(self.fresh(base), epochs, base)
        report = {"technique": "trained", "widths": self.widths(base), "epochs": epochs}
        if base == "teacher" and getattr(self.o, "finetune_from", None):
            report["finetuned_from"] = os.path.basename(self.o.finetune_from)
        return model, report

    def distill(self, student, epochs, what):
        return techniques.distill(student, self.model(("teacher",)), self.train.x, self.train.y, epochs, self.o.seed,
                                  self.o.alpha, self.o.temperature, self.o.kd_kl, log=self.log, what=what,
                                  **self.training_options())

    def step(self, model, step, chain):
        label = "+".join(chain)
        self.log(f"[{label}]")
        # A distilled model is fine-tuned the way it was trained, against the teacher: with labels
        # alone, a few epochs cost it accuracy even without pruning (docs/compression.md).
        by_teacher = chain[0] == "kd"
        tuned = {"finetune": {"epochs": self.o.finetune_epochs, "loss": "distillation" if by_teacher else "labels"}}

        def finetune(m):
            if by_teacher:
                self.distill(m, self.o.finetune_epochs, f"{label} fine-tune")
            else:
                self.fit(m, self.o.finetune_epochs, f"{label} fine-tune")

        if step == "prune":
            m, rep = techniques.prune(model, self.o.sparsity, self.o.prune_scope, finetune)
            return m, {"technique": "pruned", "target_sparsity": self.o.sparsity, "scope": self.o.prune_scope, **rep,
                       **tuned}
        if step == "lowrank":
            m, rep = techniques.low_rank(model, self.o.rank, self.o.energy, finetune, self.o.lowrank_layers,
                                         self.o.rank_multiple)
            return m, {"technique": "low-rank", "rank": self.o.rank, "energy": None if self.o.rank else self.o.energy,
                       "rank_multiple": self.o.rank_multiple, "eligible": self.o.lowrank_layers, "layers": rep,
                       **tuned}
        calib = self.train.x[torch.randperm(len(self.train.x), generator=torch.Generator().manual_seed(self.o.seed))
                             [:self.o.calibration]]
        m, rep = techniques.quantize(model, self.o.int8, int8_backend(step, self.o.qbackend), calib)
        return m, {"technique": "int8", **rep}

    def export(self, chain):
        """Exports one variant and writes its manifest; returns the manifest."""
        model = self.model(chain)
        name = variant_name(self.o.prefix, chain)
        path = os.path.join(self.o.out_dir, name + ".pt")
        quant = self.reports[chain] if step_kind(chain[-1]) == "int8" else None
        if quant:
            torch.backends.quantized.engine = techniques.packing_engine(quant["backend"])
        elif self.o.channels_last and nets.has_conv(model):
            model = nets.ChannelsLast(copy.deepcopy(model)).eval()
        training.export(model, path, self.test.x[:1])
        lineage = [dict(step=step_kind(s), **self.reports[chain[:i + 1]]) for i, s in enumerate(chain)]
        if model is not self.models[chain]:
            lineage.append({"step": "export", "memory_format": "channels_last"})
        m = training.describe(path, model, self.test.x, self.test.y, self.test.labels, name, self.o.model_version,
                              self.o.split_name, self.o.golden, lineage=lineage,
                              golden_split=getattr(self.o, "captured_from", None),
                              quantized={"backend": quant["backend"], "scheme": quant["scheme"]} if quant else None)
        self.log(f"  -> {path}: accuracy {m['accuracy'] * 100:.2f}%, {m['params']} params "
                 f"({m['nonzero_params']} non-zero), {m['macs']} MACs, {m['size_bytes']} bytes")
        return m


def summary_table(manifests):
    """Markdown: what the pipeline measured in Python (latency is the device's job: edgeinfer bench)."""
    rows = ["| model | accuracy | params | non-zero | MACs | size (bytes) | int8 |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for m in manifests:
        q = m["quantized"]
        rows.append(f"| {m['name']} | {m['accuracy'] * 100:.2f} % | {m['params']:,} | {m['nonzero_params']:,} | "
                    f"{m['macs']:,} | {m['size_bytes']:,} | {q['scheme'] + ' / ' + q['backend'] if q else '-'} |")
    return "\n".join(rows)
