"""French dates as the decisions write them: « 15 avril 2022 », « 1er juillet 2021 », « 31décembre 2021 »."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}

#: « 15 avril 2022 », « 1er juillet 2021 », « 31décembre 2021 » (space sometimes lost), « 06 août 2020 ».
FRENCH_DATE_RE = re.compile(
    r"(?P<day>\d{1,2})(?:er|ER)?\s*(?P<month>" + "|".join(MONTHS) + r")\s+(?P<year>(?:19|20)\d\d)",
    re.IGNORECASE,
)


def parse_french_date(text: str) -> date:
    """Parse the first French date in ``text``; ValueError if there is none or it is impossible."""
    m = FRENCH_DATE_RE.search(text)
    if not m:
        raise ValueError(f"no French date in {text[:80]!r}")
    return date_from_match(m)


def date_from_match(m: re.Match[str]) -> date:
    """The ``date`` of a :data:`FRENCH_DATE_RE` match (ValueError for 31 février and the like)."""
    return date(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
