"""Do two stores retrieve alike? The top-10 chunks of Kabar's retrieval over the same corpus, indexed locally
(FAISS + BM25) and in Milvus, compared question by question."""

from __future__ import annotations

from qa import Assistant

TOP = 10


def store_overlap(remote: Assistant, local: Assistant, questions: list) -> dict:
    """Mean share of the local store's top-10 chunks that the other store also returns in its top 10, and the
    share of questions whose top chunk is the same."""
    shares, same_top = [], 0
    for q in questions:
        a = [d.metadata["chunk_id"] for d in remote.retriever.retrieve(q.text)][:TOP]
        b = [d.metadata["chunk_id"] for d in local.retriever.retrieve(q.text)][:TOP]
        if not b:
            continue
        shares.append(len(set(a) & set(b)) / len(b))
        same_top += bool(a) and a[0] == b[0]
    n = len(shares)
    return {"top10_overlap": round(sum(shares) / n, 4) if n else None,
            "same_top1": round(same_top / n, 4) if n else None, "questions": n}
