//! Exam readiness checked against simulated learners with a known, hidden ability: readiness
//! must predict their score on a fresh practice test (docs/readiness.md has the figures).

use rapport_core::content::load_builtin;
use rapport_core::readiness::simulate::{SimConfig, calibrate};

/// The target for a unit, in points out of 100.
const UNIT_FLOOR: f64 = 10.0;
/// A criterion has fewer marks, so its figure and its test score are both noisier.
const CRITERION_FLOOR: f64 = 14.0;

#[test]
fn readiness_predicts_a_fresh_practice_test_within_ten_points_per_unit() {
    let pack = load_builtin().pack;
    // Seeds other than the one the constants were chosen on (docs/readiness.md).
    let config = SimConfig {
        learners: 40,
        days: 90,
        seed: std::env::var("RAPPORT_READINESS_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(20_261_203),
    };
    let c = calibrate(&pack, &config);
    eprintln!("{c:#?}");
    assert!(c.units >= config.learners * pack.units.len() / 2, "{c:?}");
    assert!(c.criteria > c.units, "{c:?}");
    assert!(c.unit_mae < UNIT_FLOOR, "unit MAE {:.1}", c.unit_mae);
    assert!(
        c.criterion_mae < CRITERION_FLOOR,
        "criterion MAE {:.1}",
        c.criterion_mae
    );
    assert!(c.unit_bias.abs() < 6.0, "bias {:.1}", c.unit_bias);
}

#[test]
fn the_simulation_is_deterministic_for_a_seed() {
    let pack = load_builtin().pack;
    let config = SimConfig {
        learners: 3,
        days: 30,
        seed: 7,
    };
    assert_eq!(calibrate(&pack, &config), calibrate(&pack, &config));
}
