"""What claims asks of apps beside it, without importing them (registered in their
``AppConfig.ready``; see ``sinosure_portal.base.hooks``)."""

# the payee port: an indemnity assignment (赔款转让协议) in force for the policy and buyer on a day,
# or None; financing fills it in. (policy_id, buyer_id, on) -> object with pk, bank, number | None
INDEMNITY_ASSIGNMENT_IN_FORCE = "claims.indemnity_assignment_in_force"
