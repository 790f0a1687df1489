"""The operations behind nn's layers and losses, as plain functions (``import nn.functional as F``).

One module per kind, so the file can be guessed from the name:

    activations        relu, leaky_relu, elu, softplus, gelu, sigmoid, tanh, logsigmoid,
                       softmax, log_softmax, softmin
    smooth_activations silu, mish, selu, celu, softsign, tanhshrink, glu
    piecewise_activations  hardtanh, relu6, hardsigmoid, hardswish, threshold, softshrink,
                       hardshrink, prelu
    random_activations rrelu, gumbel_softmax (PyTorch's random numbers for the same seed)
    affine             linear (x W^T + b, one fused op), bilinear (x1^T A x2 + b)
    convolution        conv1d, conv2d, conv_transpose1d, conv_transpose2d, unfold, fold
    volumetric         conv3d (written with conv2d)
    pooling            max_pool1d, max_pool2d, avg_pool1d, avg_pool2d, adaptive_avg_pool1d/2d,
                       adaptive_max_pool1d/2d, and the *_with_indices forms
    lp_pooling         lp_pool1d, lp_pool2d (the p-norm of each window)
    unpooling          max_unpool1d, max_unpool2d (values back at max pooling's indices)
    resampling         interpolate, pad, pixel_shuffle, pixel_unshuffle, channel_shuffle
    grid_sampling      affine_grid, grid_sample (the spatial transformer's grid and sampler)
    dropouts           dropout, dropout1d, dropout2d, dropout3d, alpha_dropout, feature_alpha_dropout
    embedding          embedding (rows of a table; its derivative is a scatter-add);
                       one_hot is autograd.ops.one_hot
    embedding_bag      embedding_bag (sums, means or maxima of bags of rows)
    normalization      batch_norm, layer_norm, rms_norm, group_norm, instance_norm, local_response_norm
    distance           cosine_similarity, pairwise_distance, pdist, normalize
    attention          scaled_dot_product_attention (softmax(Q K^T / sqrt(d) + mask) V),
                       multi_head_attention_forward (nn.MultiheadAttention's computation)
    regression_losses  mse_loss, l1_loss, huber_loss, smooth_l1_loss
    binary_losses      binary_cross_entropy, binary_cross_entropy_with_logits, hinge_loss
    multiclass_losses  nll_loss, cross_entropy
    margin_losses      soft_margin_loss, multilabel_soft_margin_loss, multi_margin_loss,
                       multilabel_margin_loss
    ranking_losses     margin_ranking_loss, hinge_embedding_loss, cosine_embedding_loss,
                       triplet_margin_loss
    distribution_losses  kl_div, poisson_nll_loss, gaussian_nll_loss
    ctc_loss           ctc_loss (connectionist temporal classification, the log-space forward recursion)
    _checks            the argument checks and conversions they share

Most functions are built from autograd's Tensor operations, so they are differentiable twice
without a derivative of their own. The exceptions are ``autograd.Function``s written out with
their derivative beside them: ``logsigmoid`` (log(sigmoid(x)) computed naively overflows for
large |x|), ``hardtanh``, ``hardsigmoid``, ``hardswish`` and ``celu`` (PyTorch's derivatives
to the last bit), ``binary_cross_entropy`` (PyTorch's clamped logs and gradient), the fused
``linear`` (and its fusion with a ReLU, which ``MLP`` uses), the fused losses, the convolutions,
poolings, constant padding, resampling's reads (interpolation and the other padding modes), and
``embedding``'s lookup and scatter-add.

Inputs may be Tensors or anything ``autograd.tensor(...)`` accepts. Losses take
``reduction="mean" | "sum" | "none"`` (the average, the total, or the per-element losses;
kl_div also "batchmean").
"""

from autograd.ops import one_hot  # noqa: E402,I001  (labels -> one-hot int64 rows; an autograd op)

from .activations import (
    elu,
    elu_,
    gelu,
    leaky_relu,
    leaky_relu_,
    log_softmax,
    logsigmoid,
    relu,
    relu_,
    sigmoid,
    softmax,
    softmin,
    softplus,
    tanh,
)
from .affine import bilinear, linear
from .attention import multi_head_attention_forward, scaled_dot_product_attention
from .binary_losses import binary_cross_entropy, binary_cross_entropy_with_logits, hinge_loss
from .ctc_loss import ctc_loss
from .convolution import conv1d, conv2d, conv_transpose1d, conv_transpose2d, fold, unfold
from .volumetric import conv3d
from .distribution_losses import gaussian_nll_loss, kl_div, poisson_nll_loss
from .distance import cosine_similarity, normalize, pairwise_distance, pdist
from .dropouts import alpha_dropout, dropout, dropout1d, dropout2d, dropout3d, feature_alpha_dropout
from .embedding import embedding
from .embedding_bag import embedding_bag
from .margin_losses import (
    multi_margin_loss,
    multilabel_margin_loss,
    multilabel_soft_margin_loss,
    soft_margin_loss,
)
from .multiclass_losses import LabelError, cross_entropy, nll_loss
from .normalization import batch_norm, group_norm, instance_norm, layer_norm, local_response_norm, rms_norm
from .pooling import adaptive_avg_pool2d, adaptive_max_pool2d, avg_pool1d, avg_pool2d, max_pool1d, max_pool2d
from .pooling import (
    adaptive_avg_pool1d,
    adaptive_max_pool1d,
    adaptive_max_pool1d_with_indices,
    adaptive_max_pool2d_with_indices,
    max_pool1d_with_indices,
    max_pool2d_with_indices,
)
from .lp_pooling import lp_pool1d, lp_pool2d
from .unpooling import max_unpool1d, max_unpool2d
from .piecewise_activations import (
    hardshrink,
    hardsigmoid,
    hardswish,
    hardtanh,
    hardtanh_,
    prelu,
    relu6,
    softshrink,
    threshold,
    threshold_,
)
from .random_activations import gumbel_softmax, rrelu, rrelu_
from .ranking_losses import (
    cosine_embedding_loss,
    hinge_embedding_loss,
    margin_ranking_loss,
    triplet_margin_loss,
    triplet_margin_with_distance_loss,
)
from .regression_losses import huber_loss, l1_loss, mse_loss, smooth_l1_loss
from .grid_sampling import affine_grid, grid_sample
from .resampling import (
    channel_shuffle,
    interpolate,
    native_channel_shuffle,
    pad,
    pixel_shuffle,
    pixel_unshuffle,
    upsample,
    upsample_bilinear,
    upsample_nearest,
)
from .smooth_activations import celu, celu_, glu, mish, selu, selu_, silu, softsign, tanhshrink

__all__ = [
    "relu",
    "leaky_relu",
    "elu",
    "softplus",
    "gelu",
    "sigmoid",
    "tanh",
    "logsigmoid",
    "softmax",
    "log_softmax",
    "softmin",
    "silu",
    "mish",
    "selu",
    "celu",
    "softsign",
    "tanhshrink",
    "glu",
    "hardtanh",
    "relu6",
    "hardsigmoid",
    "hardswish",
    "threshold",
    "softshrink",
    "hardshrink",
    "prelu",
    "rrelu",
    "gumbel_softmax",
    "linear",
    "dropout",
    "embedding",
    "batch_norm",
    "layer_norm",
    "group_norm",
    "instance_norm",
    "local_response_norm",
    "scaled_dot_product_attention",
    "multi_head_attention_forward",
    "mse_loss",
    "l1_loss",
    "huber_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "nll_loss",
    "cross_entropy",
    "hinge_loss",
    "smooth_l1_loss",
    "kl_div",
    "poisson_nll_loss",
    "gaussian_nll_loss",
    "margin_ranking_loss",
    "hinge_embedding_loss",
    "cosine_embedding_loss",
    "triplet_margin_loss",
    "soft_margin_loss",
    "multilabel_soft_margin_loss",
    "multi_margin_loss",
    "multilabel_margin_loss",
    "LabelError",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "unfold",
    "fold",
    "max_pool1d",
    "max_pool2d",
    "avg_pool1d",
    "avg_pool2d",
    "adaptive_avg_pool2d",
    "adaptive_max_pool2d",
    "interpolate",
    "pad",
    "pixel_shuffle",
    "pixel_unshuffle",
    "affine_grid",
    "grid_sample",
    "dropout2d",
    "dropout3d",
    "cosine_similarity",
    "pairwise_distance",
    "normalize",
    "bilinear",
    "rms_norm",
    "embedding_bag",
    "channel_shuffle",
    "native_channel_shuffle",
    "max_pool1d_with_indices",
    "max_pool2d_with_indices",
    "max_unpool1d",
    "max_unpool2d",
    "adaptive_avg_pool1d",
    "adaptive_max_pool1d",
    "adaptive_max_pool1d_with_indices",
    "adaptive_max_pool2d_with_indices",
    "lp_pool1d",
    "lp_pool2d",
    "alpha_dropout",
    "feature_alpha_dropout",
    "dropout1d",
    "pdist",
    "triplet_margin_with_distance_loss",
    "relu_",
    "elu_",
    "leaky_relu_",
    "hardtanh_",
    "threshold_",
    "selu_",
    "celu_",
    "rrelu_",
    "upsample",
    "upsample_nearest",
    "upsample_bilinear",
    "ctc_loss",
]
