//! Output stage: renders what earlier stages decided — files in the output directory and
//! the terminal summary. Files are created through [`dir::OutputDir`] (which commits exactly
//! what a run created); rows go through [`table`]'s column tables and writers. Writers never
//! sort, filter or decide; untrusted text passes through [`sanitize`] on its way out.

pub mod accessed;
pub mod csv_out;
pub mod dir;
pub mod expect;
pub mod findings;
pub mod incidents;
pub mod parquet;
pub mod rejects;
pub mod report_html;
pub mod rollup;
pub mod sanitize;
pub mod summary;
pub mod sweep_terminal;
pub mod table;
pub mod terminal;
pub mod timeline;

use std::path::Path;

/// An error writing an output file.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot write: {cause}")]
pub struct OutputError {
    /// File or directory.
    pub path: String,
    /// OS error.
    pub cause: std::io::Error,
}

/// Attach the file name to an I/O error.
pub fn io_err(dir: &Path, name: &str) -> impl Fn(std::io::Error) -> OutputError {
    let path = dir.join(name).display().to_string();
    move |e| OutputError {
        path: path.clone(),
        cause: e,
    }
}

#[cfg(test)]
mod tests {
    use super::table::names;

    /// The column names docs/output.md lists for `file`: the backticked names in the first
    /// cell holding any, of each row of the first table under the heading naming `file`.
    fn documented(docs: &str, file: &str) -> Vec<String> {
        let heading = format!("`{file}`");
        let mut lines = docs
            .lines()
            .skip_while(|l| !(l.starts_with("## ") && l.contains(&heading)))
            .skip(1)
            .take_while(|l| !l.starts_with("## "))
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'));
        let mut out = Vec::new();
        for line in lines.by_ref() {
            let Some(cell) = line.split('|').find(|c| c.contains('`')) else {
                continue;
            };
            out.extend(
                cell.split('`')
                    .skip(1)
                    .step_by(2)
                    .filter(|n| !n.is_empty())
                    .map(String::from),
            );
        }
        out
    }

    #[test]
    fn every_table_is_documented_in_order() {
        let docs = include_str!("../../docs/output.md");
        let tables = [
            ("timeline.csv", names(super::timeline::COLUMNS)),
            ("findings.csv", names(super::findings::COLUMNS)),
            ("incidents.csv", names(super::incidents::COLUMNS)),
            ("accessed_messages.csv", names(super::accessed::COLUMNS)),
            ("rejects.csv", names(super::rejects::COLUMNS)),
            ("sweep-summary.csv", names(super::rollup::SUMMARY_COLUMNS)),
            (
                "shared-infrastructure.csv",
                names(super::rollup::SHARED_COLUMNS),
            ),
            (
                "attacker-indicators.csv",
                names(super::rollup::INDICATOR_COLUMNS),
            ),
        ];
        for (file, columns) in tables {
            assert_eq!(
                documented(docs, file),
                columns,
                "docs/output.md's table for {file} differs from the code"
            );
        }
    }
}
