"""Fictional data for the demo and the benchmarks: member organisations and reports."""
