"""`python -m cislunar_kg`: the `cislunar-kg` command."""

from .cli import app

app(prog_name="cislunar-kg")
