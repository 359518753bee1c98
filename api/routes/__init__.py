"""Thin route handlers: parse → run off the event loop → negotiate → serialise."""
