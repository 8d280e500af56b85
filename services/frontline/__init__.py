"""Frontline: live, geolocated territorial-change events from conflict news."""

__version__ = "0.1.0"
