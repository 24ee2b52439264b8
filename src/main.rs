use clap::Parser;

/// mimalloc rather than glibc's malloc: the server allocates from many threads (actix
/// workers, the blocking pool), where glibc's per-thread arenas tend to keep freed memory.
/// Not measured on its own: it landed together with other changes in `BENCHMARKS.md`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() {
    devolve::telemetry::init();
    let cli = devolve::cli::Cli::parse();
    if let Err(e) = devolve::cli::run(cli).await {
        eprintln!("错误：{e:#}");
        std::process::exit(1);
    }
}
