"""eval.chunking's training sets: articles of several paragraphs whose gold is the article that holds the
question's paragraph, built from training files only."""

from __future__ import annotations

import json

from eval.chunking import PER_ARTICLE, training_articles


def _row(i: int, context: str, answerable: bool = True) -> dict:
    answer = context.split()[1]
    return {"id": f"q{i}", "source": "x", "question": f"Pertanyaan nomor {i}?", "context": context,
            "answers": [{"text": answer, "start": context.index(answer)}] if answerable else [], "answerable": answerable}


def test_paragraphs_are_joined_in_file_order_and_each_question_points_at_its_article(tmp_path):
    squad = [f"Paragraf{k} kata{k}z tentang topik nomor {k} yang panjang." for k in range(12)]
    tydi = [f"Wiki{k} isi{k}z paragraf lain nomor {k}." for k in range(8)]
    rows = {"trans_squad_id_dev.jsonl": [_row(i, squad[i % 12], answerable=i % 5 != 0) for i in range(40)],
            "idk_mrc_train.jsonl": [_row(100 + i, tydi[i % 8], answerable=i % 3 != 0) for i in range(30)]}
    for name, data in rows.items():
        (tmp_path / name).write_text("".join(json.dumps(r) + "\n" for r in data), encoding="utf-8")
    sets = training_articles(tmp_path, tmp_path / "out", questions=6, contexts=5)
    assert [b.name for b in sets] == ["squad-articles", "tydi-paragraphs"]
    for bench in sets:
        corpus = {d["_id"]: d["text"] for d in map(json.loads, bench.corpus_path.read_text().splitlines())}
        assert len(bench.questions) == 6 and all(q.answerable and q.answers for q in bench.questions)
        for q in bench.questions:
            (gold,) = q.relevant
            assert q.answers[0] in corpus[gold]  # the gold article holds the answer
    articles = {d["_id"]: d["text"] for d in map(json.loads, sets[0].corpus_path.read_text().splitlines())}
    assert len(articles) == 3 and articles["sq-0000"] == "\n\n".join(squad[:PER_ARTICLE])
    assert len(sets[1].corpus_path.read_text().splitlines()) == 5  # ``contexts`` paragraphs, each alone
