"""Waits a whole 1/rate for the next token, ignoring the time that has passed since the last."""

from reference import *  # noqa: F403 - the correct solution, except for what follows

CAUGHT_BY = "0.3 s after the only token was taken"


class RateLimiter(RateLimiter):  # noqa: F405
    def acquire(self):
        now = self.clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens < 1:
            self.sleep(1 / self.rate)
            self._tokens, self._last = 1.0, self.clock()
        self._tokens -= 1
