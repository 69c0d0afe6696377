// Command sh runs a POSIX shell script from an agent inside the sandbox
// (compiled to wasip1, run by the sandbox-runner under wazero). The script
// is read from stdin. There are no external programs: besides the shell's
// own builtins, a few file commands (cat, ls, head, wc, mkdir, rm, touch,
// cp, mv) are implemented here and work only inside /scratch, the
// per-execution directory the runner mounts. wasip1 has no OS pipes, so
// pipelines (a | b) and heredocs are not available; redirections to and
// from files are.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"
)

const scratch = "/scratch"

func main() { os.Exit(run(os.Stdin, os.Stdout, os.Stderr)) }

func run(in io.Reader, stdout, stderr io.Writer) int {
	src, err := io.ReadAll(io.LimitReader(in, 1<<20))
	if err != nil {
		fmt.Fprintln(stderr, "sh: reading script:", err)
		return 2
	}
	file, err := syntax.NewParser().Parse(strings.NewReader(string(src)), "script.sh")
	if err != nil {
		fmt.Fprintln(stderr, "sh:", err)
		return 2
	}
	dir := scratch
	if _, err := os.Stat(scratch); err != nil {
		dir = "/"
	}
	r, err := interp.New(
		// No stdin for the script: on wasip1 a non-file stdin needs an OS
		// pipe, which wasip1 lacks (so do pipelines and heredocs).
		interp.StdIO(nil, stdout, stderr),
		interp.Env(expand.ListEnviron("HOME="+scratch, "PWD="+dir, "PATH=")),
		interp.Dir(dir),
		interp.OpenHandler(openInScratch),
		interp.ReadDirHandler2(readDirInScratch),
		interp.StatHandler(statInScratch),
		interp.ExecHandlers(func(interp.ExecHandlerFunc) interp.ExecHandlerFunc { return fileCommands }),
	)
	if err != nil {
		fmt.Fprintln(stderr, "sh:", err)
		return 2
	}
	err = r.Run(context.Background(), file)
	var status interp.ExitStatus
	switch {
	case err == nil:
		return 0
	case errors.As(err, &status):
		return int(status)
	default:
		fmt.Fprintln(stderr, "sh:", err)
		return 1
	}
}

// inScratch resolves p (relative to the shell's directory) and refuses
// anything outside /scratch.
func inScratch(ctx context.Context, p string) (string, error) {
	if !path.IsAbs(p) {
		p = path.Join(interp.HandlerCtx(ctx).Dir, p)
	}
	p = path.Clean(p)
	if p != scratch && !strings.HasPrefix(p, scratch+"/") {
		return "", &fs.PathError{Op: "open", Path: p, Err: fs.ErrPermission}
	}
	return p, nil
}

func openInScratch(ctx context.Context, p string, flag int, perm os.FileMode) (io.ReadWriteCloser, error) {
	if p == "/dev/null" {
		return devNull{}, nil
	}
	full, err := inScratch(ctx, p)
	if err != nil {
		return nil, err
	}
	return os.OpenFile(full, flag, perm)
}

func readDirInScratch(ctx context.Context, p string) ([]fs.DirEntry, error) {
	full, err := inScratch(ctx, p)
	if err != nil {
		return nil, err
	}
	return os.ReadDir(full)
}

func statInScratch(ctx context.Context, p string, follow bool) (fs.FileInfo, error) {
	full, err := inScratch(ctx, p)
	if err != nil {
		return nil, err
	}
	if follow {
		return os.Stat(full)
	}
	return os.Lstat(full)
}

type devNull struct{}

func (devNull) Read([]byte) (int, error)    { return 0, io.EOF }
func (devNull) Write(p []byte) (int, error) { return len(p), nil }
func (devNull) Close() error                { return nil }

// fileCommands implements the external commands the sandbox offers.
func fileCommands(ctx context.Context, args []string) error {
	hc := interp.HandlerCtx(ctx)
	out, errw := hc.Stdout, hc.Stderr
	fail := func(format string, a ...any) error {
		fmt.Fprintf(errw, args[0]+": "+format+"\n", a...)
		return interp.ExitStatus(1)
	}
	paths := func(from int) ([]string, error) {
		var ps []string
		for _, a := range args[from:] {
			if strings.HasPrefix(a, "-") {
				continue
			}
			p, err := inScratch(ctx, a)
			if err != nil {
				return nil, err
			}
			ps = append(ps, p)
		}
		return ps, nil
	}
	ps, err := paths(1)
	if err != nil {
		return fail("%v", err)
	}
	switch args[0] {
	case "cat":
		if len(ps) == 0 {
			return fail("reading stdin is not supported in the sandbox")
		}
		for _, p := range ps {
			b, err := os.ReadFile(p)
			if err != nil {
				return fail("%v", err)
			}
			out.Write(b)
		}
	case "head":
		n := 10
		for i := 1; i+1 < len(args); i++ {
			if args[i] == "-n" {
				fmt.Sscanf(args[i+1], "%d", &n)
			}
		}
		for _, p := range ps {
			f, err := os.Open(p)
			if err != nil {
				return fail("%v", err)
			}
			sc := bufio.NewScanner(f)
			for i := 0; i < n && sc.Scan(); i++ {
				fmt.Fprintln(out, sc.Text())
			}
			f.Close()
		}
	case "wc":
		for _, p := range ps {
			b, err := os.ReadFile(p)
			if err != nil {
				return fail("%v", err)
			}
			fmt.Fprintf(out, "%d %d %d %s\n", strings.Count(string(b), "\n"), len(strings.Fields(string(b))), len(b), path.Base(p))
		}
	case "ls":
		if len(ps) == 0 {
			ps = []string{hc.Dir}
		}
		for _, p := range ps {
			if _, err := inScratch(ctx, p); err != nil {
				return fail("%v", err)
			}
			entries, err := os.ReadDir(p)
			if err != nil {
				return fail("%v", err)
			}
			names := make([]string, 0, len(entries))
			for _, e := range entries {
				names = append(names, e.Name())
			}
			sort.Strings(names)
			for _, n := range names {
				fmt.Fprintln(out, n)
			}
		}
	case "mkdir":
		for _, p := range ps {
			if err := os.MkdirAll(p, 0o755); err != nil {
				return fail("%v", err)
			}
		}
	case "rm":
		for _, p := range ps {
			if p == scratch {
				return fail("refusing to remove %s", scratch)
			}
			if err := os.RemoveAll(p); err != nil {
				return fail("%v", err)
			}
		}
	case "touch":
		for _, p := range ps {
			f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY, 0o644)
			if err != nil {
				return fail("%v", err)
			}
			f.Close()
		}
	case "cp", "mv":
		if len(ps) != 2 {
			return fail("usage: %s SRC DST", args[0])
		}
		b, err := os.ReadFile(ps[0])
		if err != nil {
			return fail("%v", err)
		}
		if err := os.WriteFile(ps[1], b, 0o644); err != nil {
			return fail("%v", err)
		}
		if args[0] == "mv" {
			os.Remove(ps[0])
		}
	default:
		fmt.Fprintf(errw, "%s: command not found (the sandbox has no external programs)\n", args[0])
		return interp.ExitStatus(127)
	}
	return nil
}
