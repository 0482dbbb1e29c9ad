"""Chat spellings of Indonesian words and what news writes for them (``qa.informal`` writes them out; ``qa.lang``
counts them as Indonesian)."""

# chat spellings of question words, function words and the verbs of news questions (not fitted: common usage).
# Not the abbreviations news writes too ("tgl 6/9", "Rp 5 jt"): a question's "tgl" should meet the article's;
# nor words that are standard in another sense ("liat" of "tanah liat" is clay, not "lihat").
CHAT_WORDS = {
    "kpn": "kapan", "dmn": "di mana", "dimn": "di mana", "sp": "siapa", "spa": "siapa", "sapa": "siapa",
    "brp": "berapa", "brapa": "berapa", "knp": "kenapa", "napa": "kenapa", "gmn": "bagaimana", "gmana": "bagaimana",
    "gimana": "bagaimana", "bgmn": "bagaimana", "yg": "yang", "dgn": "dengan", "dg": "dengan", "utk": "untuk",
    "tdk": "tidak", "gak": "tidak", "ga": "tidak", "gk": "tidak", "nggak": "tidak", "ngga": "tidak",
    "enggak": "tidak", "sdh": "sudah", "udah": "sudah", "udh": "sudah", "blm": "belum", "belom": "belum",
    "krn": "karena", "krna": "karena", "aja": "saja", "kyk": "seperti",
    "telpon": "telepon", "telfon": "telepon", "tlp": "telepon", "tilpon": "telepon", "nelpon": "menelepon",
    "nelfon": "menelepon", "menelpon": "menelepon", "menelfon": "menelepon", "ditelpon": "ditelepon",
    "ketemu": "bertemu", "ketemuan": "bertemu", "ngomong": "berbicara", "ngomongin": "membicarakan",
    "deket": "dekat",
}
