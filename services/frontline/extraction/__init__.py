"""Territorial-change event extraction."""
