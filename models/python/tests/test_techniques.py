"""The techniques' arithmetic, checked against values worked out by hand."""
import math

import pytest
import torch
from torch import nn

from edgecompress import manifest, techniques


def test_distillation_loss_with_alpha_one_is_plain_cross_entropy():
    zs, zt, y = torch.tensor([[2.0, -1.0, 0.5]]), torch.tensor([[0.0, 3.0, 1.0]]), torch.tensor([0])
    expected = -math.log(math.exp(2) / (math.exp(2) + math.exp(-1) + math.exp(0.5)))
    assert techniques.distill_loss(zs, zt, y, 1.0, 4.0).item() == pytest.approx(expected, rel=1e-6)


def test_distillation_soft_term_is_t_squared_times_kl_of_softened_distributions():
    zs, zt, y = torch.tensor([[0.0, 0.0]]), torch.tensor([[math.log(3), 0.0]]), torch.tensor([0])
    # T=1: p_t = (3/4, 1/4), p_s = (1/2, 1/2); KL(p_t||p_s) = 3/4 ln(3/2) + 1/4 ln(1/2)
    kl_t1 = 0.75 * math.log(1.5) + 0.25 * math.log(0.5)
    assert techniques.distill_loss(zs, zt, y, 0.0, 1.0).item() == pytest.approx(kl_t1, rel=1e-5)
    # T=2: p_t = (sqrt3, 1) / (sqrt3 + 1); the soft term is scaled by T^2 = 4
    pt = (math.sqrt(3) / (math.sqrt(3) + 1), 1 / (math.sqrt(3) + 1))
    kl_t2 = sum(p * math.log(p / 0.5) for p in pt)
    assert techniques.distill_loss(zs, zt, y, 0.0, 2.0).item() == pytest.approx(4 * kl_t2, rel=1e-5)
    # the other order, KL(p_s||p_t) = 1/2 ln(2/3) + 1/2 ln(2)
    kl_rev = 0.5 * math.log(0.5 / 0.75) + 0.5 * math.log(0.5 / 0.25)
    assert techniques.distill_loss(zs, zt, y, 0.0, 1.0, "student-teacher").item() == pytest.approx(kl_rev, rel=1e-5)


def test_distillation_loss_mixes_the_two_terms_and_vanishes_softly_when_student_equals_teacher():
    z, y = torch.tensor([[1.0, 2.0, 3.0]]), torch.tensor([2])
    ce = nn.functional.cross_entropy(z, y).item()
    assert techniques.distill_loss(z, z, y, 0.3, 5.0).item() == pytest.approx(0.3 * ce, rel=1e-5)
    with pytest.raises(ValueError, match="kl must be"):
        techniques.distill_loss(z, z, y, 0.3, 5.0, "sideways")


def test_macs_are_counted_from_the_module_graph():
    net = nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 8, 1, stride=2, groups=2),
                        nn.Flatten(), nn.Linear(8 * 3 * 3, 5))
    # conv1: 4*5*5 outputs x 2*3*3; conv2 (groups 2): 8*3*3 outputs x 2*1*1; linear: 5 x 72
    expected = 4 * 25 * 18 + 8 * 9 * 2 + 5 * 72
    assert manifest.count_macs(net, torch.zeros(1, 2, 5, 5)) == expected
    torch.backends.quantized.engine = "qnnpack"
    q = torch.quantization.quantize_dynamic(nn.Sequential(nn.Linear(6, 4), nn.ReLU(), nn.Linear(4, 2)), {nn.Linear})
    assert manifest.count_macs(q, torch.zeros(1, 6)) == 6 * 4 + 4 * 2


def test_torchscript_parameter_count_unpacks_quantised_layers(tmp_path):
    net = nn.Sequential(nn.Linear(6, 4), nn.ReLU(), nn.Linear(4, 2, bias=False))
    with torch.no_grad():
        net[0].weight[0].zero_()
    torch.backends.quantized.engine = "qnnpack"
    bias_zeros = int((net[0].bias == 0).sum())
    # qnnpack packs an explicit zero bias for the bias-free layer: 2 more stored values, all zero
    for model, stored in ((net, 36), (torch.quantization.quantize_dynamic(net, {nn.Linear}), 38)):
        path = str(tmp_path / "m.pt")
        torch.jit.trace(model, torch.zeros(1, 6)).save(path)
        total, nonzero = manifest.torchscript_params(torch.jit.load(path))
        assert total == stored
        assert nonzero == 6 * 4 + 4 + 4 * 2 - 6 - bias_zeros


def test_rank_follows_a_fixed_rank_or_the_energy_threshold():
    s = torch.tensor([4.0, 3.0, 0.0])  # energies 16/25, 25/25
    assert techniques.choose_rank(s, None, 0.6) == 1
    assert techniques.choose_rank(s, None, 0.9) == 2
    assert techniques.choose_rank(s, 2, None) == 2
    assert techniques.choose_rank(s, 7, None) == 3


def test_energy_chosen_ranks_round_up_to_the_multiple_but_not_past_full_rank():
    s = torch.tensor([5.0, 4.0, 3.0, 2.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5])
    assert techniques.choose_rank(s, None, 0.5) == 2
    assert techniques.choose_rank(s, None, 0.5, multiple=8) == 8
    assert techniques.choose_rank(s, None, 0.995) == 9
    assert techniques.choose_rank(s, None, 0.995, multiple=8) == 10
    assert techniques.choose_rank(s, 3, None, multiple=8) == 3  # a fixed rank is taken as given


def test_full_rank_factorisation_reproduces_the_weights_and_truncation_is_the_best_low_rank_map():
    torch.manual_seed(0)
    w = torch.randn(7, 5)
    a, b = techniques.factorise(w, 5)
    assert torch.allclose(b @ a, w, atol=1e-5)
    lin = nn.Linear(20, 20)
    new, r = techniques.low_rank_layer(lin, 4, None)
    assert r == 4 and isinstance(new, nn.Sequential)
    assert sum(p.numel() for p in new.parameters()) == 4 * 20 + 4 * 20 + 20
    u, s, vh = torch.linalg.svd(lin.weight.detach())
    truncated = (u[:, :4] * s[:4]) @ vh[:4]
    x = torch.randn(3, 20)
    assert torch.allclose(new(x), x @ truncated.T + lin.bias, atol=1e-5)


def test_pointwise_conv_factorisation_keeps_stride_and_padding():
    torch.manual_seed(0)
    conv = nn.Conv2d(12, 10, 1, stride=2, padding=1)
    new, r = techniques.low_rank_layer(conv, 10, None)
    assert new is None and r == 10  # full rank would not save parameters: left alone
    with torch.no_grad():  # a rank-2 weight factorises without loss
        conv.weight.copy_((torch.randn(10, 2) @ torch.randn(2, 12))[:, :, None, None])
    new, r = techniques.low_rank_layer(conv, None, 0.999)
    assert r == 2
    x = torch.randn(1, 12, 7, 7)
    assert torch.allclose(new(x), conv(x), atol=1e-4)


def test_unsupported_quantised_backend_is_refused_naming_the_supported_ones():
    with pytest.raises(ValueError, match=r"not supported by this torch .*supported: \[.*qnnpack"):
        techniques.check_backend("no-such-engine")


def test_kxk_conv_factorisation_is_a_kxk_conv_to_rank_r_then_a_1x1_with_stride_and_padding_kept():
    torch.manual_seed(0)
    conv = nn.Conv2d(6, 8, 3, stride=2, padding=1, bias=False)
    with torch.no_grad():  # a rank-3 weight as the matrix [out, in*3*3] factorises without loss
        conv.weight.copy_((torch.randn(8, 3) @ torch.randn(3, 6 * 9)).reshape(8, 6, 3, 3))
    new, r = techniques.low_rank_layer(conv, None, 0.999)
    assert r == 3
    assert (new[0].kernel_size, new[0].stride, new[0].padding, new[0].out_channels) == ((3, 3), (2, 2), (1, 1), 3)
    assert (new[1].kernel_size, new[1].in_channels, new[1].out_channels) == ((1, 1), 3, 8)
    x = torch.randn(2, 6, 9, 9)
    assert torch.allclose(new(x), conv(x), atol=1e-4)


def test_low_rank_takes_kxk_convs_only_when_asked():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 16, 1))
    _, pointwise = techniques.low_rank(net, 2, None, lambda m: None)
    _, every = techniques.low_rank(net, 2, None, lambda m: None, layers="all")
    assert list(pointwise) == ["2"] and list(every) == ["0", "2"]
    assert every["0"] == {"rank": 2, "full_rank": 16, "factorised": True}
    with pytest.raises(ValueError, match="pointwise or all"):
        techniques.low_rank(net, 2, None, lambda m: None, layers="some")


def test_models_for_x86_engines_are_made_on_onednn_where_this_torch_lacks_them():
    here = techniques.engines_here()
    assert techniques.packing_engine("qnnpack") == "qnnpack"
    for engine in ("x86", "fbgemm"):
        expected = engine if engine in here else "onednn"
        if expected in here:
            assert techniques.packing_engine(engine) == expected
    with pytest.raises(ValueError, match="x86/fbgemm where onednn is"):
        techniques.packing_engine("no-such-engine")


def test_int8_for_x86_uses_per_channel_weights_and_7_bit_activations():
    if "onednn" not in techniques.engines_here() and "x86" not in techniques.engines_here():
        pytest.skip("no x86 engine in this torch build")
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU()).eval()
    calib = torch.rand(16, 3, 8, 8)

    def conv_of(backend):
        q, report = techniques.quantize(net, "static", backend, calib)
        assert report["backend"] == backend and report["scheme"] == "static"
        return next(m for m in q.modules() if callable(getattr(m, "weight", None)))

    x86, qnnpack = conv_of("x86"), conv_of("qnnpack")
    assert x86.weight().q_per_channel_scales().numel() == 4  # one scale per output channel
    assert qnnpack.weight().qscheme() == torch.per_tensor_affine
    # reduce_range: activations on 0..127 instead of 0..255, so about twice the step for one range
    assert x86.scale == pytest.approx(2 * qnnpack.scale, rel=0.2)
