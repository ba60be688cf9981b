"""Turning a run's results into what a reader wants: a learner's report, JSON or JUnit XML."""

from .jsondoc import render_json
from .junit import render_junit
from .text import render_text

RENDERERS = {"text": render_text, "json": render_json, "junit": render_junit}
