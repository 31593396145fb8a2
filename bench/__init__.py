"""Benchmarks: seeded databases, served by gunicorn, measured from 127.0.0.1."""
