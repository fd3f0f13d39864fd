"""The site's settings plus the benchmark tooling (`make loadtest`, `make bench-search`).

Not shipped: the Docker image leaves tools/ out, and production never routes /_bench/.
"""

from interviewprep.settings import *  # noqa: F403
from interviewprep.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tools.bench"]
ROOT_URLCONF = "tools.bench.urls"
