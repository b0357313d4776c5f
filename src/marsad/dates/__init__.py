"""Date expressions: recognition (:mod:`.parse`) and resolution (:mod:`.resolve`)."""

from marsad.dates.parse import DateExpr, find_dates
from marsad.dates.resolve import ResolvedDate, hijri_to_gregorian, resolve, resolve_default

__all__ = ["DateExpr", "find_dates", "ResolvedDate", "resolve", "resolve_default", "hijri_to_gregorian"]
