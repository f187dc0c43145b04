//! Console sessions: each line is a prompt and its command (shell, PowerShell, cmd or
//! Python), the continuation of a command, or output, which is never lexed.

use super::emit::{Class, run, span};
use super::powershell::lex_powershell;
use super::python::{PyState, lex_python, py_prompt_len};
use super::scan::{byte, find_near, lines, sub};
use super::shell::{ShState, lex_sh};

/// The length of a shell prompt at the start of `line`: `$ `, `# `, `% ` (or the sign
/// alone on its line), after an optional `(venv) ` and an optional `user@host:dir`,
/// `[user@host dir]` or `~/dir`.
fn shell_prompt_len(line: &[u8]) -> Option<usize> {
    let mut j = 0;
    if byte(line, 0) == b'(' {
        let close = find_near(line, 1, b')', 64)?;
        if byte(line, close + 1) != b' ' {
            return None;
        }
        j = close + 2;
    }
    let sign = |k: usize| {
        matches!(byte(line, k), b'$' | b'#' | b'%')
            && matches!(byte(line, k + 1), b' ' | b'\t' | b'\r' | 0)
            && (k + 1 >= line.len() || byte(line, k + 1) != 0)
    };
    if sign(j) {
        return Some((j + 2).min(line.len()));
    }
    // user@host:~/dir$ , [user@host dir]$ , ~/src$
    let b = byte(line, j);
    let k = if b == b'[' {
        find_near(line, j, b']', 80)? + 1
    } else if b.is_ascii_alphanumeric() || b == b'~' || b == b'/' {
        let mut k = j;
        let mut at = false;
        while let Some(&c) = line.get(k) {
            if c == b'@' {
                at = true;
            } else if !(c.is_ascii_alphanumeric() || b"_.-:~/".contains(&c)) {
                break;
            }
            k += 1;
        }
        if !(at || b == b'~') || k > j + 80 {
            return None;
        }
        k
    } else {
        return None;
    };
    sign(k).then(|| (k + 2).min(line.len()))
}

/// The length of a Windows prompt at the start of `line`, and whether it is
/// PowerShell's: `PS C:\src> `, `PS> `, or cmd's `C:\src>`.
fn windows_prompt_len(line: &[u8]) -> Option<(usize, bool)> {
    let powershell = line.starts_with(b"PS ") || line.starts_with(b"PS>");
    let drive = byte(line, 0).is_ascii_alphabetic() && sub(line, 1, 3) == b":\\";
    if !(powershell || drive) {
        return None;
    }
    let gt = find_near(line, 2, b'>', 200)?;
    match byte(line, gt + 1) {
        b' ' => Some((gt + 2, powershell)),
        _ if drive || gt + 1 >= line.len() || byte(line, gt + 1) == b'\r' => {
            Some((gt + 1, powershell))
        }
        _ => None,
    }
}

pub(super) fn console(s: &[u8], out: &mut Vec<u8>) {
    let mut sh = ShState::default();
    let mut py: Option<PyState> = None;
    for (a, b, newline) in lines(s) {
        let line = sub(s, a, b);
        if sh.busy() && !sh.continued && line.starts_with(b"$ ") {
            // A new command: the heredoc or the quote left open (an apostrophe, most
            // likely) ends here.
            sh = ShState::default();
        }
        if sh.busy() {
            // The command goes on: a continuation, a quoted newline or a heredoc body,
            // maybe after the secondary prompt.
            let p = if line.starts_with(b"> ") {
                2
            } else {
                usize::from(line == b">")
            };
            span(out, Class::Prompt, sub(line, 0, p));
            run(out, sub(line, p, line.len()), |lx| {
                lex_sh(lx, &mut sh, false, true)
            });
            sh.end_line();
        } else if let Some(p) =
            py_prompt_len(line).filter(|_| py.is_some() || byte(line, 0) == b'>')
        {
            span(out, Class::Prompt, sub(line, 0, p));
            let st = py.get_or_insert_with(PyState::default);
            run(out, sub(line, p, line.len()), |lx| lex_python(lx, st));
        } else if let Some((p, powershell)) = windows_prompt_len(line) {
            py = None;
            sh = ShState::default();
            span(out, Class::Prompt, sub(line, 0, p));
            let rest = sub(line, p, line.len());
            if powershell {
                run(out, rest, lex_powershell);
            } else {
                run(out, rest, |lx| lex_sh(lx, &mut sh, false, true));
                sh = ShState::default();
            }
        } else if let Some(p) = shell_prompt_len(line) {
            py = None;
            span(out, Class::Prompt, sub(line, 0, p));
            run(out, sub(line, p, line.len()), |lx| {
                lex_sh(lx, &mut sh, false, true)
            });
            sh.end_line();
        } else {
            if let Some(st) = &mut py {
                st.reset();
            }
            span(out, Class::Output, line);
        }
        if newline {
            out.push(b'\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::highlight::tests::{has, plain};

    #[test]
    fn console_session() {
        let code = "$ pip install \"requests>=2\" # pin\nCollecting requests\n(venv) $ export X=1 && echo $X ${Y}\n# apt-get install -y git\n% ls -la\n$ ./configure \\\n>   --prefix=/opt\nchecking... ok\n$ cat <<EOF > f\n> hello\n> EOF\n$\n";
        has(
            "console",
            code,
            &[
                ("prompt", "$ "),
                ("string", "\"requests>=2\""),
                ("comment", "# pin"),
                ("output", "Collecting requests"),
                ("prompt", "(venv) $ "),
                ("builtin", "export"),
                ("variable", "X"),
                ("variable", "$X"),
                ("variable", "${Y}"),
                ("prompt", "# "),
                ("prompt", "% "),
                ("prompt", "> "),
                ("output", "checking... ok"),
                ("string", "<<EOF"),
                ("string", "hello"),
                ("string", "EOF"),
                ("prompt", "$"),
            ],
        );
        plain("console", code, &["pip", "apt-get", "install", "ls"]);
        // Output is never lexed, even with quotes; a prompt-like word inside is not one.
        has(
            "console",
            "$ echo it\nit's a \"test\" # not a comment\n",
            &[("output", "it's a \"test\" # not a comment")],
        );
        // A quote left open goes on to the next line, which is not output.
        has(
            "console",
            "$ echo 'a\nb' c\nout\n",
            &[("string", "'a"), ("string", "b'"), ("output", "out")],
        );
        has(
            "console",
            "user@host:~/src$ make\n[me@box tmp]# id\n",
            &[
                ("prompt", "user@host:~/src$ "),
                ("prompt", "[me@box tmp]# "),
            ],
        );
        has(
            "console",
            "$ python3\n>>> print('hi')\nhi\n",
            &[
                ("prompt", ">>> "),
                ("builtin", "print"),
                ("string", "'hi'"),
                ("output", "hi"),
            ],
        );
    }

    #[test]
    fn open_quotes_end_at_the_next_command() {
        // An apostrophe leaves a quote open; the next `$ ` line is a command again.
        has(
            "console",
            "$ echo It's here\nwho knows\n$ ls\nok\n",
            &[("prompt", "$ "), ("builtin", "echo"), ("output", "ok")],
        );
        // In a Makefile each recipe line is a shell of its own.
        has("makefile", "a:\n\techo it's\nb: c\n", &[("function", "b")]);
    }

    #[test]
    fn windows_prompts_and_here_strings() {
        has(
            "console",
            "PS C:\\src> Get-Item -Path \"x\"\nC:\\src>py -m pip install x\nok\n",
            &[
                ("prompt", "PS C:\\src> "),
                ("function", "Get-Item"),
                ("string", "\"x\""),
                ("prompt", "C:\\src>"),
                ("output", "ok"),
            ],
        );
        // A shell block that starts with a prompt is a session.
        has(
            "sh",
            "$ ls\nfile.txt\n",
            &[("prompt", "$ "), ("output", "file.txt")],
        );
        // A here-string is not a heredoc: the next line is code.
        has("bash", "cat <<<EOF\necho x\n", &[("builtin", "echo")]);
    }
}
