//! Every route the server registers, read from the handlers' `#[get("…")]` / `#[post("…")]`
//! attributes under `src/web/`. The access tests build their tables against this list, so a
//! new route without an expectation fails them; `every_route_attribute_is_registered` makes
//! sure each attributed handler is also passed to `.service(…)`.

use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The actix pattern, e.g. `/sessions/{id}/enrol`.
    pub pattern: String,
    /// The handler function's name.
    pub handler: String,
    /// The source file, relative to the crate root.
    pub file: String,
}

impl Route {
    /// `GET /items/{code}`: how tables key a route.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.pattern)
    }

    /// The names of the pattern's `{…}` segments, in order.
    pub fn params(&self) -> Vec<&str> {
        self.pattern
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect()
    }
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src/web")
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `#[get]`/`#[post]` handler under `src/web/`, sorted by method and pattern.
pub fn registered_routes() -> Vec<Route> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src/web"), &mut files);
    let mut routes = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let line = line.trim();
            let method = if line.starts_with("#[get(\"") {
                "GET"
            } else if line.starts_with("#[post(\"") {
                "POST"
            } else {
                assert!(
                    !(line.starts_with("#[route(")
                        || line.starts_with("#[put(")
                        || line.starts_with("#[delete(")
                        || line.starts_with("#[patch(")),
                    "{}: the route scanner knows only #[get] and #[post]: {line}",
                    file.display()
                );
                continue;
            };
            let pattern = line.split('"').nth(1).unwrap().to_string();
            let handler = lines[i + 1..]
                .iter()
                .find_map(|l| {
                    let l = l.trim();
                    let rest = l
                        .strip_prefix("pub async fn ")
                        .or_else(|| l.strip_prefix("async fn "))?;
                    Some(rest.split(['(', '<']).next().unwrap().to_string())
                })
                .expect("a handler follows its route attribute");
            routes.push(Route {
                method,
                pattern,
                handler,
                file: file
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            });
        }
    }
    routes.sort();
    routes
}

#[test]
fn every_route_attribute_is_registered() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src/web"), &mut files);
    let all: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let routes = registered_routes();
    assert!(routes.len() > 100, "found only {} routes", routes.len());
    for r in &routes {
        assert!(
            all.contains(&format!("::{})", r.handler))
                || all.contains(&format!("::{}\n", r.handler)),
            "{} ({}) is never passed to .service(…)",
            r.key(),
            r.handler
        );
    }
    let mut keys: Vec<String> = routes.iter().map(Route::key).collect();
    keys.dedup();
    assert_eq!(
        keys.len(),
        routes.len(),
        "a method and pattern is declared twice"
    );
}
