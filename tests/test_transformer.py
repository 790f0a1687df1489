"""nn.MultiheadAttention, F.multi_head_attention_forward and the Transformer layers without
PyTorch: derivatives (gradcheck; gradgradcheck through the attention), the stacks' deep copies,
masks (boolean and float alike), shapes, clear errors; dropout's mask follows memory order."""

import copy

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor
from nn import functional as F


def _t(rng, *shape):
    return Tensor(rng.normal(size=shape), requires_grad=True)


def _mha_fn(mha, **kwargs):
    return lambda q, k, v: mha(q, k, v, **kwargs)[0]


@pytest.mark.parametrize(
    "make, call",
    [
        (dict(), dict()),
        (dict(add_bias_kv=True, add_zero_attn=True), dict(key_padding_mask="bool")),
        (dict(kdim=3, vdim=2), dict(attn_mask="float")),
        (dict(batch_first=True), dict(attn_mask="bool", need_weights=False)),
    ],
    ids=str,
)
def test_multihead_attention_gradcheck_and_gradgradcheck(rng, make, call):
    mha = nn.MultiheadAttention(4, 2, **make)
    L, S, N = 3, 2, 2
    q = _t(rng, *((N, L, 4) if make.get("batch_first") else (L, N, 4)))
    k = _t(rng, *((N, S, make.get("kdim", 4)) if make.get("batch_first") else (S, N, make.get("kdim", 4))))
    v = _t(rng, *((N, S, make.get("vdim", 4)) if make.get("batch_first") else (S, N, make.get("vdim", 4))))
    masks = {
        ("key_padding_mask", "bool"): [[False, True], [False, False]],
        ("attn_mask", "float"): rng.normal(size=(L, S)),
        ("attn_mask", "bool"): [[False, True], [False, False], [True, False]],
    }
    kwargs = {k: autograd.tensor(masks[k, v]) if (k, v) in masks else v for k, v in call.items()}
    fn = _mha_fn(mha, **kwargs)
    assert autograd.gradcheck(fn, (q, k, v))
    assert autograd.gradgradcheck(fn, (q, k, v))


def test_the_weights_and_a_float_mask_are_differentiable_too(rng):
    mha = nn.MultiheadAttention(4, 2)
    x, mask = _t(rng, 3, 4), _t(rng, 3, 3)
    assert autograd.gradcheck(lambda x, m: mha(x, x, x, attn_mask=m)[1], (x, mask))
    assert autograd.gradgradcheck(
        lambda x, m: mha(x, x, x, attn_mask=m, average_attn_weights=False)[1], (x, mask)
    )


@pytest.mark.parametrize("name", ["TransformerEncoderLayer", "TransformerDecoderLayer"])
@pytest.mark.parametrize("norm_first", [False, True])
def test_layers_gradcheck(rng, name, norm_first):
    layer = getattr(nn, name)(4, 2, 6, dropout=0.0, activation="gelu", norm_first=norm_first)
    x, memory = _t(rng, 3, 2, 4), _t(rng, 2, 2, 4)
    mask = nn.Transformer.generate_square_subsequent_mask(3)
    if name == "TransformerEncoderLayer":
        assert autograd.gradcheck(lambda x: layer(x, src_mask=mask), (x,))
    else:
        assert autograd.gradcheck(lambda x, m: layer(x, m, tgt_mask=mask, tgt_is_causal=True), (x, memory))


def test_a_boolean_mask_is_a_float_mask_of_minus_infinity(rng):
    mha = nn.MultiheadAttention(4, 2)
    x = Tensor(rng.normal(size=(3, 2, 4)))
    blocked = np.array([[False, True, True], [False, False, True], [False, False, False]])
    as_bool = mha(x, x, x, attn_mask=autograd.tensor(blocked))
    as_float = mha(x, x, x, attn_mask=nn.Transformer.generate_square_subsequent_mask(3))
    for a, b in zip(as_bool, as_float):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert (as_bool[1].numpy()[:, blocked] == 0).all()  # no weight where attention is blocked
    np.testing.assert_allclose(as_bool[1].numpy().sum(-1), 1, rtol=1e-12)


def test_shapes_of_the_outputs_and_weights(rng):
    mha = nn.MultiheadAttention(6, 3, kdim=2, vdim=5, batch_first=True)
    q, k, v = (
        Tensor(rng.normal(size=(2, 4, 6))),
        Tensor(rng.normal(size=(2, 7, 2))),
        Tensor(rng.normal(size=(2, 7, 5))),
    )
    out, w = mha(q, k, v)
    assert out.shape == (2, 4, 6) and w.shape == (2, 4, 7)
    assert mha(q, k, v, average_attn_weights=False)[1].shape == (2, 3, 4, 7)
    assert mha(q, k, v, need_weights=False)[1] is None
    out, w = mha(q[0], k[0], v[0], average_attn_weights=False)  # unbatched: batch_first does not apply
    assert out.shape == (4, 6) and w.shape == (3, 4, 7)
    assert [n for n, _ in mha.named_parameters()] == [
        "q_proj_weight",
        "k_proj_weight",
        "v_proj_weight",
        "in_proj_bias",
        "out_proj.weight",
        "out_proj.bias",
    ]
    assert mha.in_proj_weight is None and mha.bias_k is None


def test_the_stacks_copy_the_layer_so_all_layers_start_alike():
    layer = nn.TransformerEncoderLayer(4, 2, 8)
    encoder = nn.TransformerEncoder(layer, 3, norm=nn.LayerNorm(4), enable_nested_tensor=False)
    first = dict(encoder.layers[0].named_parameters())
    for copied in encoder.layers:
        assert copied is not layer
        for name, p in copied.named_parameters():
            assert p is not first[name] or copied is encoder.layers[0]
            np.testing.assert_array_equal(p.numpy(), dict(layer.named_parameters())[name].numpy())
    assert encoder.num_layers == 3 and len(list(encoder.parameters())) == 3 * 12 + 2
    decoder = nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 8), 2)
    assert decoder.norm is None and len(list(decoder.parameters())) == 2 * 18


def test_transformer_reinitialises_every_matrix_with_xavier_uniform():
    autograd.manual_seed(0)
    model = nn.Transformer(4, 2, 1, 1, 8)
    for name, p in model.named_parameters():
        if p.ndim > 1:
            fan_in, fan_out = p.shape[1], p.shape[0]
            assert np.abs(p.numpy()).max() <= np.sqrt(6 / (fan_in + fan_out)), name
        elif name.endswith("in_proj_bias") or name.endswith("out_proj.bias"):
            assert (p.numpy() == 0).all(), name


def test_generate_square_subsequent_mask():
    mask = nn.Transformer.generate_square_subsequent_mask(3)
    assert mask.dtype == autograd.get_default_dtype()
    np.testing.assert_array_equal(mask.numpy(), [[0, -np.inf, -np.inf], [0, 0, -np.inf], [0, 0, 0]])
    assert nn.Transformer.generate_square_subsequent_mask(2, dtype=autograd.float32).dtype == autograd.float32


def test_activation_spellings(rng):
    x = Tensor(rng.normal(size=(3, 2, 4)))
    outs = []
    for activation in ["gelu", F.gelu, nn.GELU()]:
        autograd.manual_seed(0)
        outs.append(nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, activation=activation)(x).numpy())
    np.testing.assert_array_equal(outs[0], outs[1])
    np.testing.assert_array_equal(outs[0], outs[2])
    assert nn.TransformerEncoderLayer(4, 2).activation is F.relu


def test_dropout_draws_in_memory_order(rng):
    """A transposed input gets the mask drawn for its memory, transposed (as PyTorch's)."""
    x = Tensor(rng.normal(size=(4, 6)))
    autograd.manual_seed(3)
    of_transpose = F.dropout(x.t(), 0.5).numpy()
    autograd.manual_seed(3)
    of_original = F.dropout(x, 0.5).numpy()
    np.testing.assert_array_equal(of_transpose, of_original.T)
    autograd.manual_seed(3)
    copied = F.dropout(x.t().contiguous(), 0.5).numpy()
    assert not np.array_equal(copied, of_transpose)  # row order for a contiguous copy


def test_module_list_prints_a_run_of_alike_modules_once():
    layers = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 2)])
    assert repr(layers) == (
        "ModuleList(\n  (0-1): 2 x Linear(in_features=2, out_features=2, bias=True)\n  (2): ReLU()\n"
        "  (3): Linear(in_features=2, out_features=2, bias=True)\n)"
    )
    assert repr(nn.Sequential(nn.ReLU(), nn.ReLU())) == "Sequential(\n  (0): ReLU()\n  (1): ReLU()\n)"
    assert repr(nn.ModuleList()) == "ModuleList()"


def test_clear_errors(rng):
    with pytest.raises(
        ValueError, match="embed_dim must be divisible by num_heads, got embed_dim=6 and num_heads=4"
    ):
        nn.MultiheadAttention(6, 4)
    with pytest.raises(ValueError, match="embed_dim must be a positive integer"):
        nn.MultiheadAttention(0, 1)
    mha = nn.MultiheadAttention(4, 2)
    x = Tensor(rng.normal(size=(3, 2, 4)))
    with pytest.raises(ValueError, match=r"2-d attn_mask must have shape \(3, 3\).*got shape \(3, 4\)"):
        mha(x, x, x, attn_mask=autograd.zeros(3, 4))
    with pytest.raises(ValueError, match=r"3-d attn_mask must have shape \(4, 3, 3\).*got shape \(2, 3, 3\)"):
        mha(x, x, x, attn_mask=autograd.zeros(2, 3, 3))
    with pytest.raises(ValueError, match=r"key_padding_mask must have shape \(2, 3\).*got shape \(3, 2\)"):
        mha(x, x, x, key_padding_mask=autograd.zeros(3, 2, dtype=autograd.bool))
    with pytest.raises(ValueError, match="key_padding_mask must be 2-d"):
        mha(x, x, x, key_padding_mask=autograd.zeros(2, dtype=autograd.bool))
    with pytest.raises(TypeError, match="attn_mask must be a bool or floating-point mask, got dtype int64"):
        mha(x, x, x, attn_mask=autograd.zeros(3, 3, dtype=autograd.int64))
    with pytest.raises(
        ValueError, match=r"expected key with 4 features in its last dimension, got shape \(3, 2, 5\)"
    ):
        mha(x, Tensor(np.ones((3, 2, 5))), x)
    with pytest.raises(ValueError, match="key and value must be 3-d too"):
        mha(x, x[0], x[0])
    with pytest.raises(ValueError, match=r"do not fit: shapes \(3, 2, 4\), \(3, 1, 4\), \(3, 1, 4\)"):
        mha(x, x[:, :1], x[:, :1])
    with pytest.raises(ValueError, match="is_causal=True is a hint"):
        mha(x, x, x, is_causal=True)
    with pytest.raises(ValueError, match="activation should be 'relu', 'gelu' or a callable, not 'tanh'"):
        nn.TransformerEncoderLayer(4, 2, activation="tanh")
    with pytest.raises(ValueError, match="num_layers must be a positive integer"):
        nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2), 0)
    model = nn.Transformer(4, 2, 1, 1, 8)
    with pytest.raises(
        ValueError, match=r"same batch size \(dimension 1\), got shapes \(3, 2, 4\) and \(3, 1, 4\)"
    ):
        model(x, x[:, :1])
    with pytest.raises(ValueError, match=r"d_model=4 features, got shapes \(3, 2, 4\) and \(3, 2, 5\)"):
        model(x, Tensor(np.ones((3, 2, 5))))

    def functional(num_heads=2, in_proj_weight=mha.in_proj_weight, bias_k=None, **kwargs):
        out_proj = mha.out_proj
        return F.multi_head_attention_forward(
            x,
            x,
            x,
            4,
            num_heads,
            in_proj_weight,
            None,
            bias_k,
            None,
            False,
            0.0,
            out_proj.weight,
            None,
            **kwargs,
        )

    with pytest.raises(ValueError, match="embed_dim 4 is not divisible by num_heads 3"):
        functional(num_heads=3)
    with pytest.raises(ValueError, match="in_proj_weight is None"):
        functional(in_proj_weight=None)
    with pytest.raises(ValueError, match="give both bias_k and bias_v, or neither"):
        functional(bias_k=autograd.zeros(1, 1, 4))
    with pytest.raises(ValueError, match=r"static_k must have shape \(4, S, 2\), got \(4, 3, 3\)"):
        functional(static_k=autograd.zeros(4, 3, 3))


def test_deepcopy_of_a_layer_is_independent():
    layer = nn.TransformerEncoderLayer(4, 2, 8)
    twin = copy.deepcopy(layer)
    with autograd.no_grad():
        twin.linear1.weight.fill_(0.0)
    assert np.abs(layer.linear1.weight.numpy()).sum() > 0


def test_transformer_takes_a_custom_encoder_and_decoder(rng):
    encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0), 1)
    decoder = nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 8, dropout=0.0), 1)
    model = nn.Transformer(4, 2, custom_encoder=encoder, custom_decoder=decoder)
    assert model.encoder is encoder and model.decoder is decoder
    src, tgt = Tensor(rng.normal(size=(5, 2, 4))), Tensor(rng.normal(size=(3, 2, 4)))
    np.testing.assert_array_equal(model(src, tgt).numpy(), decoder(tgt, encoder(src)).numpy())
