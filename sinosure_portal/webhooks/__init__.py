"""Webhooks: an organisation's systems told of events as they happen (see models.py)."""
