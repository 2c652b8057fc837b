"""Whether a newly trained model may replace the live one."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.training.report import NluScore


@dataclass(frozen=True)
class Decision:
    """Promote or not, and why in words a merchandiser understands."""

    promote: bool
    reason: str


def decide(new: NluScore, current: NluScore | None, force: bool = False, tolerance: float = 0.0) -> Decision:
    """Promote when the new model is no worse on accuracy and on macro F1, or when forced."""
    if current is None:
        return Decision(True, "no current model to compare with")
    worse = [
        f"{name} {old:.3f} → {new_value:.3f}"
        for name, old, new_value in (
            ("accuracy", current.accuracy, new.accuracy),
            ("macro F1", current.macro_f1, new.macro_f1),
        )
        if new_value < old - tolerance
    ]
    if not worse:
        return Decision(True, "scores no worse than the current model")
    if force:
        return Decision(True, "forced (--force) although worse: " + ", ".join(worse))
    return Decision(False, "worse than the current model: " + ", ".join(worse))
