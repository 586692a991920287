"""What the handling workflow refuses, with stable codes."""

from shared.errors import Conflict, InvalidRequest


class IllegalTransition(Conflict):
    code = "illegal_transition"


class ArbitrationFinal(Conflict):
    code = "arbitration_final"


class ExtensionPending(Conflict):
    code = "extension_pending"


class NoPendingExtension(Conflict):
    code = "no_pending_extension"


class InvalidExtension(InvalidRequest):
    code = "invalid_extension"
