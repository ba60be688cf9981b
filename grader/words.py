"""Small pieces of English that both processes use in what they print."""


def count(n: int, noun: str) -> str:
    """`count(1, "piece")` is "1 piece", `count(12000, "byte")` is "12,000 bytes"."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")
