//! The security headers of every answer, the deadline's included (it bypasses the
//! middleware that adds them to the others).

const ALWAYS: &[(&str, &str)] = &[
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
         frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ),
];

/// Sent only when the app is served over HTTPS (`DEVOLVE_SECURE_COOKIES`): over plain
/// HTTP a browser ignores it, and it must not pin a site that has no certificate.
const HSTS: (&str, &str) = (
    "Strict-Transport-Security",
    "max-age=31536000; includeSubDomains",
);

pub fn headers(https: bool) -> Vec<(&'static str, &'static str)> {
    let mut all = ALWAYS.to_vec();
    if https {
        all.push(HSTS);
    }
    all
}
