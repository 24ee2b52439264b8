use clap::Parser;

#[actix_web::main]
async fn main() {
    devolve::telemetry::init();
    let cli = devolve::cli::Cli::parse();
    if let Err(e) = devolve::cli::run(cli).await {
        eprintln!("错误：{e:#}");
        std::process::exit(1);
    }
}
