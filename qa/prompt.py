"""The prompt a chat model answers from: instructions in the question's language, one worked exchange (which
teaches a 1.5B model the format far better than instructions alone), and the numbered passages."""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from qa.lang import is_when_question

NO_ANSWER = "NO_ANSWER"
_SYSTEM = (
    "You are a news assistant. Answer the question using only the numbered passages, never outside knowledge. "
    "Write one to three short sentences in {language}. End each sentence with the number of the passage "
    "that supports it in square brackets. {when}"
    "If the passages do not contain the answer, write only " + NO_ANSWER + "."
)
_WHEN = "For a question about when, give the weekday and date as the passages state them. "
_LANGUAGE = {"en": "English", "id": "Indonesian (Bahasa Indonesia)"}
# One worked exchange teaches a 1.5B model the format far better than instructions alone.
_SHOT_PASSAGES = ("Passages:\n\n[1] Harga beras naik\nHarga beras di Jakarta naik 10 persen pada Senin (3/2), kata "
                  "Badan Pangan.\n\n[2] Panen padi\nKementerian Pertanian memperkirakan panen raya dimulai bulan Maret.")
_SHOT = {
    "en": ("When did rice prices rise in Jakarta?",
           "Rice prices in Jakarta rose 10 percent on Monday (3/2), according to the food agency [1]."),
    "id": ("Kapan harga beras di Jakarta naik?", "Harga beras di Jakarta naik 10 persen pada Senin (3/2) [1]."),
}


def build_messages(question: str, lang: str, passages: list[dict], short_answer: str | None = None) -> list:
    """System instructions, one worked exchange, then the numbered passages and the question; ``short_answer``:
    the extractive answer's lead (the reader's span, or the date a "when" answer found), offered as a hint the
    model checks against the passages."""
    lang = lang if lang in _LANGUAGE else "id"
    system = _SYSTEM.format(language=_LANGUAGE[lang], when=_WHEN if is_when_question(question) else "")
    body = "\n\n".join(f"[{i}] {p['header']}\n{p['evidence']}" for i, p in enumerate(passages, 1))
    shot_q, shot_a = _SHOT[lang]
    hint = f"\n(A reading model found this answer in the passages: {short_answer})" if short_answer else ""
    return [SystemMessage(system), HumanMessage(f"{_SHOT_PASSAGES}\n\nQuestion: {shot_q}"), AIMessage(shot_a),
            HumanMessage(f"Passages:\n\n{body}\n\nQuestion: {question}{hint}")]
