"""Offline evaluations of the domain stages on gold files (never shipped in the image)."""
