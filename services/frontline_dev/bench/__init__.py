"""Benchmark harness (`frontline bench`): offline, raw Kafka, pipeline, latency, scaling."""

from frontline_dev.bench.command import bench_command

__all__ = ["bench_command"]
