use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = kaoping::cli::Cli::parse();
    std::process::exit(kaoping::cli::run(cli));
}
