"""`CheckTimeout`, apart from the timer that raises it: loading a module needs the class, not pytest."""

EXERCISE_BUDGET = 30.0  # seconds all checks of one exercise share, by default (README)


class CheckTimeout(BaseException):
    """A check ran out of time. A BaseException, so `except Exception:` in learner code lets it by."""

    def __init__(self, seconds: float, budget: float | None = None) -> None:
        super().__init__(f"the exercise's time budget of {budget:g} s ran out" if budget is not None
                         else f"the check's time limit of {seconds:g} s ran out")
        self.seconds = seconds
        self.budget = budget  # the exercise's budget, when that is what ran out
