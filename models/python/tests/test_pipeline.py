"""End to end on tiny data: every technique gives a loadable TorchScript file whose manifest says
what the file really is."""
import hashlib
import os

import pytest
import torch
from torch import nn

from edgecompress import manifest, pipeline, techniques, training

RUNS = ["csv_run", "image_run", "resnet_run"]


def graph_counts(model):
    """(parameters, non-zero) from the eager module graph that was exported: a different path from
    the manifest's, which unpacks the TorchScript file. Quantised layers expose weight()/bias()."""
    tensors = []
    for m in model.modules():
        if callable(getattr(m, "weight", None)):
            tensors += [t for t in (m.weight(), m.bias()) if t is not None]
        else:
            tensors += list(m.parameters(recurse=False))
    tensors = [t.dequantize() if t.is_quantized else t for t in tensors]
    return sum(t.numel() for t in tensors), sum(int((t != 0).sum()) for t in tensors)


def engine_for(m):
    if m["quantized"]:
        torch.backends.quantized.engine = techniques.packing_engine(m["quantized"]["backend"])


def chain_of(made, name):
    return next(c for c in made.models if pipeline.variant_name(made.o.prefix, c) == name)


def all_variants():
    return [(run, name) for run, names in (
        ("csv_run", ["tiny_teacher", "tiny_teacher_int8", "tiny_student", "tiny_kd", "tiny_kd_prune",
                     "tiny_kd_lowrank", "tiny_kd_prune_int8"]),
        ("image_run", ["cnn_teacher", "cnn_teacher_int8", "cnn_kd_lowrank", "cnn_kd_prune_int8"]),
        ("resnet_run", ["res_teacher", "res_teacher_int8_x86", "res_kd", "res_kd_lowrank", "res_kd_int8",
                        "res_kd_prune_int8_x86"])) for name in names]


@pytest.mark.parametrize("run,name", all_variants())
def test_every_variant_is_loadable_torchscript_whose_manifest_matches_the_file(request, run, name):
    made, manifests, out = request.getfixturevalue(run)
    m = manifests[name]
    path = os.path.join(out, name + ".pt")
    with open(path, "rb") as f:
        raw = f.read()
    assert m["sha256"] == hashlib.sha256(raw).hexdigest()
    assert m["size_bytes"] == len(raw)
    assert m["file"] == name + ".pt"
    assert m["input"] == {"shape": [1] + list(made.test.x.shape[1:]), "dtype": "float32"}
    assert m["labels"] == made.test.labels

    params, nonzero = graph_counts(made.models[chain_of(made, name)])
    assert (m["params"], m["nonzero_params"]) == (params, nonzero)

    engine_for(m)
    ts = torch.jit.load(path)
    with torch.no_grad():
        z = torch.cat([ts(made.test.x[i:i + 1]) for i in range(len(made.test))])
    assert z.shape == (len(made.test), len(made.test.labels))
    assert m["accuracy"] == pytest.approx((z.argmax(1) == made.test.y).float().mean().item(), abs=1e-6)
    assert m["evaluation"]["samples"] == len(made.test)
    assert m["macs"] > 0


@pytest.mark.parametrize("run", RUNS)
def test_teacher_learns_the_tiny_task(request, run):
    _, manifests, _ = request.getfixturevalue(run)
    teacher = [m for n, m in manifests.items() if n.endswith("_teacher")][0]
    assert teacher["accuracy"] >= 0.8


def test_global_pruning_reaches_the_target_sparsity_in_the_exported_file(csv_run):
    _, manifests, out = csv_run
    ts = torch.jit.load(os.path.join(out, "tiny_kd_prune.pt"))
    weights = [p for n, p in ts.named_parameters() if n.endswith("weight")]
    total = sum(w.numel() for w in weights)
    zeros = sum(int((w == 0).sum()) for w in weights)
    assert abs(zeros / total - 0.6) <= 1 / total
    m = manifests["tiny_kd_prune"]
    assert m["params"] - m["nonzero_params"] == zeros
    assert m["lineage"][-1]["weights_sparsity"] == pytest.approx(zeros / total, abs=1e-4)
    assert manifests["tiny_kd_prune_int8"]["nonzero_params"] <= m["nonzero_params"]


def test_per_layer_pruning_gives_every_layer_the_target_sparsity(image_run):
    made, manifests, _ = image_run
    pruned = made.models[("kd", "prune")]
    for name, mod in pruned.named_modules():
        if isinstance(mod, (nn.Linear, nn.Conv2d)):
            n = mod.weight.numel()
            assert int((mod.weight == 0).sum()) == round(0.5 * n), name
    report = made.reports[("kd", "prune")]
    assert report["scope"] == "layer"
    assert report["per_layer"] == {name: round(round(0.5 * mod.weight.numel()) / mod.weight.numel(), 4)
                                   for name, mod in pruned.named_modules() if isinstance(mod, (nn.Linear, nn.Conv2d))}


@pytest.mark.parametrize("run,factorised,base", [("csv_run", "tiny_kd_lowrank", "tiny_kd"),
                                                 ("image_run", "cnn_kd_lowrank", None)])
def test_low_rank_replaces_layers_by_two_thinner_ones(request, run, factorised, base):
    made, manifests, out = request.getfixturevalue(run)
    layers = made.reports[tuple(factorised.split("_")[1:])]["layers"]
    assert any(v["factorised"] for v in layers.values())
    assert all(v["rank"] == 3 if run == "csv_run" else v["rank"] == 2 for v in layers.values())
    model = made.models[tuple(factorised.split("_")[1:])]
    ranks = [m.out_features for m in model.modules() if isinstance(m, nn.Linear) and m.bias is None] + \
            [m.out_channels for m in model.modules() if isinstance(m, nn.Conv2d) and m.kernel_size == (1, 1)
             and m.bias is None and m.out_channels < m.in_channels]
    assert ranks and all(r <= 3 for r in ranks)
    if base:
        assert manifests[factorised]["params"] < manifests[base]["params"]
        assert manifests[factorised]["macs"] < manifests[base]["macs"]


@pytest.mark.parametrize("run,int8,parent,scheme", [("csv_run", "tiny_kd_prune_int8", ("kd", "prune"), "dynamic"),
                                                    ("csv_run", "tiny_teacher_int8", ("teacher",), "dynamic"),
                                                    ("image_run", "cnn_teacher_int8", ("teacher",), "static"),
                                                    ("image_run", "cnn_kd_prune_int8", ("kd", "prune"), "static")])
def test_int8_output_stays_close_to_the_float_model(request, run, int8, parent, scheme):
    made, manifests, out = request.getfixturevalue(run)
    m = manifests[int8]
    assert m["quantized"] == {"backend": "qnnpack", "scheme": scheme}
    engine_for(m)
    with torch.no_grad():
        zq = torch.jit.load(os.path.join(out, int8 + ".pt"))(made.test.x)
        zf = made.models[parent](made.test.x)
    agree = (zq.argmax(1) == zf.argmax(1)).float().mean().item()
    assert agree >= 0.9
    spread = zf.abs().mean().item()
    assert (zq - zf).abs().mean().item() <= 0.15 * spread


@pytest.mark.parametrize("run,name", [("csv_run", "tiny_teacher_int8"), ("image_run", "cnn_teacher_int8")])
def test_int8_file_stores_int8_weights(request, run, name):
    _, _, out = request.getfixturevalue(run)
    ts = torch.jit.load(os.path.join(out, name + ".pt"))
    packed = [m._packed_params for _, m in ts.named_modules()
              if isinstance(getattr(m, "_packed_params", None), torch.ScriptObject)]
    assert packed
    assert all(p.unpack()[0].dtype == torch.qint8 for p in packed)
    assert not [n for n, p in ts.named_parameters() if p.dtype == torch.float32 and n.endswith("weight")]


@pytest.mark.parametrize("run", RUNS)
def test_golden_samples_replay_on_the_exported_file(request, run):
    made, manifests, out = request.getfixturevalue(run)
    for name, m in manifests.items():
        engine_for(m)
        ts = torch.jit.load(os.path.join(out, name + ".pt"))
        assert 1 <= len(m["golden"]) <= 4
        for g in m["golden"]:
            x = manifest.decode_input(g["input_f32le_base64"], m["input"]["shape"])
            with torch.no_grad():
                z = ts(x)[0]
            assert m["labels"][int(z.argmax())] == g["label"], name
            assert z.tolist() == pytest.approx(g["logits"], abs=1e-4), name


def test_distilled_student_records_its_teacher_and_loss_settings(csv_run):
    _, manifests, _ = csv_run
    kd = manifests["tiny_kd"]["lineage"][0]
    assert kd == {"step": "kd", "technique": "distilled", "alpha": 0.5, "temperature": 4.0,
                  "kl": "teacher-student", "teacher": "teacher", "epochs": 12}
    assert manifests["tiny_student"]["lineage"][0]["epochs"] == 12
    assert manifests["tiny_teacher"]["lineage"][0]["epochs"] == 15
    assert manifests["tiny_kd"]["params"] < manifests["tiny_teacher"]["params"] / 4


def test_a_distilled_model_is_fine_tuned_against_the_teacher_and_others_on_the_labels(csv_run):
    _, manifests, _ = csv_run
    assert manifests["tiny_kd_prune"]["lineage"][-1]["finetune"] == {"epochs": 3, "loss": "distillation"}
    assert manifests["tiny_kd_lowrank"]["lineage"][-1]["finetune"] == {"epochs": 3, "loss": "distillation"}
    assert manifests["tiny_teacher_prune"]["lineage"][-1]["finetune"] == {"epochs": 3, "loss": "labels"}


def test_distillation_moves_the_student_towards_the_teacher(csv_run):
    made, _, _ = csv_run
    teacher = made.models[("teacher",)]
    x = made.train.x
    zt = training.logits(teacher, x)

    def kl_to_teacher(model):
        with torch.no_grad():
            return torch.nn.functional.kl_div(torch.log_softmax(model(x) / 4, 1), torch.softmax(zt / 4, 1),
                                              reduction="batchmean").item()

    assert kl_to_teacher(made.models[("kd",)]) < kl_to_teacher(made.models[("student",)])


def test_int8_for_x86_is_made_with_x86_settings_on_the_x86_engine_this_torch_has(resnet_run):
    made, manifests, out = resnet_run
    m = manifests["res_teacher_int8_x86"]
    assert m["quantized"] == {"backend": "x86", "scheme": "static"}
    assert m["lineage"][-1]["made_on"] == techniques.packing_engine("x86")
    assert "made_on" not in manifests["res_kd_int8"]["lineage"][-1]
    engine_for(m)
    ts = torch.jit.load(os.path.join(out, "res_teacher_int8_x86.pt"))
    weights = [p.unpack()[0] for _, mod in ts.named_modules()
               if isinstance(p := getattr(mod, "_packed_params", None), torch.ScriptObject)]
    convs = [w for w in weights if w.dim() == 4]
    # x86's qconfig: one scale per output channel (qnnpack's: one per tensor)
    assert convs and all(w.q_per_channel_scales().numel() == w.shape[0] for w in convs)
    with torch.no_grad():
        agree = (ts(made.test.x).argmax(1) == made.models[("teacher",)](made.test.x).argmax(1)).float().mean()
    assert agree >= 0.9


def test_channels_last_export_is_recorded_and_computes_the_same_function(resnet_run):
    made, manifests, out = resnet_run
    assert manifests["res_teacher"]["lineage"][-1] == {"step": "export", "memory_format": "channels_last"}
    assert all(step["step"] != "export" for step in manifests["res_kd_int8"]["lineage"])
    ts = torch.jit.load(os.path.join(out, "res_teacher.pt"))
    weights = [p for _, p in ts.named_parameters() if p.dim() == 4]
    assert weights and all(w.is_contiguous(memory_format=torch.channels_last) for w in weights)
    assert "aten::contiguous" in str(ts.inlined_graph)
    with torch.no_grad():
        assert torch.allclose(ts(made.test.x), made.models[("teacher",)](made.test.x), atol=1e-4)


def test_low_rank_of_every_conv_factorises_3x3_convs_into_a_3x3_and_a_1x1(resnet_run):
    made, manifests, _ = resnet_run
    report = made.reports[("kd", "lowrank")]
    assert report["eligible"] == "all"
    factorised = [m for m in made.models[("kd", "lowrank")].modules() if isinstance(m, nn.Sequential) and len(m) == 2
                  and all(isinstance(c, nn.Conv2d) for c in m)]
    assert any(f[0].kernel_size == (3, 3) and f[0].out_channels == 2 and f[1].kernel_size == (1, 1)
               for f in factorised)
    assert manifests["res_kd_lowrank"]["params"] < manifests["res_kd"]["params"]
