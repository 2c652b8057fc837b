"""Shopping logic behind the conversation: product requests, references and answers from catalog fields."""
