"""What claims asks of apps beside it, without importing them (registered in their
``AppConfig.ready``; see ``sinosure_portal.base.hooks``)."""

# the payee port: an indemnity assignment (赔款转让协议) in force for the policy and buyer on a day,
# or None; financing fills it in. (policy_id, buyer_id, on) -> object with pk, bank, number | None
INDEMNITY_ASSIGNMENT_IN_FORCE = "claims.indemnity_assignment_in_force"

# the business-number port: give a document just made (loss notice, claim, recovery) the next number of a prefix in
# the portal's one gapless sequence (RV2026000001); financing, which keeps the sequence, fills it
# in. (obj, prefix) -> None, run in the caller's transaction
BUSINESS_NUMBER = "claims.business_number"
