//! The CI smoke of every fuzz target, on stable: its corpus (seeds, and every input that
//! once crashed, kept in `fuzz/regressions/`) replayed as is, then mutated for a few thousand
//! runs. The long coverage-guided runs are scripts/fuzz.sh.

use std::path::{Path, PathBuf};

use tether_fuzz::mutate::{mutate, Rng};
use tether_fuzz::TARGETS;

/// Mutations per target per CI run: seconds in all.
const SMOKE_RUNS: usize = 50_000;

fn entries(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
}

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

#[test]
fn every_target_has_seeds_and_survives_them_and_every_old_crash() {
    for (name, target) in TARGETS {
        let seeds = entries(&fuzz_dir().join("seeds").join(name));
        assert!(
            !seeds.is_empty(),
            "{name} has no seeds in fuzz/seeds/{name}"
        );
        for input in seeds
            .iter()
            .chain(&entries(&fuzz_dir().join("regressions").join(name)))
        {
            target(input);
        }
    }
}

#[test]
fn every_target_survives_a_mutation_smoke_around_its_seeds() {
    for (i, (name, target)) in TARGETS.iter().enumerate() {
        let seeds = entries(&fuzz_dir().join("seeds").join(name));
        let mut rng = Rng::new(0x7e7e_0000 + i as u64);
        for run in 0..SMOKE_RUNS {
            let input = mutate(&seeds[run % seeds.len()], &seeds, &mut rng);
            let outcome = std::panic::catch_unwind(|| target(&input));
            assert!(
                outcome.is_ok(),
                "{name} panicked on {:?} (add it to fuzz/regressions/{name})",
                String::from_utf8_lossy(&input)
            );
        }
    }
}

#[test]
fn every_libfuzzer_target_is_one_of_these() {
    let declared = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
    let bins = declared.matches("[[bin]]").count();
    assert_eq!(bins, TARGETS.len(), "fuzz/Cargo.toml and TARGETS disagree");
    for (name, _) in TARGETS {
        let source = std::fs::read_to_string(fuzz_dir().join(format!("fuzz_targets/{name}.rs")))
            .unwrap_or_else(|_| panic!("fuzz/fuzz_targets/{name}.rs is missing"));
        assert!(
            source.contains(&format!("tether_fuzz::{name}")),
            "{name}.rs must call tether_fuzz::{name}"
        );
    }
}
