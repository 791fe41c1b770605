"""How far apart two chart colours look, to readers with and without colour-vision deficiency.

Why: the essay's colours carry meaning (cooperation / friction, exclusive bloc / inclusive
ties), so every pair a reader must tell apart has to stay apart for the commonest forms of
colour blindness too. This simulates full protanopia, deuteranopia and tritanopia with the
matrices of Machado, Oliveira and Fernandes (2009, severity 1.0, applied to linear sRGB) and
measures the difference as CIE76 ΔE in CIE Lab (D65), so a test can assert a minimum.

Defined for: the colour palette of every chart (charts.common), checked by tests/test_colours.py.
"""

from __future__ import annotations

import re

import numpy as np

from ...model.names import lookup

#: Machado et al. (2009) simulation matrices at severity 1.0, on linear sRGB.
MACHADO: dict[str, np.ndarray] = {
    "normal": np.eye(3),
    "protanopia": np.array([
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ]),
    "deuteranopia": np.array([
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ]),
    "tritanopia": np.array([
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ]),
}  # fmt: skip
#: Linear sRGB to CIE XYZ (D65), and the D65 white point.
_XYZ = np.array([
    [0.4124564, 0.3575761, 0.1804375],
    [0.2126729, 0.7151522, 0.0721750],
    [0.0193339, 0.1191920, 0.9503041],
])  # fmt: skip
_WHITE = _XYZ @ np.ones(3)
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def linear_rgb(colour: str) -> np.ndarray:
    """A '#rrggbb' colour as linear sRGB in [0, 1]; anything else is refused."""
    if not isinstance(colour, str) or not _HEX.match(colour):
        raise ValueError(f"colour {colour!r}: expected '#rrggbb' (six hex digits)")
    srgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255.0
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def simulate(colour: str, vision: str) -> np.ndarray:
    """The linear sRGB a reader with `vision` (a key of MACHADO) sees for `colour`."""
    matrix = lookup("vision", vision, MACHADO)
    return np.clip(matrix @ linear_rgb(colour), 0.0, 1.0)


def lab(linear: np.ndarray) -> np.ndarray:
    """CIE Lab (D65) of a linear sRGB colour."""
    t = (_XYZ @ linear) / _WHITE
    eps, kappa = 216 / 24389, 24389 / 27
    f = np.where(t > eps, np.cbrt(t), (kappa * t + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: str = "normal") -> float:
    """CIE76 ΔE between colours `a` and `b` as a reader with `vision` sees them."""
    return float(np.linalg.norm(lab(simulate(a, vision)) - lab(simulate(b, vision))))


def worst_delta_e(a: str, b: str) -> tuple[float, str]:
    """The smallest ΔE between `a` and `b` over every vision of MACHADO, and which one."""
    return min((delta_e(a, b, v), v) for v in MACHADO)
