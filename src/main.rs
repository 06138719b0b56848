//! The pingshen binary: parse the command line and hand over to the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    limit_malloc_arenas();
    let cli = cli::Cli::parse();
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
            match e.downcast_ref::<pingshen::sign::VerifyError>() {
                Some(v) => ExitCode::from(v.exit_code() as u8),
                None => ExitCode::from(2),
            }
        }
    }
}

/// glibc gives every thread that allocates its own arena and keeps what it
/// freed there; with the import's parser threads that costs tens of MB of
/// peak memory for no speed. Two arenas keep the national import near 70 MB.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before
    // any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
