"""``Settings`` from a ``kabar.toml`` file and ``KABAR_*`` environment variables (README, "Settings").

The file's tables mirror the settings tree (``[retrieval] k = 8``, ``[index.chunker] target_words = 80``,
``[answer.abstain_weights] bias = -1.2``); an environment variable names the same path joined by double
underscores (``KABAR_RETRIEVAL__K=8``, ``KABAR_INDEX__CHUNKER__TARGET_WORDS=80``) and wins over the file.
Command-line options win over both. A key that names no setting is an error, so a typo never passes silently.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path

from qa.settings import Settings

CONFIG_FILE = "kabar.toml"
ENV_PREFIX = "KABAR_"
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


class SettingsError(ValueError):
    """A settings file or variable that names no setting or holds a value of the wrong kind."""


def find_config(path: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Path | None:
    """The file to read: ``path``, else ``$KABAR_CONFIG``, else ``./kabar.toml`` when there is one."""
    environ = os.environ if environ is None else environ
    named = path or environ.get("KABAR_CONFIG")
    if named:
        if not Path(named).is_file():
            raise SettingsError(f"settings file {named} not found")
        return Path(named)
    return Path(CONFIG_FILE) if Path(CONFIG_FILE).is_file() else None


def load_settings(path: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    settings = Settings()
    found = find_config(path, environ)
    if found is not None:
        try:
            table = tomllib.loads(found.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{found}: {exc}") from None
        apply_settings(settings, table, where=str(found))
    apply_settings(settings, environment_table(environ, settings), where="the environment")
    return settings


def environment_table(environ: Mapping[str, str], settings: object) -> dict:
    """The ``KABAR_*`` variables whose first part names a setting, as a nested table of strings (other
    ``KABAR_`` variables, such as ``KABAR_LLM_API_KEY``, are not settings and are left alone)."""
    fields = {f.name for f in dataclasses.fields(settings)}
    table: dict = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        parts = name[len(ENV_PREFIX):].lower().split("__")
        if parts[0] not in fields:
            continue
        node = table
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return table


def apply_settings(obj: object, table: Mapping, where: str, prefix: str = "") -> None:
    """Set ``obj``'s fields (a settings dataclass, nested) from ``table``, converting strings by field type."""
    hints = typing.get_type_hints(type(obj))
    for key, value in table.items():
        path = f"{prefix}{key}"
        if key not in hints:
            known = ", ".join(sorted(f.name for f in dataclasses.fields(obj)))
            raise SettingsError(f"{where}: {path!r} is not a setting (here: {known})")
        current = getattr(obj, key)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, Mapping):
                raise SettingsError(f"{where}: {path!r} is a table of settings, not a value")
            apply_settings(current, value, where, prefix=f"{path}.")
        elif isinstance(current, dict):
            if not isinstance(value, Mapping):
                raise SettingsError(f"{where}: {path!r} is a table, not a value")
            current.update({k: _convert(v, float, f"{path}.{k}", where) for k, v in value.items()})
        else:
            setattr(obj, key, _convert(value, hints[key], path, where))


def changed_settings(settings: Settings) -> dict[str, object]:
    """The settings that differ from the defaults, by dotted path (recorded in eval results)."""
    def flat(d: dict, prefix: str = "") -> dict[str, object]:
        out: dict[str, object] = {}
        for k, v in d.items():
            out.update(flat(v, f"{prefix}{k}.") if isinstance(v, dict) else {f"{prefix}{k}": v})
        return out

    now, default = flat(dataclasses.asdict(settings)), flat(dataclasses.asdict(Settings()))
    return {k: ("***" if k.endswith("api_key") else v) for k, v in now.items() if default.get(k) != v}


def _convert(value: object, kind: object, path: str, where: str) -> object:
    options = [a for a in typing.get_args(kind) if a is not type(None)] if typing.get_origin(kind) else [kind]
    optional = type(None) in typing.get_args(kind)
    if isinstance(value, str) and optional and value.strip().lower() in ("", "none", "null"):
        return None
    target = options[0]
    try:
        if target is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text not in _TRUE | _FALSE:
                raise ValueError(value)
            return text in _TRUE
        if target in (int, float):
            if isinstance(value, bool):
                raise ValueError(value)
            number = target(value)
            if target is int and isinstance(value, float) and number != value:
                raise ValueError(value)
            return number
        if target is str:
            if not isinstance(value, str):
                raise ValueError(value)
            return value
    except (TypeError, ValueError):
        raise SettingsError(f"{where}: {path!r} wants a {getattr(target, '__name__', target)}, "
                            f"not {value!r}") from None
    return value
