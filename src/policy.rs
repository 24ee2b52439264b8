//! Who may do what, in one place. Every handler asks `authorize` before acting, and
//! every list query takes its scope from here, so no handler decides access itself.

use crate::domain::role::Role;
use crate::error::{AppError, AppResult};

/// The logged-in user, as the policy sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i32,
    pub role: Role,
    pub bureau_id: Option<i32>,
    pub town_id: Option<i32>,
    pub center_id: Option<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A role's own home page (`/admin`, `/trainer`, …).
    ViewHome(Role),
    ViewItems,
    ViewItem,
    ViewCenters,
    /// One center's page; `town_id` is the center's town.
    ViewCenter {
        town_id: i32,
        center_id: i32,
    },
    /// The names of the 全科社工 at a center of this town.
    ViewRoster {
        town_id: i32,
    },
    ViewTowns,
    ViewTown {
        town_id: i32,
    },
    CreateZone {
        town_id: i32,
    },
    ManageUsers,
    ImportCatalog,
    ViewAudit,
    ChangeOwnPassword,
    /// The course catalog for authors, and reading any course with its question bank.
    ReadCourses,
    /// Studying and taking quizzes.
    TakeCourses,
    /// Scheduling training sessions.
    ScheduleSessions,
    /// A worker's own schedule, check-in, leave and report-back.
    AttendTraining,
    /// Enrolling the workers of a town in a session one does not run (a session's own
    /// trainers enrol anyone: `allows_session_manage`).
    EnrolTown {
        town_id: i32,
    },
    /// Approving or rejecting the leave of a worker of this town.
    DecideLeave {
        town_id: i32,
    },
    /// Attendance reports, overdue report-backs and disqualification cases.
    ViewTrainingReports,
    ViewOutbox,
    /// Certificate lists (each role sees its own scope, see `certificate_scope`).
    ViewCertificates,
    /// The city heatmap of handling modes (a manager sees their own town's row).
    ViewHandlingMap,
    /// Choosing which items a town hands down to its zones.
    ManageZoneItems {
        town_id: i32,
    },
    /// The certified-worker thresholds (K) per level, and items' validity and delegation.
    ManageHandlingRules,
    /// Issuing and revoking API tokens for machine clients.
    ManageApiTokens,
    /// Adding new 全科社工 to a town's roster, and filing, or withdrawing, transfer
    /// requests for them.
    ManageRoster {
        town_id: i32,
    },
    /// Editing a 全科社工's contact details (phone, email): their town's manager, and the
    /// admins who keep the roster correct (`CorrectAssignment`).
    EditContact {
        town_id: i32,
    },
    /// Approving or rejecting transfer requests: the organization department alone.
    DecideTransfer,
    /// Recording a correction of the roster history outside the transfer process.
    CorrectAssignment,
    /// The stability report and the monthly supervision bulletin.
    ViewSupervision,
    /// Choosing the interface language of one's own account.
    ChooseLanguage,
}

pub fn allows(actor: &Actor, action: Action) -> bool {
    use Action::*;
    use Role::*;
    let own_town = |town_id: i32| actor.town_id == Some(town_id);
    match (actor.role, action) {
        (role, ViewHome(home)) => role == home,
        (_, ViewItems | ViewItem | ChangeOwnPassword | ChooseLanguage) => true,
        (_, ViewCenters) => true,
        (Admin | Orgdept | Trainer, ViewCenter { .. }) => true,
        (Manager, ViewCenter { town_id, .. }) => own_town(town_id),
        (Worker, ViewCenter { center_id, .. }) => actor.center_id == Some(center_id),
        (Admin | Orgdept, ViewRoster { .. }) => true,
        (Manager, ViewRoster { town_id }) => own_town(town_id),
        (Admin | Orgdept, ViewTowns | ViewTown { .. }) => true,
        (Manager, ViewTown { town_id }) => own_town(town_id),
        (Admin, CreateZone { .. }) => true,
        (Manager, CreateZone { town_id }) => own_town(town_id),
        (Admin, ManageUsers | ImportCatalog) => true,
        (Admin | Orgdept, ViewAudit | ViewSupervision) => true,
        (Manager, ManageRoster { town_id } | EditContact { town_id }) => own_town(town_id),
        (Admin, EditContact { .. }) => true,
        (Orgdept, DecideTransfer) => true,
        (Admin, CorrectAssignment) => true,
        (Admin | Trainer, ReadCourses) => true,
        (Worker, TakeCourses | AttendTraining) => true,
        (Admin | Trainer, ScheduleSessions) => true,
        // a trainer enrols in the sessions they may run (`allows_session_manage`), never in
        // another bureau's: EnrolTown is how a town manager enrols their own town's workers
        (Admin, EnrolTown { .. }) => true,
        (Manager, EnrolTown { town_id }) => own_town(town_id),
        // only the worker's own town manager decides: not even an admin
        (Manager, DecideLeave { town_id }) => own_town(town_id),
        (Admin | Orgdept | Manager | Trainer, ViewTrainingReports) => true,
        (Admin, ViewOutbox) => true,
        (_, ViewCertificates) => true,
        (Admin | Orgdept | Manager, ViewHandlingMap) => true,
        (Admin, ManageZoneItems { .. }) => true,
        (Manager, ManageZoneItems { town_id }) => own_town(town_id),
        (Admin, ManageHandlingRules | ManageApiTokens) => true,
        _ => false,
    }
}

pub fn authorize(actor: &Actor, action: Action) -> AppResult<()> {
    if allows(actor, action) {
        Ok(())
    } else {
        tracing::warn!(user_id = actor.user_id, role = %actor.role, ?action, "access denied");
        Err(AppError::Forbidden)
    }
}

/// Editing a course, and seeing its item analysis: a trainer of one of the item's
/// responsible bureaus (item 8 has two), or an admin.
pub fn allows_course_edit(actor: &Actor, item_bureaus: &[i32]) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Trainer => actor.bureau_id.is_some_and(|b| item_bureaus.contains(&b)),
        _ => false,
    }
}

pub fn authorize_course_edit(actor: &Actor, item_bureaus: &[i32]) -> AppResult<()> {
    if allows_course_edit(actor, item_bureaus) {
        Ok(())
    } else {
        tracing::warn!(user_id = actor.user_id, role = %actor.role, "course edit denied");
        Err(AppError::Forbidden)
    }
}

/// Running one session (roster, codes, closing, editing): its trainer, a trainer of the
/// same bureau, or an admin.
pub fn allows_session_manage(
    actor: &Actor,
    session_bureau: Option<i32>,
    session_trainer: i32,
) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Trainer => {
            actor.user_id == session_trainer
                || (session_bureau.is_some() && actor.bureau_id == session_bureau)
        }
        _ => false,
    }
}

pub fn authorize_session_manage(
    actor: &Actor,
    session_bureau: Option<i32>,
    session_trainer: i32,
) -> AppResult<()> {
    if allows_session_manage(actor, session_bureau, session_trainer) {
        Ok(())
    } else {
        tracing::warn!(user_id = actor.user_id, role = %actor.role, "session management denied");
        Err(AppError::Forbidden)
    }
}

/// Whose certificate this is, for the object-level check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CertificateOwner<'a> {
    pub holder_id: i32,
    pub holder_town: i32,
    pub item_bureaus: &'a [i32],
}

/// A certificate's page: its holder, the holder's town manager, a trainer of the issuing
/// bureau, the organization department and admins.
pub fn allows_certificate_view(actor: &Actor, c: CertificateOwner) -> bool {
    match actor.role {
        Role::Admin | Role::Orgdept => true,
        Role::Manager => actor.town_id == Some(c.holder_town),
        Role::Trainer => actor.bureau_id.is_some_and(|b| c.item_bureaus.contains(&b)),
        Role::Worker => actor.user_id == c.holder_id,
    }
}

/// Revoking: a trainer of the issuing bureau, or an admin (the same people who may edit
/// the item's course).
pub fn allows_certificate_revoke(actor: &Actor, c: CertificateOwner) -> bool {
    allows_course_edit(actor, c.item_bureaus)
}

pub fn authorize_certificate(actor: &Actor, c: CertificateOwner, revoke: bool) -> AppResult<()> {
    let ok = if revoke {
        allows_certificate_revoke(actor, c)
    } else {
        allows_certificate_view(actor, c)
    };
    if ok {
        Ok(())
    } else {
        tracing::warn!(user_id = actor.user_id, role = %actor.role, revoke, "certificate access denied");
        Err(AppError::Forbidden)
    }
}

/// Which certificates a user's lists show.
pub fn certificate_scope(actor: &Actor) -> crate::store::certificates::CertScope {
    use crate::store::certificates::CertScope;
    match actor.role {
        Role::Admin | Role::Orgdept => CertScope::All,
        Role::Manager => CertScope::Town(actor.town_id.unwrap_or(-1)),
        Role::Trainer => CertScope::Bureau(actor.bureau_id.unwrap_or(-1)),
        Role::Worker => CertScope::Holder(actor.user_id),
    }
}

/// Which towns' rows of the handling heatmap a user sees; None means every town.
pub fn handling_town_scope(actor: &Actor) -> Option<i32> {
    match actor.role {
        Role::Manager => Some(actor.town_id.unwrap_or(-1)),
        _ => None,
    }
}

/// Which items a user's item lists show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemScope {
    All,
    Bureau(i32),
}

/// Which centers a user's center lists show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CenterScope {
    All,
    Town(i32),
    Center(i32),
}

/// Which accounts a user's people lists show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserScope {
    All,
    Town(i32),
    Center(i32),
    Nobody,
}

/// A trainer works on their own bureau's items; everyone else sees the whole catalog,
/// which is public reference data.
pub fn item_scope(actor: &Actor) -> ItemScope {
    match (actor.role, actor.bureau_id) {
        (Role::Trainer, Some(b)) => ItemScope::Bureau(b),
        _ => ItemScope::All,
    }
}

pub fn center_scope(actor: &Actor) -> CenterScope {
    match actor.role {
        Role::Manager => actor
            .town_id
            .map_or(CenterScope::Center(-1), CenterScope::Town),
        Role::Worker => CenterScope::Center(actor.center_id.unwrap_or(-1)),
        Role::Admin | Role::Orgdept | Role::Trainer => CenterScope::All,
    }
}

/// A worker sees only themself, so their people lists are empty.
pub fn user_scope(actor: &Actor) -> UserScope {
    match actor.role {
        Role::Admin | Role::Orgdept => UserScope::All,
        Role::Manager => actor.town_id.map_or(UserScope::Nobody, UserScope::Town),
        Role::Trainer | Role::Worker => UserScope::Nobody,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: 1,
            role,
            bureau_id: (role == Role::Trainer).then_some(10),
            town_id: (role == Role::Manager).then_some(20),
            center_id: (role == Role::Worker).then_some(30),
        }
    }

    #[test]
    fn access_table() {
        use Role::*;
        // (action, roles allowed); every other role is refused
        let table: Vec<(Action, Vec<Role>)> = vec![
            (ViewHome(Admin), vec![Admin]),
            (ViewHome(Trainer), vec![Trainer]),
            (ViewHome(Manager), vec![Manager]),
            (ViewHome(Worker), vec![Worker]),
            (ViewHome(Orgdept), vec![Orgdept]),
            (ViewItems, vec![Admin, Trainer, Manager, Worker, Orgdept]),
            (ViewCenters, vec![Admin, Trainer, Manager, Worker, Orgdept]),
            (
                ViewCenter {
                    town_id: 20,
                    center_id: 30,
                },
                vec![Admin, Trainer, Manager, Worker, Orgdept],
            ),
            (
                ViewCenter {
                    town_id: 21,
                    center_id: 31,
                },
                vec![Admin, Trainer, Orgdept],
            ),
            (ViewRoster { town_id: 20 }, vec![Admin, Manager, Orgdept]),
            (ViewRoster { town_id: 21 }, vec![Admin, Orgdept]),
            (ViewTowns, vec![Admin, Orgdept]),
            (ViewTown { town_id: 20 }, vec![Admin, Manager, Orgdept]),
            (ViewTown { town_id: 21 }, vec![Admin, Orgdept]),
            (CreateZone { town_id: 20 }, vec![Admin, Manager]),
            (CreateZone { town_id: 21 }, vec![Admin]),
            (ManageUsers, vec![Admin]),
            (ImportCatalog, vec![Admin]),
            (ViewAudit, vec![Admin, Orgdept]),
            (ViewSupervision, vec![Admin, Orgdept]),
            (EnrolTown { town_id: 20 }, vec![Admin, Manager]),
            (EnrolTown { town_id: 21 }, vec![Admin]),
            (ManageRoster { town_id: 20 }, vec![Manager]),
            (ManageRoster { town_id: 21 }, vec![]),
            (EditContact { town_id: 20 }, vec![Admin, Manager]),
            (EditContact { town_id: 21 }, vec![Admin]),
            (DecideTransfer, vec![Orgdept]),
            (CorrectAssignment, vec![Admin]),
            (
                ChooseLanguage,
                vec![Admin, Trainer, Manager, Worker, Orgdept],
            ),
            (
                ViewCertificates,
                vec![Admin, Trainer, Manager, Worker, Orgdept],
            ),
            (ViewHandlingMap, vec![Admin, Manager, Orgdept]),
            (ManageZoneItems { town_id: 20 }, vec![Admin, Manager]),
            (ManageZoneItems { town_id: 21 }, vec![Admin]),
            (ManageHandlingRules, vec![Admin]),
            (ManageApiTokens, vec![Admin]),
            (
                ChangeOwnPassword,
                vec![Admin, Trainer, Manager, Worker, Orgdept],
            ),
        ];
        for (action, allowed) in table {
            for role in Role::ALL {
                assert_eq!(
                    allows(&actor(role), action),
                    allowed.contains(&role),
                    "{role} {action:?}"
                );
            }
        }
    }

    #[test]
    fn course_edit_table() {
        // the trainer belongs to bureau 10
        let table = [
            (Role::Trainer, vec![10], true),
            (Role::Trainer, vec![11, 10], true),
            (Role::Trainer, vec![11], false),
            (Role::Admin, vec![11], true),
            (Role::Manager, vec![10], false),
            (Role::Worker, vec![10], false),
            (Role::Orgdept, vec![10], false),
        ];
        for (role, bureaus, ok) in table {
            assert_eq!(
                allows_course_edit(&actor(role), &bureaus),
                ok,
                "{role} {bureaus:?}"
            );
        }
    }

    #[test]
    fn session_manage_table() {
        // the trainer is user 1 of bureau 10
        let table = [
            (Role::Trainer, Some(10), 99, true),
            (Role::Trainer, Some(11), 1, true),
            (Role::Trainer, Some(11), 99, false),
            (Role::Trainer, None, 99, false),
            (Role::Admin, Some(11), 99, true),
            (Role::Manager, Some(10), 1, false),
        ];
        for (role, bureau, trainer, ok) in table {
            assert_eq!(
                allows_session_manage(&actor(role), bureau, trainer),
                ok,
                "{role} {bureau:?} {trainer}"
            );
        }
    }

    #[test]
    fn certificate_table() {
        // the trainer is of bureau 10, the manager of town 20, the worker is user 1
        let owner = |holder_id, holder_town, item_bureaus| CertificateOwner {
            holder_id,
            holder_town,
            item_bureaus,
        };
        // (role, certificate, may view, may revoke)
        let table = [
            (Role::Worker, owner(1, 20, &[10][..]), true, false),
            (Role::Worker, owner(2, 20, &[10][..]), false, false),
            (Role::Manager, owner(2, 20, &[10][..]), true, false),
            (Role::Manager, owner(2, 21, &[10][..]), false, false),
            (Role::Trainer, owner(2, 21, &[10][..]), true, true),
            (Role::Trainer, owner(2, 21, &[11, 10][..]), true, true),
            (Role::Trainer, owner(2, 20, &[11][..]), false, false),
            (Role::Orgdept, owner(2, 21, &[11][..]), true, false),
            (Role::Admin, owner(2, 21, &[11][..]), true, true),
        ];
        for (role, c, view, revoke) in table {
            let a = actor(role);
            assert_eq!(allows_certificate_view(&a, c), view, "{role} view {c:?}");
            assert_eq!(
                allows_certificate_revoke(&a, c),
                revoke,
                "{role} revoke {c:?}"
            );
        }
        use crate::store::certificates::CertScope;
        assert_eq!(
            certificate_scope(&actor(Role::Worker)),
            CertScope::Holder(1)
        );
        assert_eq!(
            certificate_scope(&actor(Role::Manager)),
            CertScope::Town(20)
        );
        assert_eq!(
            certificate_scope(&actor(Role::Trainer)),
            CertScope::Bureau(10)
        );
        assert_eq!(certificate_scope(&actor(Role::Orgdept)), CertScope::All);
        assert_eq!(handling_town_scope(&actor(Role::Manager)), Some(20));
        assert_eq!(handling_town_scope(&actor(Role::Admin)), None);
    }

    #[test]
    fn scopes_table() {
        let t = actor(Role::Trainer);
        let m = actor(Role::Manager);
        let w = actor(Role::Worker);
        let a = actor(Role::Admin);
        assert_eq!(item_scope(&t), ItemScope::Bureau(10));
        assert_eq!(item_scope(&w), ItemScope::All);
        assert_eq!(center_scope(&m), CenterScope::Town(20));
        assert_eq!(center_scope(&w), CenterScope::Center(30));
        assert_eq!(center_scope(&a), CenterScope::All);
        assert_eq!(user_scope(&m), UserScope::Town(20));
        assert_eq!(user_scope(&w), UserScope::Nobody);
        assert_eq!(user_scope(&t), UserScope::Nobody);
        assert_eq!(user_scope(&a), UserScope::All);
    }
}
