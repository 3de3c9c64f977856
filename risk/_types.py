"""Array aliases and the one error type the risk engine raises on bad input."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class RiskInputError(ValueError):
    """Invalid input to the engine; the message names the row and field at fault.

    `row` is the 0-based index of the first offending row (or None when the error
    is not about a row) and `field` the column or parameter name, so a caller that
    knows where the rows came from (a CSV file, say) can translate the index into
    its own line numbers; `detail` is then the message without the row location
    ("field size: must be > 0 (got -1.0); 3 invalid row(s) in all").
    """

    def __init__(
        self, message: str, *, row: int | None = None, field: str | None = None, detail: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.field = field
        self.detail = detail

    def __str__(self) -> str:
        return self.message
