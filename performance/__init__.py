"""The measured speed-ups, each with its escape hatch: see README.md beside this file."""
