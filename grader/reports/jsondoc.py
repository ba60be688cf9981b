"""The JSON report: one document for CI (schema in the README, "version": 1)."""

from __future__ import annotations

import json

from ..results import RunResult

SCHEMA_VERSION = 1


def to_document(run: RunResult) -> dict:
    return {
        "version": SCHEMA_VERSION,
        "status": run.status,
        "score": run.score,
        "max_score": run.max_score,
        "exercises": [
            {
                "id": result.exercise.id,
                "module": result.exercise.module,
                "title": result.exercise.title,
                "status": result.status,
                "score": result.score,
                "max_score": result.max_score,
                "message": result.error,
                "tests": [
                    {
                        "name": check.name,
                        "status": check.status,
                        "message": check.message,
                        "output": check.output,
                        "score": check.score,
                        "max_score": check.max_score,
                        "duration": check.duration,
                    }
                    for check in result.checks
                ],
            }
            for result in run.exercises
        ],
    }


def render_json(run: RunResult, **_) -> str:
    return json.dumps(to_document(run), indent=2, ensure_ascii=False) + "\n"
