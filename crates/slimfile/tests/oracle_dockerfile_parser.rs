//! Differential test against `dockerfile-parser` 0.9.0, the crate the
//! product's first design named (kept only as a test oracle: see
//! ARCHITECTURE.md for why it is not shipped). Wherever it parses a corpus
//! file, its instruction split (keyword and start line) must equal ours.

mod common;

use dockerfile_parser::{Dockerfile as OracleDockerfile, Instruction as OI};
use std::fs;

fn oracle_split(text: &str) -> Option<Vec<(String, usize)>> {
    let df = OracleDockerfile::parse(text).ok()?;
    let index = slimfile::LineIndex::new(text);
    Some(
        df.instructions
            .iter()
            .map(|i| {
                let kw = match i {
                    OI::From(_) => "FROM".to_string(),
                    OI::Arg(_) => "ARG".to_string(),
                    OI::Label(_) => "LABEL".to_string(),
                    OI::Run(_) => "RUN".to_string(),
                    OI::Entrypoint(_) => "ENTRYPOINT".to_string(),
                    OI::Cmd(_) => "CMD".to_string(),
                    OI::Copy(_) => "COPY".to_string(),
                    OI::Env(_) => "ENV".to_string(),
                    OI::Misc(m) => m.instruction.content.to_uppercase(),
                };
                (kw, index.line_of(i.span().start) + 1)
            })
            .collect(),
    )
}

#[test]
fn instruction_split_equals_dockerfile_parser_where_it_parses() {
    let Some(corpus) = common::corpus("instruction_split_equals_dockerfile_parser_where_it_parses") else { return };
    let rows = common::baseline(&corpus);
    // The oracle recurses per line; give it room.
    let handle = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let (mut parsed, mut failed_oracle, mut mismatches) = (0, 0, Vec::new());
            for (path, _) in &rows {
                let Ok(text) = fs::read_to_string(corpus.join(path)) else { continue };
                let Some(theirs) = oracle_split(&text) else {
                    failed_oracle += 1;
                    continue;
                };
                parsed += 1;
                let ours: Vec<(String, usize)> = slimfile::parse(&text)
                    .instructions
                    .iter()
                    .map(|i| (i.keyword_text.to_uppercase(), i.start_line))
                    .collect();
                if ours != theirs {
                    mismatches.push(format!("{path}:\n  ours   {ours:?}\n  theirs {theirs:?}"));
                }
            }
            (parsed, failed_oracle, mismatches)
        })
        .unwrap();
    let (parsed, failed_oracle, mismatches) = handle.join().unwrap();
    println!(
        "dockerfile-parser 0.9.0: parsed {parsed} corpus files (failed on {failed_oracle}); split agrees on {}",
        parsed - mismatches.len()
    );
    assert!(parsed > 500, "the oracle should parse most files, parsed {parsed}");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
