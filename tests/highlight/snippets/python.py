# What's new in Python 3.14: template strings, deferred annotations
from __future__ import annotations
import asyncio
from typing import Protocol, TYPE_CHECKING, override

type Point = tuple[float, float]
type Pair[T] = tuple[T, T]

class Reader(Protocol):
    def read(self, n: int = -1) -> bytes: ...
    def close(self) -> None: ...

if TYPE_CHECKING: ...
else:
    Reader = object

def first[T](items: list[T], default: T | None = None) -> T | None:
    """Return the first item, or *default*."""
    return items[0] if items else default

@dataclass(frozen=True, slots=True)
class Version:
    major: int
    minor: int = 0

    @override
    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"

def describe(cmd: str, width: int = 8) -> str:
    match cmd.split():
        case ["go", direction]:
            return f"going {direction!r:>{width}}"
        case ["stop" | "halt"]:
            return f"{", ".join(cmd.split())} {{stopped}}"
        case _:
            return rf"unknown: {cmd}\n"

async def main() -> None:
    ratio = 5. / 3 + 1.5e-3 + 0x_ff + 1_000_000j
    if (n := len(sys.argv)) > 1 and not False:
        print(f"{n=}", 'done', b"\x00", sep="\t")
    try:
        await asyncio.sleep(.5)
    except* (ValueError, TypeError) as eg:
        raise RuntimeError("failed") from eg
    greeting = t"Hello {name}!"
    lambda x: x ** 2
