//! When to try a failed message again, and when to give up.

use chrono::Duration;

pub const MAX_ATTEMPTS: i32 = 8;

/// Exponential backoff: 1, 2, 4, … minutes after each failure, at most 6 hours.
pub fn retry_delay(attempts_so_far: i32) -> Duration {
    let minutes = 1i64 << attempts_so_far.clamp(0, 20);
    Duration::minutes(minutes.min(360))
}

/// The status after a failed attempt.
pub fn after_failure(attempts: i32) -> &'static str {
    if attempts >= MAX_ATTEMPTS {
        "failed"
    } else {
        "queued"
    }
}

/// How long a claim holds. A claim older than this was left by a process that died
/// mid-send (or lost its database connection), and the row is sent again. Longer than a
/// live send takes: the file transport writes one file, and SMTP gives up on a silent
/// server after its 10 s timeout. A send that still outlives the lease may be repeated,
/// which the transports tolerate (see `mail::outbox`). Short, so that mail a crash
/// interrupted goes out about a minute after the restart rather than much later.
pub const CLAIM_LEASE: Duration = Duration::seconds(60);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_table() {
        for (attempts, minutes) in [(0, 1), (1, 2), (3, 8), (8, 256), (9, 360), (40, 360)] {
            assert_eq!(
                retry_delay(attempts),
                Duration::minutes(minutes),
                "{attempts}"
            );
        }
        assert_eq!(after_failure(1), "queued");
        assert_eq!(after_failure(8), "failed");
    }
}
