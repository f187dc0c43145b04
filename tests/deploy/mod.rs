//! The deployment examples in `examples/deploy/`: each parses, checks the site before it
//! builds it, passes the site's address, publishes `public/`, and runs only commands
//! and flags Bulletin has.

use std::path::{Path, PathBuf};

use bulletin::content::front_matter::{self, Format};
use serde_json::Value;

use crate::common::run_in;

fn example(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/deploy")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `bulletin …` command in a shell command line, as its words (`bulletin` or a
/// path ending in `/bulletin` first; quotes taken off, `${…}` and `$X` kept as words).
fn bulletin_commands(shell: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for part in shell
        .split(['\n', '(', ')'])
        .flat_map(|l| l.split("&&"))
        .flat_map(|l| l.split("||"))
    {
        let words: Vec<String> = part
            .split_whitespace()
            .map(|w| w.trim_matches(['"', '\'', '\\']).to_string())
            .filter(|w| !w.is_empty())
            .collect();
        if words
            .first()
            .is_some_and(|w| w == "bulletin" || w.ends_with("/bulletin"))
        {
            found.push(words);
        }
    }
    found
}

/// Asserts each command is `bulletin SUBCOMMAND [--flag value]…` with flags that
/// `bulletin SUBCOMMAND --help` lists; returns the subcommands in order.
fn known_commands(commands: &[Vec<String>]) -> Vec<String> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut subs = Vec::new();
    for words in commands {
        let sub = &words[1];
        let help = run_in(&here, &[sub, "--help"]).ok();
        for flag in words[2..].iter().filter(|w| w.starts_with('-')) {
            let flag = flag.split('=').next().unwrap_or(flag);
            assert!(
                help.stdout.contains(&format!("{flag} "))
                    || help.stdout.contains(&format!("{flag}\n")),
                "`bulletin {sub}` has no {flag}:\n{}",
                help.stdout
            );
        }
        subs.push(sub.clone());
    }
    subs
}

/// The `run:` commands of every step of every job of a GitHub Actions workflow.
fn workflow_runs(yaml: &str) -> Vec<String> {
    let workflow: Value = front_matter::from_yaml(yaml).expect("the workflow is YAML");
    let jobs = workflow["jobs"].as_object().expect("jobs");
    let mut runs = Vec::new();
    for job in jobs.values() {
        for step in job["steps"].as_array().expect("steps") {
            if let Some(run) = step["run"].as_str() {
                runs.push(run.to_string());
            }
        }
    }
    runs
}

#[test]
fn github_and_cloudflare_workflows_check_then_build_with_the_address() {
    for name in ["github-pages.yml", "cloudflare-pages.yml"] {
        let yaml = example(name);
        let runs = workflow_runs(&yaml);
        let commands: Vec<Vec<String>> = runs.iter().flat_map(|r| bulletin_commands(r)).collect();
        assert_eq!(known_commands(&commands), ["check", "build"], "{name}");
        assert!(
            commands[0].contains(&"--format".to_string()),
            "{name}: annotations"
        );
        for c in &commands {
            assert!(c.contains(&"--base-url".to_string()), "{name}: {c:?}");
        }
        // What is published is what Bulletin wrote.
        assert!(
            yaml.contains("path: public") || yaml.contains("pages deploy public"),
            "{name}"
        );
        // The social cards are kept between runs.
        assert!(yaml.contains("~/.cache/bulletin"), "{name}");
    }
}

#[test]
fn netlify_checks_then_builds_with_its_own_address() {
    let text = example("netlify.toml");
    let config = front_matter::parse(Format::Toml, &text).expect("netlify.toml is TOML");
    let build = &config.get("build").expect("[build]").value;
    assert_eq!(build["publish"], "public");
    let command = build["command"].as_str().expect("a build command");
    let commands = bulletin_commands(command);
    assert_eq!(known_commands(&commands), ["check", "build"]);
    assert!(
        command.contains(r#"--base-url "${DEPLOY_PRIME_URL:-$URL}/""#),
        "{command}"
    );
    assert_eq!(
        build["environment"]["BULLETIN_CACHE_DIR"], "/opt/build/cache/bulletin",
        "the card cache is one Netlify keeps"
    );
}
