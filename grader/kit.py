"""Where the kit's folders are: exercises, solutions, checks, and the progress file.

The grader finds the kit folder (the one holding `exercises/` and `tests/checks/`) from, in
order: the NETLINGS_HOME environment variable, the folder this package sits in (an editable
or source install), then the current folder and its parents.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "NETLINGS_HOME"
PROGRESS_FILE = ".netlings-progress.json"


@dataclass(frozen=True)
class Kit:
    root: Path

    @property
    def exercises(self) -> Path:
        return self.root / "exercises"

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def checks(self) -> Path:
        return self.root / "tests" / "checks"

    @property
    def pyproject(self) -> Path:
        return self.root / "pyproject.toml"

    @property
    def progress_file(self) -> Path:
        return self.root / PROGRESS_FILE


def looks_like_kit(folder: Path) -> bool:
    return (folder / "tests" / "checks").is_dir() and (folder / "pyproject.toml").is_file()


def find_kit(cwd: Path | None = None) -> Kit | None:
    if os.environ.get(HOME_ENV):
        home = Path(os.environ[HOME_ENV]).resolve()
        return Kit(home) if looks_like_kit(home) else None
    candidates = [Path(__file__).resolve().parent.parent]
    here = (cwd or Path.cwd()).resolve()
    candidates += [here, *here.parents]
    return next((Kit(folder) for folder in candidates if looks_like_kit(folder)), None)
