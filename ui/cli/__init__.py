"""`kabar`: the one entry point, one module per command group. Thin: it parses arguments and calls index/,
qa/, eval/ and ui/ (this layer sits on top of all of them)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Kabar: cited answers from news articles.")
model_app = typer.Typer(no_args_is_help=True, help="Prepare and inspect embedding models.")
bench_app = typer.Typer(no_args_is_help=True, help="Speed and memory benchmarks.")
app.add_typer(model_app, name="model")
app.add_typer(bench_app, name="bench")

DEFAULT_INDEX = Path(".kabar/index")
IndexOpt = Annotated[Path, typer.Option("--index", "-i", help="Index directory.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
LlmOpt = Annotated[str | None, typer.Option("--llm", help="Optional LLM: 'local' (the prepared Qwen2.5 GGUF), "
                                            "a .gguf file, or an OpenAI-compatible URL such as http://127.0.0.1:8080/v1.")]
LlmModelOpt = Annotated[str | None, typer.Option("--llm-model", help="Model name at the OpenAI-compatible URL.")]
LlmTimeoutOpt = Annotated[float | None, typer.Option(
    "--llm-timeout", help="Seconds before falling back to the extractive answer (default 120).")]
ConfigOpt = Annotated[Path | None, typer.Option(
    "--config", help="Settings file (default: $KABAR_CONFIG, else ./kabar.toml when present); see README.")]


def _fail(message: str, code: int = 2) -> None:
    typer.secho(f"error: {message}", err=True, fg="red")
    raise typer.Exit(code)


def _settings(config: Path | None = None, llm: str | None = None, llm_model: str | None = None,
              llm_timeout: float | None = None):
    """The settings tree: defaults, then the settings file, then ``KABAR_*`` variables, then these options."""
    from dataclasses import replace

    from qa.config import load_settings
    from qa.llm import parse_llm_spec

    try:
        settings = load_settings(config)
        if llm is not None:
            chosen = parse_llm_spec(llm, llm_model)
            settings.llm = replace(settings.llm, provider=chosen.provider, model_path=chosen.model_path,
                                   base_url=chosen.base_url, model=chosen.model)
        elif llm_model is not None:
            settings.llm.model = llm_model
        if llm_timeout is not None:
            settings.llm.timeout_s = llm_timeout
        return settings
    except ValueError as exc:
        _fail(str(exc))


# The command groups register themselves on `app` when imported.
from ui.cli import answers, corpus, evaluation, models  # noqa: E402,F401
