"""The domain's words: taxonomy codes, case workflow, consents, limits, the shape of a
submission and the errors services raise."""
