"""The plugin's MkDocs config scheme, made from `core.settings.Settings`, where every option is
declared once with its default and description. MkDocs only passes the values on: the core
validates them strictly (a bool is not a number, unknown keys under `points` fail), and an option
left out takes the core's default."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config.config_options import BaseConfigOption

from .core.settings import Settings

UNSET: Any = object()


class _Passed(BaseConfigOption):
    """Any value, as written; `core.settings` judges it."""

    def __init__(self, description: str | None) -> None:
        super().__init__()
        self.default = UNSET
        self.__doc__ = description

    def run_validation(self, value: object) -> object:
        return value


if TYPE_CHECKING:
    class AdvocacyConfig(base.Config):
        ...
else:
    AdvocacyConfig = type("AdvocacyConfig", (base.Config,), {
        name: _Passed(field.description) for name, field in Settings.model_fields.items()})


def given_options(config: Any) -> dict[str, Any]:
    """The options written in mkdocs.yml (left-out ones take the core's defaults)."""
    return {k: v for k, v in dict(config).items() if v is not UNSET}
