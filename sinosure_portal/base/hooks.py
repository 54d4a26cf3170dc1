"""Hooks: how a lower layer lets a higher one react, without importing it.

Data flows creditinfo <- policies <- limits <- declarations <- claims (financing beside). When a
lower app must set something off in a higher one (a renewed policy carries its buyers' limits over,
a cancelled policy cancels them), the lower app names a hook and calls it; the higher app registers
its function in ``AppConfig.ready``. Hooks run in the caller's transaction, in registration order,
and a hook with no function registered does nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

_HOOKS: dict[str, list[Callable[..., Any]]] = defaultdict(list)


def hook_register(name: str, func: Callable[..., Any]) -> None:
    """Register ``func`` for ``name`` (once: registering the same function again is ignored)."""
    key = (func.__module__, func.__qualname__)
    if all((f.__module__, f.__qualname__) != key for f in _HOOKS[name]):
        _HOOKS[name].append(func)


def hook_call(name: str, **kwargs: Any) -> list[Any]:
    """Call every function registered for ``name`` with ``kwargs``; their results, in order."""
    return [func(**kwargs) for func in _HOOKS[name]]


def hook_registered(name: str) -> bool:
    """Whether any function is registered for ``name`` (a page offers what a hook provides only then)."""
    return bool(_HOOKS.get(name))
