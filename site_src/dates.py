"""Dates as pages show them: in words a reader says, whatever the machine's locale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .lexicon import MONTH_NAMES


@dataclass(frozen=True)
class HumanDate:
    """A date as a reader says it, and as a machine reads it (None when it is not an ISO date)."""

    text: str
    machine: str | None


def human_date(value: str) -> HumanDate:
    """`2026-04-28T11:30:00+10:00` reads "28 April 2026, 11:30 (UTC+10:00)": the time as the
    outlet printed it, with its offset, never converted to a zone the outlet did not use."""
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return HumanDate(value, None)
    text = f"{moment.day} {MONTH_NAMES[moment.month - 1].capitalize()} {moment.year}"
    if "T" in value or " " in value.strip():
        text += f", {moment:%H:%M}"
        offset = moment.utcoffset()
        if offset is not None:
            minutes = round(offset.total_seconds() / 60)
            sign = "-" if minutes < 0 else "+"
            text += f" (UTC{sign}{abs(minutes) // 60}:{abs(minutes) % 60:02d})" if minutes else " (UTC)"
    return HumanDate(text, value.strip())
