"""The planning tests' fake indicator engine, for the review tests."""

from tests.planning.conftest import engine  # noqa: F401  (fixture re-exported)
