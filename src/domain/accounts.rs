//! Rules about changing accounts.

use super::role::Role;
use crate::i18n::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountChange {
    Enable,
    Disable,
    ChangeRole(Role),
}

/// An admin may not lock themself out: disabling their own account or giving up their own
/// admin role must be done by another admin, so the city never loses its last admin by a slip.
pub fn check_own_account_change(
    actor_id: i32,
    target_id: i32,
    change: AccountChange,
) -> Result<(), Msg> {
    if actor_id != target_id {
        return Ok(());
    }
    match change {
        AccountChange::Disable => Err(Msg::key("accounts-cannot-disable-self")),
        AccountChange::ChangeRole(role) if role != Role::Admin => {
            Err(Msg::key("accounts-cannot-drop-own-admin"))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_account_change_table() {
        use AccountChange::*;
        let table = [
            (1, 2, Disable, true),
            (1, 1, Disable, false),
            (1, 1, Enable, true),
            (1, 1, ChangeRole(Role::Admin), true),
            (1, 1, ChangeRole(Role::Worker), false),
            (1, 2, ChangeRole(Role::Worker), true),
        ];
        for (actor, target, change, ok) in table {
            assert_eq!(
                check_own_account_change(actor, target, change).is_ok(),
                ok,
                "{actor} {target} {change:?}"
            );
        }
    }
}
