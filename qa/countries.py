"""One country, several spellings: Indonesian news writes China three ways (China, Tiongkok, Cina), and English
questions use the English one. Who says a sentence (qa.speaker), how many articles name a country (qa.tally) and
who a question asks about (qa.description) read them as one."""

from __future__ import annotations

# each spelling -> the group's first (its key)
COUNTRY_OF = {w: group[0] for group in (("China", "Tiongkok", "Cina", "Tionghoa"), ("Rusia", "Russia", "Kremlin"),
                                        ("AS", "US", "USA", "Amerika", "America"), ("Inggris", "Britain", "UK"),
                                        ("Jepang", "Japan"), ("Ukraina", "Ukraine", "Kyiv", "Kiev")) for w in group}


def spellings(name: str) -> set[str]:
    """The ways the articles may write a country ``name`` ("China": China, Tiongkok, Cina, Tionghoa), else itself."""
    if name not in COUNTRY_OF:
        return {name}
    return {w for w, first in COUNTRY_OF.items() if first == COUNTRY_OF[name]}
