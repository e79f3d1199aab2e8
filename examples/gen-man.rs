//! Writes the man pages from the clap definitions: `mailtrail.1` and one page per
//! subcommand (`mailtrail-analyze.1`, …).
//!
//! `scripts/gen-man` runs it (`cargo run --example gen-man -- docs/man`). It is a
//! build-time tool: clap_mangen is a dev-dependency, so the mailtrail binary never links
//! it. The pages in docs/man/ are committed, and a test (tests/commands.rs) fails when they
//! differ from what this produces, so they cannot drift from `--help`.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap_mangen::Man;
use clap_mangen::roff::{Roff, roman};

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("gen-man: give the folder to write the pages to, e.g. docs/man");
        return ExitCode::from(2);
    };
    match write_pages(&dir) {
        Ok(names) => {
            for name in names {
                println!("{}", dir.join(name).display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-man: {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}

/// Write every page into `dir` (created if missing); returns the file names.
fn write_pages(dir: &std::path::Path) -> io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut names = Vec::new();
    for (name, text) in pages()? {
        std::fs::write(dir.join(&name), text)?;
        names.push(name);
    }
    Ok(names)
}

/// Every page as (file name, roff text): `mailtrail.1` first, then the subcommands in
/// their `--help` order.
pub fn pages() -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = mailtrail::cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = vec![page(&cmd)?];
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        out.push(page(sub)?);
    }
    Ok(out)
}

/// One page: clap_mangen's sections, then the `--help` epilogue (Examples, Exit codes) as
/// sections of their own with their lines kept, then the version.
fn page(cmd: &clap::Command) -> io::Result<(String, Vec<u8>)> {
    let source = format!("mailtrail {}", env!("CARGO_PKG_VERSION"));
    let man = Man::new(cmd.clone()).source(source);
    let mut text = Vec::new();
    man.render_title(&mut text)?;
    man.render_name_section(&mut text)?;
    man.render_synopsis_section(&mut text)?;
    man.render_description_section(&mut text)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut text)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut text)?;
    }
    if let Some(after) = cmd.get_after_help() {
        epilogue(&after.to_string(), &mut text)?;
    }
    if cmd.get_version().is_some() {
        man.render_version_section(&mut text)?;
    }
    Ok((man.get_filename(), text))
}

/// `Heading:` lines become sections (`Exit codes` is the man page's `EXIT STATUS`); the
/// lines under them are kept as they are (no filling), less their first indent.
fn epilogue(help: &str, w: &mut dyn Write) -> io::Result<()> {
    let mut roff = Roff::default();
    let mut open = false;
    for line in help.lines() {
        if let Some(heading) = line.strip_suffix(':').filter(|_| !line.starts_with(' ')) {
            if open {
                roff.control("fi", []);
            }
            let name = match heading {
                "Exit codes" => "EXIT STATUS".to_string(),
                other => other.to_uppercase(),
            };
            roff.control("SH", [name.as_str()]);
            roff.control("nf", []);
            open = true;
        } else {
            roff.text([roman(line.strip_prefix("  ").unwrap_or(line))]);
        }
    }
    if open {
        roff.control("fi", []);
    }
    roff.to_writer(w)
}
