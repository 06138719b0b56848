//! The pingshen binary: parse the command line and hand over to the library.

mod cli;

/// mimalloc (its v2 line) instead of glibc's malloc: an import allocates
/// millions of small strings from three threads, and glibc spent about 14% of
/// the import's CPU in malloc and free (consolidating, locking its arenas).
/// With mimalloc the national import is about 15% faster and peaks near
/// 70 MB (`cargo run --release --example bench`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(code as u8),
    };
    match cli::run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // A reader that stopped reading (`| head`) is not an error.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            cli::print_error(&e);
            // A refused review file ends with the status of its reason.
            if let Some(v) = e.downcast_ref::<pingshen::sign::VerifyError>() {
                ExitCode::from(v.exit_code() as u8)
            } else if let Some(v) = e.downcast_ref::<pingshen::merge::output::ResultVerifyError>() {
                // A signed result's refusal: as a review file's, and 17
                // for an output that is not what was signed.
                ExitCode::from(v.exit_code() as u8)
            } else if e
                .downcast_ref::<pingshen::merge::check::ContentError>()
                .is_some()
            {
                // Signed by an allowed key, but not a review the bundle allows.
                ExitCode::from(17)
            } else {
                ExitCode::from(2)
            }
        }
    }
}
