"""Custom Rasa NLU components, loaded by the Rasa runtime (`.venv-rasa`) from `config.yml`."""
