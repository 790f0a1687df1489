"""chainrule's nn: modules, layers, lazy layers, recurrent layers, attention and transformers, convolutions,
pooling, normalisation, padding, activations, losses, initialisers, saving, data.

import nn
model = nn.MLP(2, [16, 16], 1, output_activation="sigmoid")
loss = nn.BCELoss()(model(X), y)
"""

from . import data, functional, init, lazy, parallel, parameter, utils
from .activation import (
    ELU,
    GELU,
    LeakyReLU,
    LogSigmoid,
    LogSoftmax,
    ReLU,
    Sigmoid,
    Softmax,
    Softmax2d,
    Softmin,
    Softplus,
    Tanh,
    get_activation,
)
from .adaptive import AdaptiveLogSoftmaxWithLoss
from .attention import MultiheadAttention
from .container import ModuleDict, ParameterDict, ParameterList
from .conv import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d
from .diagnostics import Diagnostics, diagnostics
from .distance import CosineSimilarity, PairwiseDistance
from .embedding import Embedding, EmbeddingBag
from .fold import Fold, Unfold
from .layers import (
    MLP,
    AlphaDropout,
    BatchNorm1d,
    BatchNorm2d,
    Bilinear,
    Dropout,
    Dropout1d,
    Dropout2d,
    Dropout3d,
    FeatureAlphaDropout,
    Flatten,
    LayerNorm,
    Linear,
    Unflatten,
)
from .lazy import (
    LazyBatchNorm1d,
    LazyBatchNorm2d,
    LazyConv1d,
    LazyConv2d,
    LazyConv3d,
    LazyConvTranspose1d,
    LazyConvTranspose2d,
    LazyInstanceNorm1d,
    LazyInstanceNorm2d,
    LazyLinear,
)
from .loss import (
    BCELoss,
    BCEWithLogitsLoss,
    CosineEmbeddingLoss,
    CrossEntropyLoss,
    CTCLoss,
    GaussianNLLLoss,
    HingeEmbeddingLoss,
    HingeLoss,
    HuberLoss,
    KLDivLoss,
    L1Loss,
    MarginRankingLoss,
    MSELoss,
    MultiLabelMarginLoss,
    MultiLabelSoftMarginLoss,
    MultiMarginLoss,
    NLLLoss,
    PoissonNLLLoss,
    SmoothL1Loss,
    SoftMarginLoss,
    TripletMarginLoss,
    TripletMarginWithDistanceLoss,
)
from .module import (
    Identity,
    IncompatibleKeys,
    Module,
    ModuleList,
    Parameter,
    RemovableHandle,
    Sequential,
    StateDictError,
)
from .normalization import GroupNorm, InstanceNorm1d, InstanceNorm2d, LocalResponseNorm, RMSNorm
from .padding import (
    CircularPad1d,
    CircularPad2d,
    ConstantPad1d,
    ConstantPad2d,
    ReflectionPad1d,
    ReflectionPad2d,
    ReplicationPad1d,
    ReplicationPad2d,
    ZeroPad1d,
    ZeroPad2d,
)
from .parallel import DataParallel
from .parameter import Buffer, UninitializedBuffer, UninitializedParameter
from .penalty import l1_penalty, l2_penalty
from .piecewise_activation import (
    Hardshrink,
    Hardsigmoid,
    Hardswish,
    Hardtanh,
    PReLU,
    ReLU6,
    RReLU,
    Softshrink,
    Threshold,
)
from .plotting import plot_decision_boundary
from .pooling import (
    AdaptiveAvgPool1d,
    AdaptiveAvgPool2d,
    AdaptiveMaxPool1d,
    AdaptiveMaxPool2d,
    AvgPool1d,
    AvgPool2d,
    ChannelShuffle,
    LPPool1d,
    LPPool2d,
    MaxPool1d,
    MaxPool2d,
    MaxUnpool1d,
    MaxUnpool2d,
    PixelShuffle,
    PixelUnshuffle,
    Upsample,
    UpsamplingBilinear2d,
    UpsamplingNearest2d,
)
from .recurrent import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNBase, RNNCell, RNNCellBase
from .serialization import load, save
from .smooth_activation import CELU, GLU, SELU, Mish, SiLU, Softsign, Tanhshrink
from .training import History, evaluate, fit, predict
from .transformer import (
    Transformer,
    TransformerDecoder,
    TransformerDecoderLayer,
    TransformerEncoder,
    TransformerEncoderLayer,
)
