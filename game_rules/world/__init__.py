"""The game layer's consequences: clause effects, consent and Chapter VII, pledges and trust,
scripted events and drift."""
