//! Tests of the shell lexer.

use crate::highlight::tests::{has, plain, runs};

/// Issue 14, defect 3: `$((…))` arithmetic and backtick substitutions are marked.
#[test]
fn arithmetic_and_backticks() {
    has(
        "bash",
        "n=$((i + 1)) d=`date +%s` l=$(ls)\n",
        &[
            ("keyword", "$(("),
            ("variable", "i"),
            ("number", "1"),
            ("keyword", "))"),
            ("string", "`"),
            ("keyword", "$("),
            ("keyword", ")"),
        ],
    );
    let r = runs("bash", "echo `uname -r`\n");
    let ticks = r.iter().filter(|(c, t)| c == "string" && t == "`").count();
    assert_eq!(ticks, 2, "{r:?}");
    // Nested parentheses inside arithmetic do not end it.
    has(
        "bash",
        "echo $(( (a + 2) * 3 ))\n",
        &[
            ("variable", "a"),
            ("number", "2"),
            ("number", "3"),
            ("keyword", "))"),
        ],
    );
}

#[test]
fn bash() {
    let code = "#!/bin/bash\nname=\"${1:-world}\" # default\nif [ -n \"$name\" ]; then echo 'no $x' \"hi $name\" $'a\\tb' a#b; fi\n";
    has(
        "bash",
        code,
        &[
            ("comment", "#!/bin/bash"),
            ("variable", "name"),
            ("variable", "${1:-world}"),
            ("comment", "# default"),
            ("keyword", "if"),
            ("keyword", "then"),
            ("keyword", "fi"),
            ("string", "'no $x'"),
            ("string", "\"hi "),
            ("variable", "$name"),
            ("string", "$'a\\tb'"),
            ("builtin", "echo"),
        ],
    );
    plain("bash", code, &["a#b", "#b"]);
    // Keywords only in command position.
    plain("bash", "echo if then done\n", &["if", "then", "done"]);
    has(
        "bash",
        "greet() { echo \"$(date \"+%Y\")\"; }\nfunction f { :; }\n",
        &[
            ("function", "greet"),
            ("function", "f"),
            ("string", "\"+%Y\""),
        ],
    );
    has(
        "bash",
        "cat <<-'END'\n\traw $x\n\tEND\necho done\n",
        &[
            ("string", "<<-'END'"),
            ("string", "\traw $x\n\tEND"),
            ("builtin", "echo"),
        ],
    );
    has(
        "bash",
        "sleep 5; exit 1\n",
        &[("number", "5"), ("number", "1")],
    );
    plain("bash", "make -j2 python3.12\n", &["2", "3", "12"]);
}

/// Found by the comparison with Pygments: the command after a group's `{`, `>&2`.
#[test]
fn group_bodies_and_descriptors() {
    has(
        "bash",
        "die() { echo \"error: $*\" >&2; exit 1; }\n",
        &[
            ("function", "die"),
            ("builtin", "echo"),
            ("number", "2"),
            ("builtin", "exit"),
        ],
    );
    plain("bash", "echo { x\n", &["x"]);
}
