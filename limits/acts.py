"""Limits' committing acts (accounts.acts): a large limit decision needs a second underwriter."""

from limits import second_approval  # noqa: F401 - registers the act
