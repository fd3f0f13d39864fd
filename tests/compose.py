"""compose.yaml, read the way `docker compose` reads it, for the tests that hold the deploy
recipe to what the suite runs (tests/test_deploy.py, tests/test_scale_out.py)."""

import re
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
COMPOSE_FILE = BASE_DIR / "compose.yaml"
# ${NAME}, ${NAME:-default}, ${NAME:?message}
VARIABLE = re.compile(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}")


def services() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())["services"]


def interpolate(value: str, variables: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        name, kind, default = match.groups()
        if variables.get(name):
            return variables[name]
        if kind == ":?":
            raise KeyError(f"compose.yaml needs {name}: {default}")
        return default or ""

    return VARIABLE.sub(replace, value)


def environment(service: str, variables: dict[str, str]) -> dict[str, str]:
    """A service's environment with the .env `variables` filled in."""
    return {
        name: interpolate(str(value), variables)
        for name, value in services()[service]["environment"].items()
    }


def command(service: str) -> list[str]:
    return list(services()[service]["command"])
