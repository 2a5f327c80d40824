"""Annual statistics: disclosure control, report building, charts and exports.

`suppression` is pure Python (no Django) so the algorithm can be read, tested
and reused on its own; see docs/decisions.md, "Statistics disclosure control".
"""
