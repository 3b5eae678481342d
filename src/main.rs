use clap::Parser;

fn main() {
    let cli = kaoping::cli::Cli::parse();
    std::process::exit(kaoping::cli::run(cli));
}
