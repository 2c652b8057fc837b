"""Scores of an NLU model read from the intent_report.json that `rasa test nlu` writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class NluScore:
    """Intent accuracy and macro-averaged F1 on the held-out NLU test set."""

    accuracy: float
    macro_f1: float

    def to_dict(self) -> dict[str, float]:
        """A JSON-ready dict."""
        return {"accuracy": self.accuracy, "macro_f1": self.macro_f1}

    @classmethod
    def from_dict(cls, data: dict) -> "NluScore":
        """Inverse of :meth:`to_dict`."""
        return cls(accuracy=float(data["accuracy"]), macro_f1=float(data["macro_f1"]))


def parse_intent_report(report: dict) -> NluScore:
    """The accuracy and macro avg F1 of a parsed intent report; ValueError when they are missing."""
    try:
        accuracy = float(report["accuracy"])
        macro_f1 = float(report["macro avg"]["f1-score"])
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"intent report has no accuracy and macro avg f1-score ({error!r})") from None
    for name, value in (("accuracy", accuracy), ("macro avg f1-score", macro_f1)):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"intent report {name} {value} is outside 0..1")
    return NluScore(accuracy=accuracy, macro_f1=macro_f1)


def read_intent_report(path: Path) -> NluScore:
    """Scores from an intent_report.json file."""
    try:
        report = json.loads(path.read_text())
    except FileNotFoundError:
        raise RuntimeError(f"rasa test wrote no intent report at {path}") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"{path} is not JSON: {error}") from None
    return parse_intent_report(report)
