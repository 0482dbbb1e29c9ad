"""Web boilerplate removal by general rules (line shapes), never by listing one site's strings.

An article arrives as lines. Each line is either kept or removed with a reason, so that
``kabar index --verbose`` can show exactly what went and why.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

_WORD = re.compile(r"\w+(?:[-']\w+)*", re.UNICODE)
_END_PUNCT = re.compile(r"[.!?…:;\"”’)\]]\s*$")

# Each rule: (reason, compiled pattern searched on the lower-cased line, max words for the rule to apply).
_PATTERNS: list[tuple[str, re.Pattern[str], int]] = [
    ("related link", re.compile(r"^\W*(baca juga|baca selengkapnya|lihat juga|simak juga|simak berita|berita terkait|"
                                r"artikel terkait|read more|read also|also read|related|see also)\b"), 40),
    ("comment form", re.compile(r"(tinggalkan (balasan|komentar)|leave a (reply|comment)|alamat email anda|"
                                r"your email address|kirim komentar|post comment|wajib ditandai|required fields|"
                                r"captcha|^komentar\b|^comments?\b)"), 25),
    ("share/font widget", re.compile(r"(pengaturan font|ukuran (huruf|font)|font size|^(share|bagikan)\b|"
                                     r"^(a\s+){2,}|facebook\s+twitter|whatsapp\s+telegram)"), 12),
    ("credit line", re.compile(r"^(foto|redaktur|penulis|editor|reporter|pewarta|sumber|photo|image|gambar|"
                               r"video|ilustrasi)\s*:"), 10),
    ("promo/spam", re.compile(r"(google news|whatsapp channel|konten menarik lainnya|ikuti kami|follow us|"
                              r"subscribe|berlangganan|download aplikasi|unduh aplikasi|klik di ?sini|click here|"
                              r"backlink|\bpbn\b|\bslot (gacor|online)|\bjudi\b|\btogel\b|casino|\bjasa seo\b|"
                              r"all rights reserved|hak cipta|copyright|©)"), 30),
    ("timestamp widget", re.compile(r"\b\d+\s+(detik|menit|jam|hari|minggu|bulan|tahun|seconds?|minutes?|hours?|"
                                    r"days?|weeks?|months?|years?)\s+(yang\s+)?(lalu|ago)\b"), 8),
    ("read-more trailer", re.compile(r"^(read more|continue reading|selengkapnya|more on)\b.*\b(on|di)\b"), 20),
]
_CAPTCHA = re.compile(r"^[\d\s+\-*/x×=?]+$")


@dataclass
class CleanResult:
    title: str
    text: str
    kept: list[str]
    removed: list[tuple[str, str]] = field(default_factory=list)  # (line, reason)


def normalise_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\u200b", "")
    return re.sub(r"[ \t\f\v]+", " ", line).strip()


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def clean_title(title: str) -> str:
    """Drop a site label before " : " and a " - SiteName" suffix, which headlines carry on many sites."""
    title = normalise_line(title)
    title = re.sub(r"^[^:]{1,25}\s:\s+", "", title)
    title = re.sub(r"\s[-|–]\s[\w. ]{2,25}$", "", title)
    return title.strip()


def _shingles(ws: list[str], n: int = 3) -> set[tuple[str, ...]]:
    if len(ws) < n:
        return {tuple(ws)}
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


def near_duplicate(a: list[str], b: list[str], threshold: float = 0.85) -> bool:
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return False
    return len(sa & sb) / min(len(sa), len(sb)) >= threshold


def _is_menu(line: str, ws: list[str], vocabulary: Counter[str] | None = None) -> bool:
    """A run of short capitalised items with no sentence punctuation whose words the article does not
    otherwise use: a navigation bar (a title-case headline shares its words with the body)."""
    if len(ws) < 5 or _END_PUNCT.search(line) or re.search(r"[,.;]", line):
        return False
    if vocabulary is not None:
        own = Counter(ws)
        if sum(vocabulary.values()) - len(ws) < 20:
            return False  # nothing else to compare with: a one-line article is its own headline
        elsewhere = sum(1 for w in set(ws) if vocabulary[w] > own[w])
        if elsewhere / len(set(ws)) >= 0.4:
            return False
    items = [t for t in re.split(r"\s*[|»›•·/]\s*|\s+", line) if t]
    capitalised = sum(1 for t in items if t[:1].isupper() or t[:1].isdigit())
    lengths = [len(t) for t in items]
    return capitalised / len(items) >= 0.9 and sum(lengths) / len(lengths) <= 12 and len(items) >= 8


def line_noise_reason(line: str, vocabulary: Counter[str] | None = None) -> str | None:
    """Why this line is boilerplate, or None when it may be content. ``vocabulary``: word counts of the
    whole article, which tells a navigation bar from a headline."""
    ws = words(line)
    low = line.lower()
    if not ws:
        return "no words"
    if _CAPTCHA.match(line) and len(ws) <= 6:
        return "captcha"
    for reason, pattern, max_words in _PATTERNS:
        if len(ws) <= max_words and pattern.search(low):
            return reason
    if _is_menu(line, ws, vocabulary):
        return "navigation menu"
    if len(ws) <= 2 and not _END_PUNCT.search(line) and not re.search(r"\d{4}", line):
        return "label"
    return None


def clean_lines(lines: list[str], title: str | None = None, common: set[str] | None = None) -> CleanResult:
    """Clean one article. ``title``: a known title ("" = known to have none; None = the first content
    line is the title); ``common``: lines
    that repeat across many articles of the same source (boilerplate found corpus-wide)."""
    removed: list[tuple[str, str]] = []
    kept: list[str] = []
    kept_words: list[list[str]] = []
    candidates = [normalise_line(x) for x in lines]
    found_title = clean_title(title) if title is not None else None
    title_words: list[str] = words(found_title) if found_title else []
    vocabulary: Counter[str] = Counter(w for line in candidates for w in words(line))
    for line in candidates:
        if not line:
            continue
        reason = line_noise_reason(line, vocabulary)
        if reason is None and common and line in common:
            reason = "repeated across articles"
        ws = words(line)
        if reason is None and found_title is None:
            found_title = clean_title(line)
            title_words = words(found_title)
            removed.append((line, "title"))
            continue
        if reason is None and title_words and _is_title_repeat(line, ws, title_words):
            reason = "repeated title"
        if reason is None and any(ws == k or near_duplicate(ws, k) for k in kept_words):
            reason = "duplicate line"
        if reason:
            removed.append((line, reason))
        else:
            kept.append(line)
            kept_words.append(ws)
    return CleanResult(title=found_title or "", text="\n".join(kept), kept=kept, removed=removed)


def _is_title_repeat(line: str, ws: list[str], title_words: list[str]) -> bool:
    tset = set(title_words)
    if not tset:
        return False
    covered = sum(1 for w in ws if w in tset) / len(ws)
    # Headline-shaped (no sentence end) and mostly the title's words, or the title with a prefix/suffix glued on.
    if covered >= 0.9 and len(tset & set(ws)) / len(tset) >= 0.9:
        return True
    return not _END_PUNCT.search(line) and covered >= 0.7 and len(ws) <= len(title_words) * 1.5


def common_lines(articles: list[list[str]], min_articles: int = 3, share: float = 0.5) -> set[str]:
    """Lines that recur in at least ``min_articles`` and ``share`` of a source's articles."""
    if len(articles) < min_articles:
        return set()
    counts: Counter[str] = Counter()
    for lines in articles:
        counts.update({normalise_line(x) for x in lines if x.strip()})
    limit = max(min_articles, share * len(articles))
    return {line for line, c in counts.items() if c >= limit}
