"""The YAML form of the content fixtures: Markdown as block scalars, so a diff reads as prose.

Django's own YAML serializer writes multi-line text as one quoted line; this module dumps the
same fixture structure (model, fields, natural keys) with every multi-line string as a `|` block.
"""

import datetime

import yaml


class FixtureDumper(yaml.SafeDumper):
    """Block scalars for multi-line text, plain lists, keys in the order given."""


def represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # A block scalar cannot keep trailing spaces on a line, nor trailing newlines as written:
    # text is written without them, so exporting what was loaded gives the same file back.
    text = (
        "\n".join(line.rstrip() for line in value.rstrip().splitlines()) if "\n" in value else value
    )
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def represent_datetime(dumper: yaml.SafeDumper, value: datetime.datetime) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


FixtureDumper.add_representer(str, represent_text)
FixtureDumper.add_representer(datetime.datetime, represent_datetime)


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
