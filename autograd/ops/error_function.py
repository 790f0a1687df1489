"""The error function and its complement on whole arrays, erf(x) = 2/sqrt(pi) int_0^x e^(-t^2) dt
and erfc(x) = 1 - erf(x), to about one unit in the last place of float64 on the whole real line.

W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations for the
error function", Math. Comp. 23 (1969) 631-637), with the coefficients he published for
double precision, in three regions of |x|:

- |x| <= 0.46875: erf(x) = x R1(x^2), R1 of degree 4/4 (erfc = 1 - erf loses nothing there);
- 0.46875 < |x| <= 4: erfc(|x|) = e^(-x^2) R2(|x|), R2 of degree 8/8;
- |x| > 4: erfc(|x|) = e^(-x^2) / |x| (1/sqrt(pi) - z R3(z)), z = 1/x^2, R3 of degree 5/4.

e^(-x^2) is taken as e^(-u^2) e^(-(|x| - u)(|x| + u)) with u = |x| rounded down to a multiple
of 1/16, whose square is exact: x^2 itself would carry a rounding error that e^ magnifies to
hundreds of ulps near |x| = 26. erfc(-|x|) = 2 - erfc(|x|), erf(x) = sign(x)(1 - erfc(|x|)).
float32 and float16 are computed in float64 and rounded once.
"""

import numpy as np

_SMALL, _MIDDLE = 0.46875, 4.0
_ONE_OVER_SQRT_PI = 5.6418958354775628695e-1
_FAR = 28.0  # erfc(28) is below the smallest float64 (5e-324): beyond, 0 (also keeps inf out)

# Cody's coefficients: numerator and denominator, lowest degree first, denominators monic.
_R1 = (
    (
        3.20937758913846947e3,
        3.77485237685302021e2,
        1.13864154151050156e2,
        3.16112374387056560e0,
        1.85777706184603153e-1,
    ),
    (2.84423683343917062e3, 1.28261652607737228e3, 2.44024637934444173e2, 2.36012909523441209e1, 1.0),
)
_R2 = (
    (
        1.23033935479799725e3,
        2.05107837782607147e3,
        1.71204761263407058e3,
        8.81952221241769090e2,
        2.98635138197400131e2,
        6.61191906371416295e1,
        8.88314979438837594e0,
        5.64188496988670089e-1,
        2.15311535474403846e-8,
    ),
    (
        1.23033935480374942e3,
        3.43936767414372164e3,
        4.36261909014324716e3,
        3.29079923573345963e3,
        1.62138957456669019e3,
        5.37181101862009858e2,
        1.17693950891312499e2,
        1.57449261107098347e1,
        1.0,
    ),
)
_R3 = (
    (
        6.58749161529837803e-4,
        1.60837851487422766e-2,
        1.25781726111229246e-1,
        3.60344899949804439e-1,
        3.05326634961232344e-1,
        1.63153871373020978e-2,
    ),
    (
        2.33520497626869185e-3,
        6.05183413124413191e-2,
        5.27905102951428412e-1,
        1.87295284992346047e0,
        2.56852019228982242e0,
        1.0,
    ),
)


def _polynomial(coefficients, t):
    """sum c_i t^i by Horner's rule, coefficients lowest degree first."""
    out = np.full_like(t, coefficients[-1])
    for c in coefficients[-2::-1]:  # in place: half the memory traffic
        out *= t
        out += c
    return out


def _rational(coefficients, t):
    p, q = coefficients
    return _polynomial(p, t) / _polynomial(q, t)


_R1_MINUS_1 = tuple(p - q for p, q in zip(*_R1))  # the numerator of R1 - 1 = (p - q) / q


def _erf_small(x):
    """erf(x) for |x| <= 0.46875 as x + x (R1(x^2) - 1): the rounding errors of R1 shrink by
    R1 - 1 ~ 0.13 before the one of the sum."""
    t = x * x
    return x + x * (_polynomial(_R1_MINUS_1, t) / _polynomial(_R1[1], t))


def _erfc_positive(y):
    """erfc(y) for y > 0.46875 (an array of float64)."""
    y = np.minimum(y, _FAR)
    scaled = np.empty_like(y)  # erfc(y) e^(y^2)
    middle = y <= _MIDDLE
    scaled[middle] = _rational(_R2, y[middle])
    far = y[~middle]
    z = 1 / (far * far)
    scaled[~middle] = (_ONE_OVER_SQRT_PI - z * _rational(_R3, z)) / far
    u = np.floor(y * 16) / 16
    scaled *= np.exp(-u * u)
    scaled *= np.exp((u - y) * (y + u))
    return scaled


def _split(x):
    """x as float64, and the mask of |x| <= 0.46875 (NaN included: it stays NaN there)."""
    x = np.asarray(x, dtype=np.float64)
    return x, ~(np.abs(x) > _SMALL)


def erf(x):
    """erf of an array, float64."""
    x, small = _split(x)
    out = np.empty_like(x)
    out[small] = _erf_small(x[small])
    large = x[~small]
    out[~small] = np.copysign(1 - _erfc_positive(np.abs(large)), large)
    return out


def erfc(x):
    """erfc of an array, float64: full relative precision in the upper tail, down to 5e-324."""
    x, small = _split(x)
    out = np.empty_like(x)
    out[small] = 1 - _erf_small(x[small])
    large = x[~small]
    tail = _erfc_positive(np.abs(large))
    out[~small] = np.where(large > 0, tail, 2 - tail)
    return out
