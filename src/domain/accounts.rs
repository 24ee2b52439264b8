//! Rules about changing accounts.

use super::role::Role;

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
) -> Result<(), &'static str> {
    if actor_id != target_id {
        return Ok(());
    }
    match change {
        AccountChange::Disable => Err("不能停用自己的账号：请让另一位管理员操作。"),
        AccountChange::ChangeRole(role) if role != Role::Admin => {
            Err("不能取消自己的管理员角色：请让另一位管理员操作。")
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
