"""The YAML form of the content fixtures: Markdown as block scalars, so a diff reads as prose.

Django's own YAML serializer writes multi-line text as one quoted line; this module dumps the
same fixture structure (model, fields, natural keys) with every multi-line string as a `|` block.
"""

import datetime

import yaml


class FixtureDumper(yaml.SafeDumper):
    """Block scalars for multi-line text, plain lists, keys in the order given."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        # A block scalar cannot keep trailing spaces on a line; fixtures never need them.
        value = "\n".join(line.rstrip() for line in value.splitlines())
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _datetime(dumper: yaml.SafeDumper, value: datetime.datetime) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


FixtureDumper.add_representer(str, _str)
FixtureDumper.add_representer(datetime.datetime, _datetime)


def dumps(objects: list[dict]) -> str:
    """The fixture text for `objects` (each {"model": ..., "fields": {...}})."""
    return yaml.dump(
        objects,
        Dumper=FixtureDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=None,
    )
