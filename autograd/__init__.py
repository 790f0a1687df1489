"""chainrule's autograd: Tensors that record their computation, and backprop through it.

The public names follow PyTorch's top level, so that ``import autograd as torch`` runs
PyTorch programs (see ``autograd.port``).
"""

from .tensor import Tensor, tensor  # noqa: I001  (first: everything else builds on it)
from . import (
    accelerator,
    allocator,
    amp,
    autograd,
    backends,
    cpu,
    cuda,
    distributions,
    func,
    functional,
    jit,
    linalg,
    random,
    special,
    testing,
    version,
)
from .activations import celu, celu_, rrelu, rrelu_, selu, selu_
from .amp import autocast, get_autocast_dtype, is_autocast_enabled
from .animation import animate_backward
from .anomaly import detect_anomaly, is_anomaly_enabled
from .compiled import compile
from .compat import (
    _assert,
    as_strided,
    conj_physical,
    cond,
    empty_strided,
    frombuffer,
)
from .compat import (
    eig,
    is_storage,
    lstsq,
    matrix_rank,
    newaxis,
    resolve_conj,
    resolve_neg,
    set_default_tensor_type,
)
from .compat import conj, is_conj, is_neg, symeig
from .creation import (
    BoolTensor,
    ByteTensor,
    CharTensor,
    DoubleTensor,
    FloatTensor,
    HalfTensor,
    IntTensor,
    LongTensor,
    ShortTensor,
    arange,
    as_tensor,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    linspace,
    logspace,
    ones,
    ones_like,
    zeros,
    zeros_like,
)
from .creation import asarray, range, scalar_tensor
from .dtypes import (
    bool,
    Size,
    device,
    double,
    float,
    float16,
    float32,
    float64,
    get_default_dtype,
    half,
    int,
    int8,
    int16,
    int32,
    int64,
    long,
    set_default_dtype,
    short,
    uint8,
)
from .engine import grad
from .explain import explain_backward
from .func import vmap
from .function import Function
from .functions import *  # noqa: F401,F403  (torch.exp(x), torch.sum(x, 1), torch.cat(...), ...)
from .view_copies import *  # noqa: F401,F403  (torch.expand_copy(x, size), ...)
from .graph import GraphvizNotFoundError, draw_graph, save_graph
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .printing import set_printoptions
from .grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)
from .random import (
    Generator,
    bernoulli,
    binomial,
    get_rng_state,
    initial_seed,
    manual_seed,
    multinomial,
    normal,
    poisson,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    randperm,
    seed,
    set_rng_state,
)
from .ops import return_types
from .scalar import Scalar
from .serialization import load, save
from .settings import (
    are_deterministic_algorithms_enabled,
    get_deterministic_debug_mode,
    get_float32_matmul_precision,
    is_deterministic_algorithms_warn_only_enabled,
    is_warn_always_enabled,
    set_anomaly_enabled,
    set_deterministic_debug_mode,
    set_float32_matmul_precision,
    set_warn_always,
    use_deterministic_algorithms,
)
from .threads import get_num_interop_threads, get_num_threads, set_num_interop_threads, set_num_threads
from .typeinfo import can_cast, finfo, iinfo, promote_types, result_type
from .windows import bartlett_window, blackman_window, hamming_window, hann_window, kaiser_window
from .random import default_generator
from numpy import dtype  # every dtype here is a numpy dtype: isinstance(t.dtype, autograd.dtype)
from math import e, inf, nan, pi

__version__ = version.__version__  # chainrule's version (setup.cfg), not PyTorch's
