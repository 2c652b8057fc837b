"""The merchandiser's retraining workflow: catalog lookup tables, Rasa training, evaluation, promotion."""
