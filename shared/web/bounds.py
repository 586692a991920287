"""Input types bounded to what the databases keep: instants from 1970 to 2200
(shared/instants.py) and row ids within their INTEGER columns. Out of range is a 422."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Path
from pydantic import AfterValidator, AwareDatetime

from shared.instants import in_range

INT32_MAX = 2**31 - 1


Instant = Annotated[AwareDatetime, AfterValidator(in_range)]
LooseInstant = Annotated[datetime, AfterValidator(in_range)]  # with or without an offset
RowId = Annotated[int, Path(ge=1, le=INT32_MAX)]
