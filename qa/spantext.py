"""A reader span's edges in the passage's text: whole words, never half of one, and no stray punctuation,
unmatched brackets or quotes at either end. Subword tokens end inside words; the answer never does."""

from __future__ import annotations


def first_char(text: str, a: int, b: int) -> int:
    """Where the text of the range a:b starts, past the spaces a token's offsets may take in before it."""
    while a < b and text[a].isspace():
        a += 1
    return a


def whole_words(text: str, a: int, b: int) -> tuple[int, int]:
    """The span widened over the letters and digits it cuts ("15/6/" of "(15/6/2022)" -> "15/6/2022"; never over
    punctuation or a bracket, so "1868" of "1868.[11]" stays): subword tokens end inside a word, and half a word
    is never the answer. A token's offsets may take in the space before it, which is not a cut."""
    a = first_char(text, a, b)
    while b > a and text[b - 1].isspace():
        b -= 1
    while a > 0 and text[a - 1].isalnum():
        a -= 1
    while b < len(text) and text[b].isalnum():
        b += 1
    return a, b


def trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Spaces, edge punctuation and unmatched brackets or quotes off the span ("(15/6" -> "15/6")."""
    while a < b and (text[a].isspace() or text[a] in ",.;:!?" or text[a] in "([{\"“'" and
                     closing(text[a]) not in text[a + 1 : b]):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",.;:!?" or text[b - 1] in ")]}\"”'" and
                     opening(text[b - 1]) not in text[a : b - 1]):
        b -= 1
    return a, b


def whole_quotes(text: str, a: int, b: int) -> tuple[int, int]:
    """The span widened over the quotation mark that pairs a lone one inside it, where that mark stands right at
    its edge: 'kemerdekaan Taiwan" dalam corak apa pun' of '... menentang "kemerdekaan Taiwan" dalam corak apa
    pun' takes in its opening mark; a quotation is never cut in half."""
    for opener, closer in (('"', '"'), ("“", "”")):
        inside = text[a:b]
        if opener == closer:
            lone_close = lone_open = inside.count(opener) % 2 == 1
        else:
            lone_close, lone_open = inside.count(closer) > inside.count(opener), inside.count(opener) > inside.count(closer)
        if lone_close and a > 0 and text[a - 1] == opener:
            a -= 1
        elif lone_open and b < len(text) and text[b] == closer:
            b += 1
    return a, b


def closing(ch: str) -> str:
    return {"(": ")", "[": "]", "{": "}", "“": "”"}.get(ch, ch)


def opening(ch: str) -> str:
    return {")": "(", "]": "[", "}": "{", "”": "“"}.get(ch, ch)
