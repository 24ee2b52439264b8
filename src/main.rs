use clap::Parser;

/// mimalloc rather than glibc's malloc: under load, glibc's per-thread arenas kept freed
/// memory, and the server's RSS grew with the number of threads that had served requests.
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
