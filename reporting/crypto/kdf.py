"""Argon2id, the only password/code-based key derivation in the project."""

from dataclasses import asdict, dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id


@dataclass(frozen=True)
class Argon2Params:
    iterations: int
    memory_cost_kib: int
    lanes: int = 1

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def argon2id(secret: bytes, *, salt: bytes, params: Argon2Params, length: int = 32) -> bytes:
    return Argon2id(
        salt=salt,
        length=length,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_cost_kib,
    ).derive(secret)
