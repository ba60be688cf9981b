"""`CheckTimeout`, apart from the timer that raises it: loading a module needs the class, not pytest."""


class CheckTimeout(BaseException):
    """A check ran out of time. A BaseException, so `except Exception:` in learner code lets it by."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the check's time limit of {seconds:g} s ran out")
        self.seconds = seconds
