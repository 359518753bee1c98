"""Settings are data: every field has a variable, a default and help; the environment is read in one place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.settings import SETTINGS, Settings

from .docs_pages import ROOT, between_markers, page


def test_every_field_is_documented_with_its_default() -> None:
    assert [s.name for s in SETTINGS] == list(Settings.model_fields)
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


def test_the_docs_hold_the_generated_settings_table() -> None:
    """The table between the settings markers (README.md or docs/settings.md) is `markdown_table()`, verbatim."""
    from api.settings import markdown_table

    start, end = "<!-- settings:start -->", "<!-- settings:end -->"
    holders = [p for p in (ROOT / "README.md", ROOT / "docs" / "settings.md")
               if p.exists() and start in p.read_text(encoding="utf-8")]
    assert len(holders) == 1, f"one of README.md, docs/settings.md holds the settings markers, not {holders}"
    text = holders[0].read_text(encoding="utf-8")
    table = text.split(start, 1)[1].split(end, 1)[0].strip()
    assert table == markdown_table(), f"regenerate the table in {holders[0].name} with `python -m api.settings`"


def test_python_m_api_settings_prints_the_table() -> None:
    import subprocess
    import sys

    from api.settings import markdown_table

    run = subprocess.run([sys.executable, "-m", "api.settings"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, check=True)
    assert run.stdout == markdown_table() + "\n"


def test_every_variable_the_code_reads_is_declared() -> None:
    """A `CKG_*` name the product code mentions is a setting (bench and test-harness switches aside)."""
    declared = {s.env for s in SETTINGS}
    mentioned: set[str] = set()
    for folder in ("api", "graph", "cislunar_kg"):
        for path in (ROOT / folder).rglob("*.py"):
            mentioned |= set(re.findall(r"\bCKG_[A-Z_]*[A-Z]\b", path.read_text(encoding="utf-8")))
    assert mentioned - declared == set()


def test_store_credentials_are_settings_and_their_secrets_stay_hidden() -> None:
    settings = Settings.from_env(
        environ={"CKG_STORE_USER": "u", "CKG_STORE_PASSWORD": "pw", "CKG_STORE_AUTH": "Digest"})
    assert settings.store_credentials.user == "u" and settings.store_credentials.password == "pw"
    assert settings.store_credentials.scheme == "digest"
    assert "pw" not in repr(settings)
    assert Settings.from_env(environ={"CKG_LOG_LEVEL": "WARNING"}).log_level == "warning"
    with pytest.raises(ValueError, match="CKG_LOG_LEVEL='loud' is not valid"):
        Settings.from_env(environ={"CKG_LOG_LEVEL": "loud"})
    with pytest.raises(ValueError, match="CKG_QUEUE_LENGTH must not be negative"):
        Settings.from_env(environ={"CKG_QUEUE_LENGTH": "-1"})


def test_a_bad_value_is_one_line() -> None:
    with pytest.raises(ValueError) as error:
        Settings.from_env(environ={"CKG_MAX_ROWS": "many", "CKG_QUERY_TIMEOUT": "0"})
    assert "\n" not in str(error.value)


def test_replace_makes_a_checked_copy() -> None:
    settings = Settings.from_env(environ={"CKG_STORE_TOKEN": "t", "CKG_MAX_ROWS": "5"})
    copy = settings.replace(query_workers=1)
    assert (copy.query_workers, copy.max_rows, copy.store_credentials.token) == (1, 5, "t")
    assert settings.query_workers == 2
    with pytest.raises(ValueError, match="CKG_QUERY_WORKERS must be greater than 0"):
        settings.replace(query_workers=0)
