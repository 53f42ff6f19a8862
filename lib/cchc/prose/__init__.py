"""Vietnamese prose built from Figures: one module per report part plus the shared phrase
vocabulary (`phrases`). Every sentence is a `phrases.Sentence` that keeps the figures it prints."""
