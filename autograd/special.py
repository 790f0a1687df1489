"""``torch.special`` for ported code (``torch.special.expit(x)``, ``from torch.special import
gammaln``). Every name is one of the library's ops under ``torch.special``'s spelling and
arguments: aliases normalise arguments, they are not copies. As in PyTorch, all but softmax
and log_softmax also take ``out=`` (the same mechanism as ``autograd.sum(..., out=s)``)."""

from . import ops as _ops
from .functions import _with_out
from .tensor import Tensor as _Tensor


def _tensor(input, name):
    if not isinstance(input, _Tensor):
        raise TypeError(f"special.{name}(): argument 'input' must be a Tensor, not {type(input).__name__}")
    return input


def expit(input):
    """The logistic sigmoid 1 / (1 + e^-x)."""
    return _tensor(input, "expit").sigmoid()


def logit(input, eps=None):
    """log(p / (1 - p)), p clamped to [eps, 1 - eps] if eps is given."""
    return _tensor(input, "logit").logit(eps)


def xlogy(input, other):
    """input * log(other), 0 where input is 0 (unless other is nan); either may be a number."""
    return _ops.xlogy(input, other)


def xlog1py(input, other):
    """input * log(1 + other), 0 where input is 0 (unless other is nan)."""
    return _ops.xlog1py(input, other)


def erf(input):
    return _tensor(input, "erf").erf()


def erfc(input):
    return _tensor(input, "erfc").erfc()


def erfinv(input):
    return _tensor(input, "erfinv").erfinv()


def gammaln(input):
    """log |Gamma(x)| (``torch.lgamma``)."""
    return _tensor(input, "gammaln").lgamma()


def digamma(input):
    """d/dx log Gamma(x)."""
    return _tensor(input, "digamma").digamma()


def polygamma(n, input):
    """The n-th derivative of digamma."""
    return _tensor(input, "polygamma").polygamma(n)


def multigammaln(input, p):
    """The multivariate log-gamma function of dimension p (``torch.mvlgamma``)."""
    return _ops.mvlgamma(input, p)


def i0(input):
    """The modified Bessel function of the first kind, order 0."""
    return _tensor(input, "i0").i0()


def i0e(input):
    """e^-|x| I0(x)."""
    return _ops.I0e.apply(_tensor(input, "i0e"))


def i1(input):
    """The modified Bessel function of the first kind, order 1."""
    return _ops.I1.apply(_tensor(input, "i1"))


def i1e(input):
    """e^-|x| I1(x)."""
    return _ops.I1e.apply(_tensor(input, "i1e"))


def ndtr(input):
    """The standard normal CDF Phi(x)."""
    return _ops.Ndtr.apply(_tensor(input, "ndtr"))


def ndtri(input):
    """The standard normal quantile Phi^-1(p)."""
    return _ops.Ndtri.apply(_tensor(input, "ndtri"))


def log_ndtr(input):
    """log Phi(x), exact far into the lower tail."""
    return _ops.LogNdtr.apply(_tensor(input, "log_ndtr"))


def sinc(input):
    """sin(pi x) / (pi x), 1 at 0."""
    return _tensor(input, "sinc").sinc()


def entr(input):
    """-x log x elementwise (0 at 0, -inf below 0)."""
    return _ops.Entr.apply(_tensor(input, "entr"))


def logsumexp(input, dim, keepdim=False):
    return _tensor(input, "logsumexp").logsumexp(dim, keepdim)


def softmax(input, dim, *, dtype=None):
    return _tensor(input, "softmax").softmax(dim, dtype=dtype)


def log_softmax(input, dim, *, dtype=None):
    return _tensor(input, "log_softmax").log_softmax(dim, dtype=dtype)


def round(input, *, decimals=0):
    return _tensor(input, "round").round(decimals)


def expm1(input):
    return _tensor(input, "expm1").expm1()


def exp2(input):
    return _tensor(input, "exp2").exp2()


def log1p(input):
    return _tensor(input, "log1p").log1p()


for _name in """digamma entr erf erfc erfinv exp2 expit expm1 gammaln i0 i0e i1 i1e log1p log_ndtr
logit logsumexp multigammaln ndtr ndtri polygamma round sinc xlog1py xlogy""".split():
    globals()[_name] = _with_out(globals()[_name])
psi = digamma

__all__ = """digamma entr erf erfc erfinv exp2 expit expm1 gammaln i0 i0e i1 i1e log1p log_ndtr
log_softmax logit logsumexp multigammaln ndtr ndtri polygamma psi round sinc softmax xlog1py
xlogy""".split()
