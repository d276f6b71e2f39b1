"""The data every part of the engine shares: the session's setup and state (the world's state
inside it), commands, events, the fold, the rules of procedure as data, and the scenario's
scripting types the world holds."""
