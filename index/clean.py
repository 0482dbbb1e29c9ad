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
# Generic web idioms of Indonesian and English news sites, never strings of one site or of the sample; a rule
# never removes a sentence-shaped line (see ``is_sentence``), so a news sentence that happens to say "komentar",
# "hak cipta" or "berlangganan" stays.
_PATTERNS: list[tuple[str, re.Pattern[str], int]] = [
    ("related link", re.compile(r"^\W*(baca juga|baca selengkapnya|lihat juga|simak juga|simak berita|berita terkait|"
                                r"artikel terkait|read more|read also|also read|related|see also)\b"), 40),
    ("comment form", re.compile(r"(tinggalkan (balasan|komentar)|leave a (reply|comment)|alamat email anda|"
                                r"your email address|kirim komentar|post comment|wajib ditandai|required fields|"
                                r"captcha)"), 25),
    ("share/font widget", re.compile(r"(ukuran (huruf|font)|font size|^(share|bagikan)\b|^(a\s+){2,}|"
                                     r"facebook\s+twitter|whatsapp\s+telegram)"), 12),
    ("credit line", re.compile(r"^(foto|redaktur|penulis|editor|reporter|pewarta|sumber|photo|image|gambar|"
                               r"video|ilustrasi)\s*:"), 10),
    ("promo/spam", re.compile(r"(google news|whatsapp channel|ikuti kami|follow us|subscribe|download aplikasi|"
                              r"unduh aplikasi|klik di ?sini|click here|all rights reserved|copyright|©)"), 30),
    ("timestamp widget", re.compile(r"\b\d+\s+(detik|menit|jam|hari|minggu|bulan|tahun|seconds?|minutes?|hours?|"
                                    r"days?|weeks?|months?|years?)\s+(yang\s+)?(lalu|ago)\b"), 8),
    ("read-more trailer", re.compile(r"^(read more|continue reading|selengkapnya|more on)\b.*\b(on|di)\b"), 20),
]
_CAPTCHA = re.compile(r"^[\d\s+\-*/x×=?]+$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")
_WEB_ADDRESS = re.compile(r"\b(https?://|www\.)|\b[\w-]+\.(com|id|net|org|co\.id|news|tv)\b", re.I)
_CHANNEL = re.compile(r"\b(google news|whatsapp|telegram|instagram|facebook|twitter|youtube|tiktok|line today|"
                      r"aplikasi|app)\b", re.I)
SENTENCE_MIN_WORDS = 8


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
    """Nearly the same line: shared word 3-grams over the larger set. Dividing by the smaller set made a
    3-word subheading a "duplicate" of any sentence that contains its words."""
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return False
    return len(sa & sb) / max(len(sa), len(sb)) >= threshold


def is_sentence(line: str, ws: list[str] | None = None) -> bool:
    """A line that reads as a sentence: about eight words or more and sentence punctuation at the end. Such a
    line is removed only as a (near-)exact repeat of another line of similar length, never by a rule."""
    ws = words(line) if ws is None else ws
    return len(ws) >= SENTENCE_MIN_WORDS and bool(_SENTENCE_END.search(line.strip()))


def is_site_trailer(line: str) -> bool:
    """The closing call to follow the site elsewhere: a web address and a distribution channel in one line
    (checked only on the article's last line)."""
    return bool(_WEB_ADDRESS.search(line) and _CHANNEL.search(line))


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
    if is_sentence(line, ws):
        return None
    if _CAPTCHA.match(line) and len(ws) <= 6:
        return "captcha"
    for reason, pattern, max_words in _PATTERNS:
        if len(ws) <= max_words and pattern.search(low):
            return reason
    if _is_menu(line, ws, vocabulary):
        return "navigation menu"
    if len(ws) <= 2 and not _END_PUNCT.search(line) and not re.search(r"\d{4}", line):
        return "label"
    if _is_stray(line, ws, vocabulary):
        return "stray words (used nowhere else in the article)"
    return None


def _is_stray(line: str, ws: list[str], vocabulary: Counter[str] | None) -> bool:
    """A short unpunctuated line none of whose words the article uses elsewhere: a widget label or an
    injected ad line between paragraphs (a subheading shares its words with the text under it)."""
    if vocabulary is None or len(ws) > 5 or _END_PUNCT.search(line) or re.search(r"\d", line):
        return False
    if sum(vocabulary.values()) - len(ws) < 20:
        return False  # too little text around it to tell
    own = Counter(ws)
    return all(vocabulary[w] <= own[w] for w in ws)


def clean_lines(lines: list[str], title: str | None = None, common: set[str] | None = None) -> CleanResult:
    """Clean one article. ``title``: a known title ("" = known to have none; None = the first content
    line is the title); ``common``: lines that repeat across many articles of the same source (boilerplate
    found corpus-wide). A sentence-shaped line is removed only as an exact or near-exact repeat of a line of
    similar length (a kept line, the title, or a line repeated across the source's articles)."""
    removed: list[tuple[str, str]] = []
    kept: list[str] = []
    kept_words: list[list[str]] = []
    candidates = [c for c in (normalise_line(x) for x in lines) if c]
    found_title = clean_title(title) if title is not None else None
    title_words: list[str] = words(found_title) if found_title else []
    title_line: str | None = None
    title_at = -1
    vocabulary: Counter[str] = Counter(w for line in candidates for w in words(line))
    for i, line in enumerate(candidates):
        ws = words(line)
        reason = line_noise_reason(line, vocabulary)
        if reason is None and common and line in common:
            reason = "repeated across articles"
        if reason is None and i == len(candidates) - 1 and kept and is_site_trailer(line):
            reason = "site trailer"
        if reason is None and found_title is None:
            found_title, title_line, title_at = clean_title(line), line, i
            title_words = words(found_title)
            if not is_sentence(line, ws):  # a headline; a sentence-shaped first line stays in the text too
                removed.append((line, "title"))
                continue
        if reason is None and title_words and i != title_at and _is_title_repeat(line, ws, title_words):
            reason = "repeated title"
        if reason is None and ((i != title_at and line == title_line) or any(_same_line(ws, k) for k in kept_words)):
            reason = "duplicate line"
        if reason:
            removed.append((line, reason))
        else:
            kept.append(line)
            kept_words.append(ws)
    if not kept and title_line is not None:  # a one-line article: its title and its body are that line
        kept.append(title_line)
        removed = [r for r in removed if r != (title_line, "title")]
    return CleanResult(title=found_title or "", text="\n".join(kept), kept=kept, removed=removed)


def _same_line(a: list[str], b: list[str]) -> bool:
    return a == b or (0.8 <= len(a) / max(len(b), 1) <= 1.25 and near_duplicate(a, b))


def _is_title_repeat(line: str, ws: list[str], title_words: list[str]) -> bool:
    tset = set(title_words)
    if not tset:
        return False
    if is_sentence(line, ws):  # a sentence goes only as a near-exact repeat of the title
        return _same_line(ws, title_words)
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
