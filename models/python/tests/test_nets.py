"""The pipeline's networks and the training-time augmentation, on tiny sizes."""
import pytest
import torch
from torch import nn

from edgecompress import manifest, nets, training


def test_residual_cnn_quarters_the_input_then_halves_it_per_later_stage():
    net = nets.build("images", (3, 32, 32), [4, 8, 16], 5, "resnet").eval()
    sides = []
    for block in net.body:
        if isinstance(block, nets.BasicBlock):
            block.register_forward_hook(lambda m, i, o: sides.append(tuple(o.shape[1:])))
    with torch.no_grad():
        assert net(torch.rand(2, 3, 32, 32)).shape == (2, 5)
    assert sides == [(4, 8, 8), (8, 4, 4), (16, 2, 2)]


def test_residual_cnn_parameters_and_macs_add_up_by_hand():
    net = nets.build("images", (1, 8, 8), [2, 4], 3, "resnet").eval()
    # stem 1->2 3x3, block 2->2 (two 3x3), block 2->4 (3x3, 3x3, 1x1 shortcut), Linear 4->3, and
    # batch norm's weight and bias per channel (stem 2, block 2+2, block 4+4+4)
    convs = 1 * 2 * 9 + 2 * (2 * 2 * 9) + (2 * 4 * 9 + 4 * 4 * 9 + 2 * 4)
    assert sum(p.numel() for p in net.parameters()) == convs + 4 * 3 + 3 + 2 * (2 + 4 + 12)
    # sides: stem 4x4, pool 2x2, first block 2x2, second block 1x1
    macs = 16 * 2 * 9 + 2 * 4 * 2 * 18 + (4 * 18 + 4 * 36 + 4 * 2) + 3 * 4
    assert manifest.count_macs(net, torch.zeros(1, 1, 8, 8)) == macs


def test_identity_shortcut_only_where_the_shape_stays():
    block = nets.BasicBlock(4, 4, 1)
    assert isinstance(block.shortcut, nn.Identity)
    assert isinstance(nets.BasicBlock(4, 8, 1).shortcut, nn.Sequential)
    assert isinstance(nets.BasicBlock(4, 4, 2).shortcut, nn.Sequential)


def test_unknown_networks_and_wrong_widths_are_refused():
    with pytest.raises(ValueError, match="unknown CNN 'vgg'"):
        nets.build("images", (3, 8, 8), [4, 8, 16], 2, "vgg")
    with pytest.raises(ValueError, match="3 widths"):
        nets.build("images", (3, 8, 8), [4, 8], 2, "plain")
    with pytest.raises(ValueError, match="at least one width"):
        nets.build("images", (3, 8, 8), [], 2, "resnet")


def test_channels_last_wrapper_is_the_same_function_with_nhwc_weights():
    torch.manual_seed(0)
    net = nets.build("images", (3, 16, 16), [4, 8], 3, "resnet").eval()
    x = torch.rand(2, 3, 16, 16)
    with torch.no_grad():
        expected = net(x)
        wrapped = nets.ChannelsLast(net).eval()
        assert torch.allclose(wrapped(x), expected, atol=1e-5)
    assert all(m.weight.is_contiguous(memory_format=torch.channels_last)
               for m in wrapped.modules() if isinstance(m, nn.Conv2d))


def test_flips_and_turns_give_each_image_one_of_the_square_symmetries_and_follow_the_seed():
    x = torch.arange(2 * 16, dtype=torch.float32).reshape(2, 1, 4, 4).repeat(64, 1, 1, 1)
    torch.manual_seed(3)
    out = training.flips_and_turns(x)
    symmetries = []
    for t in (False, True):
        for v in (False, True):
            for h in (False, True):
                y = x.transpose(2, 3) if t else x
                y = y.flip(2) if v else y
                symmetries.append(y.flip(3) if h else y)
    # each image is its own symmetry of the input, and all 8 occur across the batch
    which = [[i for i, s in enumerate(symmetries) if torch.equal(out[n], s[n])] for n in range(len(x))]
    assert all(w for w in which)
    assert {w[0] for w in which} == set(range(8))
    torch.manual_seed(3)
    assert torch.equal(training.flips_and_turns(x), out)
    wide = torch.rand(8, 1, 2, 4)
    assert training.flips_and_turns(wide).shape == wide.shape  # not square: no transpose
