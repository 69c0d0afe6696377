// Command starlark runs Python-like code from an agent inside the sandbox
// (compiled to wasip1, run by the sandbox-runner under wazero). The program
// is read from stdin; print writes to stdout; json and math are available.
// Exit status: 0 on success, 1 when the program fails (message on stderr),
// 2 when it cannot be read.
package main

import (
	"fmt"
	"io"
	"os"

	"go.starlark.net/lib/json"
	"go.starlark.net/lib/math"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

func main() { os.Exit(run(os.Stdin, os.Stdout, os.Stderr)) }

func run(in io.Reader, stdout, stderr io.Writer) int {
	src, err := io.ReadAll(io.LimitReader(in, 1<<20))
	if err != nil {
		fmt.Fprintln(stderr, "starlark: reading program:", err)
		return 2
	}
	thread := &starlark.Thread{
		Name:  "sandbox",
		Print: func(_ *starlark.Thread, msg string) { fmt.Fprintln(stdout, msg) },
	}
	opts := &syntax.FileOptions{While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true, Set: true}
	predeclared := starlark.StringDict{"json": json.Module, "math": math.Module}
	if _, err := starlark.ExecFileOptions(opts, thread, "main.star", src, predeclared); err != nil {
		if ee, ok := err.(*starlark.EvalError); ok {
			fmt.Fprintln(stderr, ee.Backtrace())
		} else {
			fmt.Fprintln(stderr, err)
		}
		return 1
	}
	return 0
}
