//! The one portable schema: only column types both backends share.
//! Written by hand to match `migrations/sqlite` and `migrations/postgres`.

diesel::table! {
    bureaus (id) {
        id -> Integer,
        code -> Text,
        name -> Text,
        seq -> Integer,
    }
}

diesel::table! {
    towns (id) {
        id -> Integer,
        code -> Text,
        name -> Text,
        kind -> Text,
        seq -> Integer,
    }
}

diesel::table! {
    centers (id) {
        id -> Integer,
        code -> Text,
        name -> Text,
        town_id -> Integer,
        level -> Text,
        pilot -> Bool,
        demo -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    station_offices (id) {
        id -> Integer,
        code -> Text,
        name -> Text,
        seq -> Integer,
        delegated_by -> Nullable<Text>,
    }
}

diesel::table! {
    items (id) {
        id -> Integer,
        code -> Text,
        seq -> Nullable<Integer>,
        name -> Text,
        common -> Bool,
        source -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        delegated -> Bool,
        cert_months -> Integer,
    }
}

diesel::table! {
    item_bureaus (item_id, bureau_id) {
        item_id -> Integer,
        bureau_id -> Integer,
    }
}

diesel::table! {
    users (id) {
        id -> Integer,
        username -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        bureau_id -> Nullable<Integer>,
        town_id -> Nullable<Integer>,
        center_id -> Nullable<Integer>,
        active -> Bool,
        demo -> Bool,
        created_at -> Timestamp,
        password_changed_at -> Timestamp,
        email -> Nullable<Text>,
        category -> Text,
        phone -> Text,
        position -> Text,
        posting -> Text,
        lang -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> Integer,
        token_hash -> Text,
        user_id -> Integer,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        client_addr -> Text,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Integer,
        throttle_key -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Integer,
        at -> Timestamp,
        actor_id -> Nullable<Integer>,
        action -> Text,
        target -> Text,
        detail -> Text,
        before_state -> Text,
        after_state -> Text,
    }
}

diesel::joinable!(centers -> towns (town_id));
diesel::joinable!(item_bureaus -> items (item_id));
diesel::joinable!(item_bureaus -> bureaus (bureau_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(users -> centers (center_id));

diesel::table! {
    courses (id) {
        id -> Integer,
        item_id -> Integer,
        slug -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    course_versions (id) {
        id -> Integer,
        course_id -> Integer,
        number -> Nullable<Integer>,
        status -> Text,
        change_kind -> Nullable<Text>,
        title -> Text,
        note -> Text,
        settings -> Text,
        content_hash -> Text,
        created_at -> Timestamp,
        created_by -> Nullable<Integer>,
        published_at -> Nullable<Timestamp>,
        published_by -> Nullable<Integer>,
    }
}

diesel::table! {
    course_modules (id) {
        id -> Integer,
        version_id -> Integer,
        position -> Integer,
        slug -> Text,
        title -> Text,
        minutes -> Integer,
        body -> Text,
        content_hash -> Text,
    }
}

diesel::table! {
    questions (id) {
        id -> Integer,
        version_id -> Integer,
        position -> Integer,
        category -> Text,
        title -> Text,
        kind -> Text,
        body -> Text,
    }
}

diesel::table! {
    module_progress (id) {
        id -> Integer,
        user_id -> Integer,
        course_id -> Integer,
        content_hash -> Text,
        completed_at -> Timestamp,
    }
}

diesel::table! {
    attempts (id) {
        id -> Integer,
        user_id -> Integer,
        version_id -> Integer,
        number -> Integer,
        status -> Text,
        started_at -> Timestamp,
        deadline -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        points -> Nullable<Double>,
        max_points -> Double,
        percent -> Nullable<Double>,
        passed -> Nullable<Bool>,
    }
}

diesel::table! {
    attempt_questions (id) {
        id -> Integer,
        attempt_id -> Integer,
        position -> Integer,
        question_id -> Integer,
        option_order -> Text,
        response -> Nullable<Text>,
        saved_at -> Nullable<Timestamp>,
        fraction -> Nullable<Double>,
        points -> Integer,
    }
}

diesel::table! {
    training_sessions (id) {
        id -> Integer,
        title -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        place -> Text,
        online_link -> Text,
        capacity -> Integer,
        trainer_id -> Integer,
        bureau_id -> Nullable<Integer>,
        required -> Bool,
        status -> Text,
        checkin_secret -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    session_items (session_id, item_id) {
        session_id -> Integer,
        item_id -> Integer,
    }
}

diesel::table! {
    enrolments (id) {
        id -> Integer,
        session_id -> Integer,
        user_id -> Integer,
        status -> Text,
        checked_in_at -> Nullable<Timestamp>,
        marked_at -> Nullable<Timestamp>,
        enrolled_at -> Timestamp,
    }
}

diesel::table! {
    leaves (id) {
        id -> Integer,
        user_id -> Integer,
        kind -> Text,
        reason -> Text,
        starts_on -> Text,
        ends_on -> Text,
        status -> Text,
        decided_by -> Nullable<Integer>,
        decided_at -> Nullable<Timestamp>,
        decision_comment -> Text,
        reported_back_at -> Nullable<Timestamp>,
        overdue_notified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    leave_sessions (leave_id, session_id) {
        leave_id -> Integer,
        session_id -> Integer,
    }
}

diesel::table! {
    outbox (id) {
        id -> Integer,
        to_address -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        status -> Text,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        next_attempt_at -> Timestamp,
        claimed_by -> Nullable<Text>,
        claimed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    certificates (id) {
        id -> Integer,
        number -> Text,
        code -> Text,
        user_id -> Integer,
        item_id -> Integer,
        version_id -> Integer,
        status -> Text,
        issued_on -> Text,
        valid_until -> Text,
        refresher_due -> Nullable<Text>,
        ends_on -> Text,
        ends_day -> Integer,
        issued_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_by -> Nullable<Integer>,
        revoke_reason -> Text,
        notified_at -> Nullable<Timestamp>,
        reminded_days -> Nullable<Integer>,
    }
}

diesel::table! {
    zone_items (town_id, item_id) {
        town_id -> Integer,
        item_id -> Integer,
    }
}

diesel::table! {
    handling_thresholds (level) {
        level -> Text,
        required -> Integer,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Integer,
        name -> Text,
        token_hash -> Text,
        town_id -> Nullable<Integer>,
        created_by -> Integer,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(certificates -> items (item_id));
diesel::joinable!(certificates -> users (user_id));
diesel::joinable!(certificates -> course_versions (version_id));
diesel::joinable!(zone_items -> items (item_id));
diesel::joinable!(zone_items -> towns (town_id));
diesel::joinable!(session_items -> training_sessions (session_id));
diesel::joinable!(session_items -> items (item_id));
diesel::joinable!(enrolments -> training_sessions (session_id));
diesel::joinable!(enrolments -> users (user_id));
diesel::joinable!(leave_sessions -> leaves (leave_id));
diesel::joinable!(leave_sessions -> training_sessions (session_id));
diesel::joinable!(courses -> items (item_id));
diesel::joinable!(course_versions -> courses (course_id));
diesel::joinable!(course_modules -> course_versions (version_id));
diesel::joinable!(questions -> course_versions (version_id));
diesel::joinable!(attempts -> course_versions (version_id));
diesel::joinable!(attempt_questions -> attempts (attempt_id));
diesel::joinable!(attempt_questions -> questions (question_id));

diesel::table! {
    transfers (id) {
        id -> Integer,
        user_id -> Integer,
        kind -> Text,
        from_center_id -> Integer,
        from_position -> Text,
        to_center_id -> Nullable<Integer>,
        to_position -> Nullable<Text>,
        destination -> Text,
        reason -> Text,
        starts_on -> Text,
        ends_on -> Nullable<Text>,
        status -> Text,
        requested_by -> Integer,
        requested_at -> Timestamp,
        decided_by -> Nullable<Integer>,
        decided_at -> Nullable<Timestamp>,
        decision_comment -> Text,
        effective_on -> Nullable<Text>,
    }
}

diesel::table! {
    assignments (id) {
        id -> Integer,
        user_id -> Integer,
        center_id -> Integer,
        position -> Text,
        posting -> Text,
        valid_from -> Text,
        valid_to -> Nullable<Text>,
        cause -> Text,
        transfer_id -> Nullable<Integer>,
        note -> Text,
        applied -> Bool,
        recorded_by -> Nullable<Integer>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    staffing_minimums (level) {
        level -> Text,
        required -> Integer,
    }
}

diesel::table! {
    zone_selection_log (id) {
        id -> Integer,
        town_id -> Integer,
        changed_on -> Text,
        item_ids -> Text,
        changed_at -> Timestamp,
    }
}

diesel::joinable!(assignments -> centers (center_id));

diesel::allow_tables_to_appear_in_same_query!(
    transfers,
    assignments,
    staffing_minimums,
    zone_selection_log,
    bureaus,
    towns,
    centers,
    station_offices,
    items,
    item_bureaus,
    users,
    sessions,
    login_failures,
    audit_log,
    courses,
    course_versions,
    course_modules,
    questions,
    module_progress,
    attempts,
    attempt_questions,
    training_sessions,
    session_items,
    enrolments,
    leaves,
    leave_sessions,
    outbox,
    certificates,
    zone_items,
    handling_thresholds,
    api_tokens,
);
