"""The handling procedure (accept, return, investigate, propose, approve, implement, resolve)
as a guarded state machine with its audit trail, and who may take each step."""
