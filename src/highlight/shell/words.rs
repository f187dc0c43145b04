//! The shell's reserved words and builtin commands.

/// Whether `w` is a reserved word (in command position).
pub(super) fn sh_keyword(w: &[u8]) -> bool {
    matches!(
        w,
        b"if"
            | b"then"
            | b"else"
            | b"elif"
            | b"fi"
            | b"case"
            | b"esac"
            | b"for"
            | b"select"
            | b"while"
            | b"until"
            | b"do"
            | b"done"
            | b"in"
            | b"function"
            | b"time"
            | b"coproc"
    )
}

/// Whether `w` is a builtin command of bash.
pub(super) fn sh_builtin(w: &[u8]) -> bool {
    matches!(
        w,
        b"alias"
            | b"bg"
            | b"bind"
            | b"break"
            | b"builtin"
            | b"cd"
            | b"command"
            | b"continue"
            | b"declare"
            | b"echo"
            | b"eval"
            | b"exec"
            | b"exit"
            | b"export"
            | b"false"
            | b"fg"
            | b"getopts"
            | b"hash"
            | b"jobs"
            | b"kill"
            | b"let"
            | b"local"
            | b"logout"
            | b"popd"
            | b"printf"
            | b"pushd"
            | b"pwd"
            | b"read"
            | b"readonly"
            | b"return"
            | b"set"
            | b"shift"
            | b"shopt"
            | b"source"
            | b"test"
            | b"trap"
            | b"true"
            | b"type"
            | b"typeset"
            | b"ulimit"
            | b"umask"
            | b"unalias"
            | b"unset"
            | b"wait"
    )
}
