"""The meeting: attendance, the floor, points and motions, drafts and amendments, votes, the double
veto, the chair's controls, and what each seat may add (quotas)."""
