"""The check character of the unified social credit code (GB 32100-2015), vectorised.

An 18-character code is: registration authority (1), entity type (1), admin division (6),
organisation code (9), check character (1). The alphabet has 31 characters, the digits and the
capitals without I, O, S, V and Z; character i (0-based, of the first 17) has weight 3**i mod 31,
and the check character is the one of value (31 - sum mod 31) mod 31.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

USCC_LENGTH = 18
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = np.array([pow(3, i, 31) for i in range(USCC_LENGTH - 1)], dtype=np.int64)

_VALUE_OF_BYTE = np.full(256, -1, dtype=np.int64)
for _value, _char in enumerate(ALPHABET):
    _VALUE_OF_BYTE[ord(_char)] = _value


def check_character(code17: str) -> str:
    """The check character for the first 17 characters of a code (all in the alphabet)."""
    total = sum(ALPHABET.index(ch) * int(w) for ch, w in zip(code17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_valid(codes: list[str]) -> npt.NDArray[np.bool_]:
    """Whether each 18-character code is a valid USCC (alphabet and check character).

    Args:
        codes: codes of exactly 18 ASCII characters each, upper-case.
    """
    if not codes:
        return np.zeros(0, dtype=bool)
    data = "".join(codes).encode("ascii", errors="replace")
    values = _VALUE_OF_BYTE[np.frombuffer(data, dtype=np.uint8)].reshape(-1, USCC_LENGTH)
    alphabet_ok = (values >= 0).all(axis=1)
    expected = (31 - (values[:, :-1] @ WEIGHTS) % 31) % 31
    valid: npt.NDArray[np.bool_] = alphabet_ok & (expected == values[:, -1])
    return valid


def uscc_detail(code: str) -> str:
    """Why one 18-character code fails: a character outside the alphabet, or the check digit."""
    for position, char in enumerate(code, start=1):
        if char not in ALPHABET:
            return f"character {char!r} at position {position} is not used in such codes"
    expected = check_character(code[:-1])
    return f"check character {code[-1]}, expected {expected}"
