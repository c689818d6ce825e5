"""The compression techniques: knowledge distillation, magnitude pruning, low-rank factorisation and
int8 quantisation. Each takes a float model and returns a new one (inputs are never modified), plus
a small report of what it did."""
import copy

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils import prune as tprune

from . import nets, training


# --- knowledge distillation -------------------------------------------------------------------

def distill_loss(zs, zt, y, alpha, temperature, kl="teacher-student"):
    """L = alpha * CE(zs, y) + (1 - alpha) * T^2 * KL between the softened distributions.

    kl='teacher-student' is Hinton et al.'s KL(p_t || p_s) (the teacher's distribution is the
    target, as in F.kl_div); 'student-teacher' is KL(p_s || p_t), the order the formula is sometimes
    written in. T^2 keeps the soft term's gradient scale independent of T."""
    hard = F.cross_entropy(zs, y)
    log_ps = F.log_softmax(zs / temperature, dim=1)
    log_pt = F.log_softmax(zt / temperature, dim=1)
    if kl == "teacher-student":
        soft = (log_pt.exp() * (log_pt - log_ps)).sum(1).mean()
    elif kl == "student-teacher":
        soft = (log_ps.exp() * (log_ps - log_pt)).sum(1).mean()
    else:
        raise ValueError(f"kl must be teacher-student or student-teacher, got {kl!r}")
    return alpha * hard + (1 - alpha) * temperature * temperature * soft


def distill(student, teacher, x, y, epochs, seed, alpha, temperature, kl="teacher-student", log=print, augment=None,
            what="distill", **kw):
    """Trains `student` (in place) against the frozen teacher's logits on the same samples: computed
    once, or, with `augment`, on each augmented minibatch the student sees."""
    if augment is None:
        zt = training.logits(teacher, x)
        return training.train(student, x, y, epochs, seed, log=log, what=what,
                              loss_fn=lambda zs, idx: distill_loss(zs, zt[idx], y[idx], alpha, temperature, kl), **kw)
    seen = {}

    def augment_and_keep(xb):
        seen["x"] = augment(xb)
        return seen["x"]

    def loss(zs, idx):
        with torch.no_grad():
            zt = teacher(seen["x"])
        return distill_loss(zs, zt, y[idx], alpha, temperature, kl)

    teacher.eval()
    return training.train(student, x, y, epochs, seed, log=log, what=what, loss_fn=loss,
                          augment=augment_and_keep, **kw)


# --- magnitude pruning ------------------------------------------------------------------------

def prunable(model):
    return [(m, "weight") for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d))]


def prune(model, sparsity, scope, finetune):
    """Zeroes the smallest-magnitude weights of every Linear/Conv2d layer (W' = W * M): the smallest
    `sparsity` of all of them together (scope 'global') or of each layer ('layer'). `finetune(m)`
    trains with the masks held (pruned weights stay zero); the masks are then made permanent so the
    exported model is plain weights with zeros. Returns (model, report with real sparsity)."""
    if not 0 <= sparsity < 1:
        raise ValueError(f"sparsity must be in [0, 1), got {sparsity}")
    model = copy.deepcopy(model)
    targets = prunable(model)
    if scope == "global":
        tprune.global_unstructured(targets, pruning_method=tprune.L1Unstructured, amount=sparsity)
    elif scope == "layer":
        for m, name in targets:
            tprune.l1_unstructured(m, name, amount=sparsity)
    else:
        raise ValueError(f"prune scope must be global or layer, got {scope!r}")
    finetune(model)
    for m, name in targets:
        tprune.remove(m, name)
    return model, sparsity_report(model)


def sparsity_report(model):
    layers, zeros, total = {}, 0, 0
    for name, m in model.named_modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            z, n = int((m.weight == 0).sum()), m.weight.numel()
            layers[name] = round(z / n, 4)
            zeros, total = zeros + z, total + n
    return {"weights_sparsity": round(zeros / max(total, 1), 4), "per_layer": layers}


# --- low-rank factorisation -------------------------------------------------------------------

def choose_rank(s, rank, energy, multiple=1):
    """The truncation rank: fixed, or the smallest keeping `energy` of sum(s^2), rounded up to a
    multiple of `multiple` (never above the full rank)."""
    if rank:
        return min(rank, len(s))
    e = (s * s).cumsum(0) / (s * s).sum()
    r = int((e < energy).sum().item()) + 1
    return min(-(-r // multiple) * multiple, len(s))


def factorise(weight, r):
    """W [out, in] ~ B @ A with A = sqrt(S) V^T [r, in], B = U sqrt(S) [out, r] (truncated SVD)."""
    u, s, vh = torch.linalg.svd(weight, full_matrices=False)
    root = s[:r].sqrt()
    return (root[:, None] * vh[:r]), (u[:, :r] * root[None, :])


def low_rank_layer(m, rank, energy, multiple=1):
    """A two-layer replacement for a Linear or Conv2d (groups 1), or None when it would not save
    parameters. A conv's weight [out, in, kh, kw] is factorised as the matrix [out, in*kh*kw]: the
    first factor is a kh x kw conv to r channels that carries stride/padding (zero padding maps to
    zero through a bias-free linear map, so the result is the same function at full rank), the
    second a 1x1 conv from r channels to out."""
    is_conv = isinstance(m, nn.Conv2d)
    w = m.weight.detach().flatten(1) if is_conv else m.weight.detach()
    out_f, in_f = w.shape
    _, s, _ = torch.linalg.svd(w, full_matrices=False)
    r = choose_rank(s, rank, energy, multiple)
    if r * (in_f + out_f) >= in_f * out_f:
        return None, r
    a, b = factorise(w, r)
    if is_conv:
        first = nn.Conv2d(m.in_channels, r, m.kernel_size, stride=m.stride, padding=m.padding, dilation=m.dilation,
                          bias=False)
        second = nn.Conv2d(r, out_f, 1, bias=m.bias is not None)
        first.weight.data.copy_(a.reshape(first.weight.shape))
        second.weight.data.copy_(b[:, :, None, None])
    else:
        first, second = nn.Linear(in_f, r, bias=False), nn.Linear(r, out_f, bias=m.bias is not None)
        first.weight.data.copy_(a)
        second.weight.data.copy_(b)
    if m.bias is not None:
        second.bias.data.copy_(m.bias.detach())
    return nn.Sequential(first, second), r


def low_rank(model, rank, energy, finetune, layers="pointwise", multiple=1):
    """Replaces every Linear and 1x1 Conv2d (`layers` 'pointwise') or every Linear and Conv2d
    ('all'), groups 1, whose truncated SVD saves parameters, then fine-tunes. Energy-chosen ranks
    are rounded up to a multiple of `multiple`. Returns (model, report of the rank chosen per
    layer)."""
    if layers not in ("pointwise", "all"):
        raise ValueError(f"low-rank layers must be pointwise or all, got {layers!r}")
    model = copy.deepcopy(model)
    report = {}

    def walk(module, prefix):
        for name, child in list(module.named_children()):
            full = f"{prefix}{name}"
            eligible = isinstance(child, nn.Linear) or (
                isinstance(child, nn.Conv2d) and child.groups == 1
                and (layers == "all" or child.kernel_size == (1, 1)))
            if eligible:
                new, r = low_rank_layer(child, rank, energy, multiple)
                report[full] = {"rank": r, "full_rank": min(child.weight.flatten(1).shape),
                                "factorised": new is not None}
                if new is not None:
                    setattr(module, name, new)
            else:
                walk(child, full + ".")

    walk(model, "")
    finetune(model)
    return model, report


# --- int8 ------------------------------------------------------------------------------------

# x86's engines (x86 = fbgemm, with oneDNN for some convolutions) may be missing from a torch build
# (Debian's 1.13 has neither) while onednn, also an x86 engine, is there. A model for them can still
# be made: their settings (qconfig: per-channel weights, activations on 7 bits) decide the file's
# quantisation parameters, and the engine that runs it repacks the stored weights for itself at load.
X86_ENGINES = ("x86", "fbgemm")


def engines_here():
    return [e for e in torch.backends.quantized.supported_engines if e != "none"]


def packing_engine(backend):
    """The engine this torch quantises and evaluates a model for `backend` on: the backend itself,
    or onednn for x86/fbgemm when this build lacks them."""
    engines = engines_here()
    if backend in engines:
        return backend
    if backend in X86_ENGINES and "onednn" in engines:
        return "onednn"
    raise ValueError(f"quantized backend {backend!r} is not supported by this torch {torch.__version__} build "
                     f"(supported: {engines}, and x86/fbgemm where onednn is)")


def check_backend(backend):
    packing_engine(backend)


def quantize(model, mode, backend, calibration):
    """int8 for the quantised engine `backend`: 'dynamic' (Linear/LSTM weights int8, activations
    quantised on the fly) or 'static' (post-training: weights and activations int8, activation
    ranges calibrated on `calibration` samples; FX graph mode fuses conv+bn+relu first, with the
    backend's default qconfig). 'auto' picks static for conv models. Returns (model, report)."""
    engine = packing_engine(backend)
    torch.backends.quantized.engine = engine
    if mode == "auto":
        mode = "static" if nets.has_conv(model) else "dynamic"
    model = copy.deepcopy(model).eval()
    if mode == "dynamic":
        q = torch.quantization.quantize_dynamic(model, {nn.Linear, nn.LSTM}, dtype=torch.qint8)
    elif mode == "static":
        from torch.ao.quantization import get_default_qconfig_mapping
        from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx
        prepared = prepare_fx(model, get_default_qconfig_mapping(backend), example_inputs=(calibration[:1],))
        with torch.no_grad():
            for i in range(0, len(calibration), 64):
                prepared(calibration[i:i + 64])
        q = convert_fx(prepared)
    else:
        raise ValueError(f"int8 mode must be auto, dynamic or static, got {mode!r}")
    report = {"backend": backend, "scheme": mode, "calibration_samples": len(calibration) if mode == "static" else 0}
    if engine != backend:
        report["made_on"] = engine
    return q, report
