"""nn.MultiheadAttention and the Transformer layers against PyTorch (float64, 1e-10): the same
seeded initial parameters under the same names, reprs, outputs, attention weights, and the
gradients of the inputs and of every parameter; in training mode with dropout, from the same
seed (the dropout masks are PyTorch's). Optional: skipped without torch."""

import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.filterwarnings(  # PyTorch's own warnings about its masks and nested tensors
    "ignore:Support for mismatched", "ignore:enable_nested_tensor is True", "ignore:The PyTorch API of nested"
)

TOL = dict(rtol=1e-10, atol=1e-12)


def same(ours, theirs):
    theirs = theirs.detach().numpy()
    assert tuple(ours.shape) == theirs.shape
    np.testing.assert_allclose(np.asarray(ours), theirs, **TOL)


def pair(name, *args, seed=3, **kwargs):
    """Our module and PyTorch's, built after the same seed; their parameters are checked equal."""
    torch.manual_seed(seed)
    autograd.manual_seed(seed)
    ours = getattr(nn, name)(*args, **kwargs)
    theirs = getattr(torch.nn, name)(*args, dtype=torch.float64, **kwargs)
    assert repr(ours) == repr(theirs)
    names = [n for n, _ in ours.named_parameters()]
    assert names == [n for n, _ in theirs.named_parameters()]
    for p, q in zip(ours.parameters(), theirs.parameters()):
        same(p, q)
    return ours, theirs


def inputs(rng, *shapes):
    arrays = [rng.normal(size=s) for s in shapes]
    return [autograd.tensor(a, requires_grad=True) for a in arrays], [
        torch.tensor(a, requires_grad=True) for a in arrays
    ]


def backward_and_compare(rng, out, tout, ours, theirs, xs, txs):
    """Backward a random weighting of the outputs on both sides; compare every gradient."""
    w = rng.normal(size=tuple(tout.shape))
    (out * autograd.tensor(w)).sum().backward()
    (tout * torch.tensor(w)).sum().backward()
    for x, tx in zip(xs, txs):
        same(x.grad, tx.grad)
    for (n, p), q in zip(ours.named_parameters(), theirs.parameters()):
        assert (p.grad is None) == (q.grad is None), n
        if p.grad is not None:
            same(p.grad, q.grad)


def masks(rng, kind, shape, bool_rows=True):
    """A (bool, float) mask pair of ``shape`` for both sides: bool True = may not attend (never a
    whole row, which would be nan in both); float: normal numbers."""
    if kind == "bool":
        m = rng.random(shape) < 0.3
        m[..., 0] = False
    else:
        m = rng.normal(size=shape)
    return autograd.tensor(m), torch.tensor(m)


MHA_CASES = [
    (dict(), dict()),
    (dict(), dict(average_attn_weights=False)),
    (dict(), dict(need_weights=False)),
    (dict(), dict(attn_mask="bool2", key_padding_mask="bool")),
    (dict(), dict(attn_mask="float3", key_padding_mask="float", average_attn_weights=False)),
    (dict(add_bias_kv=True, add_zero_attn=True), dict(attn_mask="bool2", key_padding_mask="bool")),
    (dict(add_zero_attn=True), dict(attn_mask="float3", need_weights=False)),
    (dict(kdim=3, vdim=5), dict(key_padding_mask="bool")),
    (dict(kdim=3, bias=False), dict(attn_mask="float2")),
    (dict(batch_first=True), dict(attn_mask="bool3", key_padding_mask="bool")),
]


def _mha_masks(rng, options, L, S, N, H):
    ours, theirs = {}, {}
    for name, value in options.items():
        if name == "attn_mask":
            shape = (L, S) if value.endswith("2") else (N * H, L, S)
            ours[name], theirs[name] = masks(rng, value[:-1], shape)
        elif name == "key_padding_mask":
            ours[name], theirs[name] = masks(rng, value, (N, S))
        else:
            ours[name] = theirs[name] = value
    return ours, theirs


@pytest.mark.parametrize("make, call", MHA_CASES, ids=str)
def test_multihead_attention_matches_torch(rng, make, call):
    E, H, L, S, N = 6, 3, 4, 5, 2
    ours, theirs = pair("MultiheadAttention", E, H, **make)
    kdim, vdim = make.get("kdim", E), make.get("vdim", E)
    first = make.get("batch_first")
    shapes = [(N, L, E), (N, S, kdim), (N, S, vdim)] if first else [(L, N, E), (S, N, kdim), (S, N, vdim)]
    xs, txs = inputs(rng, *shapes)
    kw, tkw = _mha_masks(rng, call, L, S, N, H)
    out, weights = ours(*xs, **kw)
    tout, tweights = theirs(*txs, **tkw)
    same(out, tout)
    if tweights is None:
        assert weights is None
    else:
        same(weights, tweights)
    backward_and_compare(rng, out, tout, ours, theirs, xs, txs)


def test_self_attention_unbatched_with_per_head_masks_matches_torch(rng):
    ours, theirs = pair("MultiheadAttention", 4, 2)
    (x,), (tx,) = inputs(rng, (5, 4))
    mask, tmask = masks(rng, "float", (2, 5, 5))
    kpm, tkpm = masks(rng, "bool", (5,))
    out, w = ours(x, x, x, attn_mask=mask, key_padding_mask=kpm, average_attn_weights=False)
    tout, tw = theirs(tx, tx, tx, attn_mask=tmask, key_padding_mask=tkpm, average_attn_weights=False)
    same(out, tout)
    same(w, tw)
    backward_and_compare(rng, out, tout, ours, theirs, [x], [tx])


@pytest.mark.parametrize("need_weights", [True, False])
def test_is_causal_matches_torch(rng, need_weights):
    ours, theirs = pair("MultiheadAttention", 4, 2)
    (x,), (tx,) = inputs(rng, (5, 2, 4))
    mask = nn.Transformer.generate_square_subsequent_mask(5)
    tmask = torch.nn.Transformer.generate_square_subsequent_mask(5, dtype=torch.float64)
    same(mask, tmask)
    out, _ = ours(x, x, x, attn_mask=mask, is_causal=True, need_weights=need_weights)
    tout, _ = theirs(tx, tx, tx, attn_mask=tmask, is_causal=True, need_weights=need_weights)
    same(out, tout)


@pytest.mark.parametrize("need_weights", [True, False])
def test_attention_dropout_draws_pytorchs_masks(rng, need_weights):
    ours, theirs = pair("MultiheadAttention", 6, 2, dropout=0.3)
    xs, txs = inputs(rng, (4, 3, 6), (5, 3, 6), (5, 3, 6))
    torch.manual_seed(11)
    autograd.manual_seed(11)
    out, w = ours(*xs, need_weights=need_weights)
    tout, tw = theirs(*txs, need_weights=need_weights)
    same(out, tout)
    if need_weights:
        same(w, tw)
    backward_and_compare(rng, out, tout, ours, theirs, xs, txs)
    ours.eval(), theirs.eval()
    same(ours(*xs)[0], theirs(*txs)[0])  # no dropout in eval mode


LAYER_CASES = [
    dict(),
    dict(activation="gelu", norm_first=True),
    dict(activation=torch.nn.functional.gelu, batch_first=True),
    dict(bias=False, layer_norm_eps=1e-3, dim_feedforward=7),
]


def _ported(kwargs):
    """The keyword arguments for our side: PyTorch's functions as ours."""
    if kwargs.get("activation") is torch.nn.functional.gelu:
        return dict(kwargs, activation=nn.functional.gelu)
    return kwargs


@pytest.mark.parametrize("kwargs", LAYER_CASES, ids=str)
@pytest.mark.parametrize("train", [False, True], ids=["eval", "train"])
def test_encoder_layer_matches_torch(rng, kwargs, train):
    torch.manual_seed(5)
    autograd.manual_seed(5)
    ours = nn.TransformerEncoderLayer(6, 2, **dict({"dim_feedforward": 10}, **_ported(kwargs)))
    theirs = torch.nn.TransformerEncoderLayer(
        6, 2, dtype=torch.float64, **dict({"dim_feedforward": 10}, **kwargs)
    )
    ours.train(train), theirs.train(train)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        same(p, q)
    N, S = 3, 5
    (x,), (tx,) = inputs(rng, (N, S, 6) if kwargs.get("batch_first") else (S, N, 6))
    mask, tmask = masks(rng, "float", (S, S))
    kpm, tkpm = masks(rng, "bool", (N, S))
    torch.manual_seed(8)
    autograd.manual_seed(8)
    out = ours(x, src_mask=mask, src_key_padding_mask=kpm)
    tout = theirs(tx, src_mask=tmask, src_key_padding_mask=tkpm)
    same(out, tout)
    backward_and_compare(rng, out, tout, ours, theirs, [x], [tx])


@pytest.mark.parametrize("kwargs", LAYER_CASES[:3], ids=str)
@pytest.mark.parametrize("train", [False, True], ids=["eval", "train"])
def test_decoder_layer_matches_torch(rng, kwargs, train):
    torch.manual_seed(5)
    autograd.manual_seed(5)
    ours = nn.TransformerDecoderLayer(4, 2, 8, **_ported(kwargs))
    theirs = torch.nn.TransformerDecoderLayer(4, 2, 8, dtype=torch.float64, **kwargs)
    assert repr(ours) == repr(theirs)
    ours.train(train), theirs.train(train)
    N, T, S = 2, 4, 3
    first = kwargs.get("batch_first")
    xs, txs = inputs(rng, *([(N, T, 4), (N, S, 4)] if first else [(T, N, 4), (S, N, 4)]))
    causal = nn.Transformer.generate_square_subsequent_mask(T)
    tcausal = torch.nn.Transformer.generate_square_subsequent_mask(T, dtype=torch.float64)
    kpm, tkpm = masks(rng, "bool", (N, S))
    mmask, tmmask = masks(rng, "float", (T, S))
    torch.manual_seed(8)
    autograd.manual_seed(8)
    out = ours(*xs, tgt_mask=causal, memory_mask=mmask, memory_key_padding_mask=kpm, tgt_is_causal=True)
    tout = theirs(
        *txs, tgt_mask=tcausal, memory_mask=tmmask, memory_key_padding_mask=tkpm, tgt_is_causal=True
    )
    same(out, tout)
    backward_and_compare(rng, out, tout, ours, theirs, xs, txs)


@pytest.mark.parametrize("train", [False, True], ids=["eval", "train"])
def test_encoder_stack_matches_torch(rng, train):
    torch.manual_seed(2)
    autograd.manual_seed(2)
    ours = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8), 3, norm=nn.LayerNorm(4))
    theirs = torch.nn.TransformerEncoder(
        torch.nn.TransformerEncoderLayer(4, 2, 8, dtype=torch.float64),
        3,
        norm=torch.nn.LayerNorm(4, dtype=torch.float64),
        enable_nested_tensor=False,
    )
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    for p, q in zip(ours.parameters(), theirs.parameters()):
        same(p, q)
    ours.train(train), theirs.train(train)
    (x,), (tx,) = inputs(rng, (6, 2, 4))
    mask = nn.Transformer.generate_square_subsequent_mask(6)
    tmask = torch.nn.Transformer.generate_square_subsequent_mask(6, dtype=torch.float64)
    torch.manual_seed(8)
    autograd.manual_seed(8)
    out, tout = ours(x, mask), theirs(tx, tmask)
    same(out, tout)
    backward_and_compare(rng, out, tout, ours, theirs, [x], [tx])


@pytest.mark.parametrize(
    "kwargs", [dict(), dict(batch_first=True, norm_first=True, activation="gelu")], ids=str
)
@pytest.mark.parametrize("train", [False, True], ids=["eval", "train"])
def test_transformer_matches_torch(rng, kwargs, train):
    ours, theirs = pair("Transformer", 4, 2, 2, 2, 8, seed=7, **kwargs)
    ours.train(train), theirs.train(train)
    N, S, T = 2, 5, 4
    first = kwargs.get("batch_first")
    xs, txs = inputs(rng, *([(N, S, 4), (N, T, 4)] if first else [(S, N, 4), (T, N, 4)]))
    kpm, tkpm = masks(rng, "bool", (N, S))
    tgt_mask = nn.Transformer.generate_square_subsequent_mask(T)
    torch.manual_seed(8)
    autograd.manual_seed(8)
    options = dict(src_key_padding_mask=kpm, memory_key_padding_mask=kpm, tgt_mask=tgt_mask)
    out = ours(*xs, **options)
    tout = theirs(
        *txs,
        src_key_padding_mask=tkpm,
        memory_key_padding_mask=tkpm,
        tgt_mask=torch.nn.Transformer.generate_square_subsequent_mask(T, dtype=torch.float64),
    )
    same(out, tout)
    backward_and_compare(rng, out, tout, ours, theirs, xs, txs)


def test_unbatched_transformer_matches_torch(rng):
    ours, theirs = pair("Transformer", 4, 2, 1, 1, 8, dropout=0.0)
    xs, txs = inputs(rng, (5, 4), (3, 4))
    out, tout = ours(*xs), theirs(*txs)
    same(out, tout)
    backward_and_compare(rng, out, tout, ours, theirs, xs, txs)


def test_inference_without_grad_matches_torchs_fast_path(rng):
    """In eval mode under no_grad, with batch_first, PyTorch runs its fused kernels (and nested
    tensors for the padding mask); the numbers are the same."""
    torch.manual_seed(1)
    autograd.manual_seed(1)
    ours = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, batch_first=True), 2).eval()
    theirs = torch.nn.TransformerEncoder(
        torch.nn.TransformerEncoderLayer(4, 2, 8, batch_first=True, dtype=torch.float64), 2
    ).eval()
    x = rng.normal(size=(2, 5, 4))
    kpm = np.zeros((2, 5), bool)
    kpm[1, 3:] = True  # the second sequence is padded after 3 tokens
    with autograd.no_grad():
        out = ours(autograd.tensor(x), src_key_padding_mask=autograd.tensor(kpm))
    with torch.no_grad():
        tout = theirs(torch.tensor(x), src_key_padding_mask=torch.tensor(kpm))
    # PyTorch's nested tensors give 0 at padded positions, whose values mean nothing
    same(out.numpy() * ~kpm[..., None], tout)


def test_functional_with_static_keys_and_values_matches_torch(rng):
    """F.multi_head_attention_forward with static_k / static_v (already projected, per head)."""
    ours, theirs = pair("MultiheadAttention", 4, 2)
    (q, sk, sv), (tq, tsk, tsv) = inputs(rng, (3, 2, 4), (4, 5, 2), (4, 5, 2))
    kv, tkv = autograd.tensor(rng.normal(size=(5, 2, 4))), None
    tkv = torch.tensor(kv.numpy())

    def call(F, mha, q, kv, sk, sv):
        return F.multi_head_attention_forward(
            q, kv, kv, 4, 2, mha.in_proj_weight, mha.in_proj_bias, None, None, False, 0.0,
            mha.out_proj.weight, mha.out_proj.bias, static_k=sk, static_v=sv,
        )  # fmt: skip

    out, w = call(nn.functional, ours, q, kv, sk, sv)
    tout, tw = call(torch.nn.functional, theirs, tq, tkv, tsk, tsv)
    same(out, tout)
    same(w, tw)
    backward_and_compare(rng, out, tout, ours, theirs, [q, sk, sv], [tq, tsk, tsv])


def test_float32_layers_draw_pytorchs_float32_weights(rng):
    """dtype= reaches every parameter before it is drawn (float32 draws differ from float64's)."""
    torch.manual_seed(4)
    autograd.manual_seed(4)
    ours = nn.TransformerDecoderLayer(4, 2, 8, dtype=autograd.float32)
    theirs = torch.nn.TransformerDecoderLayer(4, 2, 8, dtype=torch.float32)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        assert p.dtype == autograd.float32
        np.testing.assert_array_equal(p.numpy(), q.detach().numpy())
    x = rng.normal(size=(3, 2, 4)).astype(np.float32)
    ours.eval(), theirs.eval()
    np.testing.assert_allclose(
        ours(autograd.tensor(x), autograd.tensor(x)).detach().numpy(),
        theirs(torch.tensor(x), torch.tensor(x)).detach().numpy(),
        rtol=1e-5,
        atol=1e-6,
    )
