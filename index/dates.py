"""Find the dates an article mentions and normalise them, keeping what is unknown unknown.

Indonesian news writes dates as "Rabu (15/6/2022)", "Selasa (21/1)", "4 Februari 2022", "24 Februari",
"pada hari Kamis"; English ones as "February 4, 2022" or "on Thursday"; and coarser: "Maret 2022", "sejak
Februari", "pada 2019", "in March". A date without a year keeps
``year=None`` unless the weekday the text gives fixes the year among the years the article itself
names (or its publication year): we never guess a year from nothing.

Regular expressions rather than dateparser: dateparser needs a reference date, fills missing years
with it and ignores weekdays, which is exactly the information we must keep.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, replace

from index.records import DateRecord
from index.relative_dates import complete_from_published, find_relative, looks_ahead, resolve, year_of_month

MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "pebruari": 2,
    "maret": 3, "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6,
    "june": 6, "juli": 7, "jul": 7, "july": 7, "agustus": 8, "agu": 8, "agt": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11, "desember": 12, "des": 12, "dec": 12, "december": 12,
}
WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6, "ahad": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
WEEKDAY_NAMES = {
    "id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
MONTH_NAMES = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}

_WD = r"(?P<wd>senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
# a month or a year without a day only by its full name, and a year or a month alone only after a word that places
# an event in time: "Mar", "May", "Des" and a bare "2000" are other words too ("may", "2000 orang")
_FULL_MON = "|".join(sorted({m for m in MONTHS if len(m) > 3 and m not in {"sept"}} | {"mei", "may"}, key=len,
                            reverse=True))
_AT = r"(?:pada|sejak|hingga|sampai|awal|akhir|pertengahan|medio|in|since|until|early|late|mid-?)"
_PATTERNS = [
    # Rabu (15/6/2022), Selasa (21/1), (15/6)
    re.compile(rf"(?:{_WD},?\s*)?\((?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{2,4}}))?\)", re.I),
    # Kamis, 4 Februari 2022 / 4 Februari / 24 Feb. 2022
    re.compile(rf"(?:{_WD},?\s*(?:\(|tanggal\s+)?)?\b(?P<d>\d{{1,2}})\s+(?P<mon>{_MON})\.?(?:,?\s+(?P<y>\d{{4}}))?\b", re.I),
    # February 4, 2022 / Feb 4
    re.compile(rf"(?:{_WD},?\s*)?\b(?P<mon>{_MON})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?\b", re.I),
    # 2022-06-15
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    # pada hari Kamis / on Thursday / hari Sabtu
    re.compile(rf"\b(?:pada\s+hari|hari|pada|on|last|this)\s+{_WD}\b", re.I),
    # Maret 2022 / March 2022 / (bulan) Juni 2022; "May 2022" but not "may 2022" (the modal verb)
    re.compile(rf"\b(?P<core>(?P<mon>{_FULL_MON})\s+(?P<y>\d{{4}}))\b(?![-–.,]?\d)", re.I),
    # pada 2019 / sejak tahun 2014 / in 1998; not "pada 2019-2020", "the 1990s", "tahun 1990-an"
    re.compile(rf"\b(?:{_AT}\s+(?:tahun\s+)?|tahun\s+)(?P<core>(?P<y>(?:19|20)\d\d))\b(?![-–/.,]?\d|-an|s\b)", re.I),
    # sejak Februari / pada bulan Juni / in March / akhir Desember: a month alone, its year from the article's date
    re.compile(rf"\b{_AT}\s+(?:bulan\s+)?(?P<core>(?P<mon>{_FULL_MON}))\b(?!\s*\d)", re.I),
]
# Which date finder read an index's article dates: 2 reads a month or a year alone ("Maret 2022", "pada 2019",
# "sejak Februari"), 3 "minggu ini" / "this week" and counts from the report's own day (``report_date``); an index
# read by an older one has its kept articles' dates read again by the next build.
DATES_VERSION = 3
# A year as news writes it (1900-2099); the question parser (qa.lang) reads years with the same pattern.
YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def years_in(text: str) -> list[int]:
    """The years written in ``text``, in order."""
    return [int(y) for y in YEAR.findall(text)]


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None  # 0 = Monday
    year_inferred: bool = False  # the year is the one of the article's years that the weekday fits
    # how the date was known: "written" (the text gives it), "published" (counted from the article's date),
    # "reported" (counted from the day an article without one reports from: ``report_date``), "context" (from the
    # date the text gave before), "unresolved" (a relative date with nothing to count from)
    resolution: str = "written"

    @property
    def known(self) -> bool:
        """Whether it names any part of a calendar date (an unresolved "kemarin" names none)."""
        return any(v is not None for v in (self.year, self.month, self.day, self.weekday))

    @property
    def value(self) -> str | None:
        """The date at its own precision: YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD; None for a weekday alone or an
        unresolved phrase."""
        if self.year and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month and self.day:
            return f"--{self.month:02d}-{self.day:02d}"
        if self.year and self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}" if self.year else None

    @property
    def iso(self) -> str | None:
        if self.year and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month and self.day:
            return f"--{self.month:02d}-{self.day:02d}"
        return None

    def to_dict(self) -> DateRecord:
        return {**asdict(self), "iso": self.iso}

    @classmethod
    def from_dict(cls, d: DateRecord | dict) -> DateMention:
        """The inverse of ``to_dict`` (the index stores mentions as dicts)."""
        return cls(**{k: v for k, v in d.items() if k != "iso"})

    def describe(self, lang: str = "id") -> str:
        """Weekday, day, month (and year when known) in the given language."""
        parts = []
        if self.weekday is not None:
            parts.append(WEEKDAY_NAMES[lang][self.weekday])
        if self.day and self.month:
            month = MONTH_NAMES[lang][self.month - 1]
            date = f"{month} {self.day}" if lang == "en" else f"{self.day} {month}"
            if self.year:
                date += f", {self.year}" if lang == "en" else f" {self.year}"
            parts.append(date)
        elif self.month:  # "Maret 2022", "March 2022"; "Februari" alone, not nothing
            month = MONTH_NAMES[lang][self.month - 1]
            parts.append(f"{month} {self.year}" if self.year else month)
        elif self.year and not self.month:
            parts.append(str(self.year))
        return ", ".join(parts) if lang == "en" else " ".join(parts)


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is None or d is None:
        return True
    try:
        dt.date(y or 2000, m, d)  # 2000 is a leap year, so 29 February stays possible without a year
    except ValueError:
        return False
    return True


def _weekday_fits(y: int, m: int, d: int, wd: int) -> bool:
    try:
        return dt.date(y, m, d).weekday() == wd
    except ValueError:
        return False


def find_dates(text: str, published: dt.date | None = None) -> list[DateMention]:
    """Every date ``text`` mentions, in order: written dates (with years inferred from the weekday where that is
    unambiguous), completed from ``published`` where they lack parts, and relative ones ("kemarin", "pekan
    lalu", "hari itu") resolved against ``published`` or the date written before them. Each says how it was
    resolved; what nothing fixes stays unknown."""
    written, taken = _written_dates(text)
    written = _infer_years(written, text, published)
    # without a publication date, the day the report gives as "Senin (12/9)" is counted from instead
    anchor, how = (published, "published") if published else (report_date(written), "reported")
    phrases = {(r.start, r.end): r for r in find_relative(text, taken)}
    relative = [DateMention(r.text, r.start, r.end, None, None, None, None, resolution="unresolved")
                for r in phrases.values()]
    out: list[DateMention] = []
    context: dt.date | None = None
    for m in sorted(written + relative, key=lambda x: x.start):
        if m.resolution == "unresolved":
            phrase = phrases[(m.start, m.end)]
            fields = resolve(phrase, anchor, context)
            if fields is not None:
                m = replace(m, **fields, resolution=how if phrase.anchor == "published" else phrase.anchor)
        elif anchor and m.month and not m.day and not m.year:
            m = replace(m, year=year_of_month(m.month, anchor, looks_ahead(text, m.start, m.end)), resolution=how)
        elif anchor and not (m.year and m.month and m.day):
            date = complete_from_published(m.month, m.day, m.weekday, anchor, looks_ahead(text, m.start, m.end))
            if date is not None:
                m = replace(m, year=date.year, month=date.month, day=date.day, weekday=date.weekday(),
                            resolution=how)
        if m.year and m.month and m.day:
            context = dt.date(m.year, m.month, m.day)
        out.append(m)
    return out


def report_date(written: list[DateMention]) -> dt.date | None:
    """The day a report without a publication date reports from: its first date written with its weekday, day,
    month and year (the year written, or the one of the text's years the weekday fits), as Indonesian news dates
    what it reports, "kata Yang Jiechi ..., Senin (12/9)"; a caption's "4 Februari 2022" names no weekday."""
    return next((dt.date(m.year, m.month, m.day) for m in sorted(written, key=lambda m: m.start)
                 if m.weekday is not None and m.year and m.month and m.day), None)


def _written_dates(text: str) -> tuple[list[DateMention], list[tuple[int, int]]]:
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span("core") if "core" in pattern.groupindex else m.span()  # "2019" of "pada 2019"
            if any(s < b and a < e for a, b in taken):
                continue
            g = m.groupdict()
            wd = WEEKDAYS.get((g.get("wd") or "").lower().replace("'", "")) if g.get("wd") else None
            day = int(g["d"]) if g.get("d") else None
            month = int(g["m"]) if g.get("m") else (MONTHS[g["mon"].lower()] if g.get("mon") else None)
            year = int(g["y"]) if g.get("y") else None
            if year is not None and year < 100:
                year += 2000
            if day is not None and month is None:
                continue
            if day is None and g.get("wd", "").lower() == "minggu" and "hari" not in m.group(0).lower():
                continue  # "minggu" alone is "week" ("pada minggu lalu"); only "hari Minggu" is Sunday
            if not _valid(year, month, day) or (year is not None and not 1900 <= year <= 2100):
                continue
            if wd is not None and year and month and day and not _weekday_fits(year, month, day, wd):
                wd = None  # the text contradicts itself; trust the numbers
            if "core" in pattern.groupindex and g.get("mon") and g["mon"][0].islower() and month == 5:
                continue  # "may" in lower case is the verb
            found.append(DateMention(text[s:e].strip(), s, e, year, month, day, wd))
            taken.append((s, e))
    found.sort(key=lambda x: x.start)
    return found, taken


def _infer_years(found: list[DateMention], text: str, published: dt.date | None) -> list[DateMention]:
    years = set(years_in(text))
    if published:
        years |= {published.year - 1, published.year, published.year + 1}
    out = []
    for d in found:
        if d.year is None and d.month and d.day and d.weekday is not None and years:
            fits = [y for y in sorted(years) if _weekday_fits(y, d.month, d.day, d.weekday)]
            if len(fits) == 1:
                d = replace(d, year=fits[0], year_inferred=True)
        out.append(d)
    return out


def date_words(dates: list[DateRecord], start: int, end: int) -> str:
    """Month names (both languages), years and weekdays of the date mentions inside [start, end), so that
    a lexical match on "Juni 2022" finds "Rabu (15/6/2022)"."""
    out: list[str] = []
    for d in dates:
        if start <= d["start"] < end:
            if d.get("month"):
                out += [MONTH_NAMES["id"][d["month"] - 1], MONTH_NAMES["en"][d["month"] - 1]]
            if d.get("year"):
                out.append(str(d["year"]))
            if d.get("weekday") is not None:
                out += [WEEKDAY_NAMES["id"][d["weekday"]], WEEKDAY_NAMES["en"][d["weekday"]]]
    return " ".join(out)
