"""Settings are data: every field has a variable, a default and help; the environment is read in one place."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from api.settings import SETTINGS, Settings

from .docs_pages import between_markers, page


def test_every_field_is_documented_with_its_default() -> None:
    assert [s.name for s in SETTINGS] == [f.name for f in fields(Settings)]
    defaults = Settings()
    for setting in SETTINGS:
        assert setting.env == "CKG_" + setting.name.upper()
        assert getattr(defaults, setting.name) == setting.default
        assert len(setting.help) > 20


def test_defaults_are_the_documented_ones() -> None:
    settings = Settings.from_env(environ={})
    assert settings.store == Path("var/store")
    assert settings.base_iri == "https://w3id.org/cislunar-kg/id/"
    assert settings.query_timeout == 10
    assert settings.max_rows == 10_000
    assert settings.max_body == 1024 * 1024
    assert settings.max_concurrent == 4
    assert settings.update_token is None and not settings.updates_enabled
    assert settings.query_workers == 2
    assert settings.allow_unknown_graphs is False


def test_variables_are_read_and_typed() -> None:
    settings = Settings.from_env(environ={
        "CKG_STORE": "/srv/kg", "CKG_QUERY_TIMEOUT": "2.5", "CKG_MAX_ROWS": "50", "CKG_UPDATE_TOKEN": "s3cret",
        "CKG_ALLOW_UNKNOWN_GRAPHS": "yes", "CKG_QUERY_WORKERS": "3", "UNRELATED": "x",
    })
    assert settings.store == Path("/srv/kg")
    assert settings.query_timeout == 2.5
    assert settings.max_rows == 50
    assert settings.updates_enabled and settings.update_token == "s3cret"
    assert settings.allow_unknown_graphs is True
    assert settings.query_workers == 3


def test_overrides_win_over_variables_and_none_means_not_given() -> None:
    env = {"CKG_MAX_ROWS": "50", "CKG_UPDATE_TOKEN": "from-env"}
    settings = Settings.from_env(environ=env, max_rows=7, update_token=None, store="elsewhere")
    assert settings.max_rows == 7
    assert settings.update_token == "from-env"
    assert settings.store == Path("elsewhere")


def test_reads_the_process_environment_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CKG_MAX_CONCURRENT", "9")
    assert Settings.from_env().max_concurrent == 9


@pytest.mark.parametrize(("env", "message"), [
    ({"CKG_MAX_ROWS": "many"}, "CKG_MAX_ROWS='many' is not valid"),
    ({"CKG_QUERY_TIMEOUT": "0"}, "CKG_QUERY_TIMEOUT must be greater than 0"),
    ({"CKG_MAX_BODY": "-1"}, "CKG_MAX_BODY must be greater than 0"),
    ({"CKG_ALLOW_UNKNOWN_GRAPHS": "maybe"}, "CKG_ALLOW_UNKNOWN_GRAPHS='maybe' is not valid"),
    ({"CKG_BASE_IRI": "id/"}, "CKG_BASE_IRI must be an absolute IRI"),
])
def test_bad_values_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Settings.from_env(environ=env)


def test_a_blank_variable_is_unset() -> None:
    assert Settings.from_env(environ={"CKG_UPDATE_TOKEN": " ", "CKG_MAX_ROWS": ""}) == Settings()


def test_unknown_override_is_an_error() -> None:
    with pytest.raises(TypeError, match="max_row"):
        Settings.from_env(environ={}, max_row=1)


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        Settings().max_rows = 1  # type: ignore[misc]


def test_every_setting_is_in_the_settings_page() -> None:
    table = between_markers(page("settings.md"), "settings")
    missing = [s.env for s in SETTINGS if s.env not in table]
    assert not missing, f"settings missing from the table in docs/settings.md: {missing}"


def test_markdown_table_lists_every_setting() -> None:
    from api.settings import markdown_table

    table = markdown_table()
    assert all(f"`{s.env}`" in table for s in SETTINGS)
