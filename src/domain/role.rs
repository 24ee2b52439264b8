//! The five roles and the scope each one is tied to.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 工作专班 and 行政审批局: runs the programme city-wide.
    Admin,
    /// A bureau trainer: authors its bureau's courses.
    Trainer,
    /// A town manager: keeps the town's centers and staff.
    Manager,
    /// A 全科社工 at one center.
    Worker,
    /// 市委组织部: approves transfers, audits staff stability.
    Orgdept,
}

/// Which kind of organisation a role's account must belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    City,
    Bureau,
    Town,
    Center,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Trainer,
        Role::Manager,
        Role::Worker,
        Role::Orgdept,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Trainer => "trainer",
            Role::Manager => "manager",
            Role::Worker => "worker",
            Role::Orgdept => "orgdept",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// The catalog key of the role's name (`role-admin`, …).
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Admin => "role-admin",
            Role::Trainer => "role-trainer",
            Role::Manager => "role-manager",
            Role::Worker => "role-worker",
            Role::Orgdept => "role-orgdept",
        }
    }

    /// The role's name in a language.
    pub fn label_in(self, lang: &str) -> String {
        crate::i18n::t_in(lang, self.label_key())
    }

    pub fn scope_kind(self) -> ScopeKind {
        match self {
            Role::Admin | Role::Orgdept => ScopeKind::City,
            Role::Trainer => ScopeKind::Bureau,
            Role::Manager => ScopeKind::Town,
            Role::Worker => ScopeKind::Center,
        }
    }

    /// Where the role lands after login.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Admin => "/admin",
            Role::Trainer => "/trainer",
            Role::Manager => "/manager",
            Role::Worker => "/worker",
            Role::Orgdept => "/orgdept",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_map_to_their_scope() {
        let table = [
            ("admin", ScopeKind::City, "/admin"),
            ("trainer", ScopeKind::Bureau, "/trainer"),
            ("manager", ScopeKind::Town, "/manager"),
            ("worker", ScopeKind::Center, "/worker"),
            ("orgdept", ScopeKind::City, "/orgdept"),
        ];
        for (name, scope, home) in table {
            let role = Role::parse(name).expect(name);
            assert_eq!(role.as_str(), name);
            assert_eq!(role.scope_kind(), scope, "{name}");
            assert_eq!(role.home_path(), home, "{name}");
        }
        for bad in ["", "Admin ", "root", "ADMIN"] {
            assert_eq!(
                Role::parse(bad).filter(|r| r.as_str() == bad),
                None,
                "{bad:?}"
            );
        }
    }
}
