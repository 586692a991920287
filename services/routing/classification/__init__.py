"""Reading a complaint: the desk's judgement (department, risk, priority, cause, motive) and
the feelings it shows, each label with the cues that decided it."""
