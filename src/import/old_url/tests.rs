//! The old URL rules, on fixtures: each generator's documented behaviour.

use super::*;
