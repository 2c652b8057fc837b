"""Custom Rasa actions: thin translators between the tracker and the `assistant` library."""
