#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewprep.settings")
    # Writing or checking migrations reads only the models: it needs no production secrets, so
    # it runs with local defaults unless told otherwise. Every other command fails fast.
    if sys.argv[1:2] == ["makemigrations"]:
        os.environ.setdefault("DJANGO_LOCAL", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
