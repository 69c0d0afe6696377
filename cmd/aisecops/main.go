// Command aisecops is the operator CLI: validate policies, scan payloads
// with the same engine the filter runs, and evaluate detection quality.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes shared by every subcommand.
const (
	exitOK      = 0
	exitRefused = 1 // something was refused (scan) or quality below target
	exitUsage   = 2 // usage or input error
)

const usage = `aisecops: AISecOps operator CLI

usage:
  aisecops policy validate FILE
  aisecops scan [--policy FILE] [--format F] [--direction request|response] [--summary] PAYLOAD.json...
  aisecops eval --corpus DIR [--policy FILE] [--channel untrusted|user] [--lofo] [--json]
  aisecops train --corpus DIR [--sources FILE] --out FILE
  aisecops approvals list|show|approve|deny [--runner URL] [--token TOKEN] [ID]
  aisecops oci [--wasm FILE] [--out DIR] [--ref NAME:TAG]
  aisecops replay [--policy FILE] [--baseline FILE] [--direction D] PAYLOAD.json|RECORDING.jsonl...
  aisecops pin --server AUTHORITY/PATH [TOOLS-LIST.json|-]
  aisecops events verify [--key-file FILE] [--token TOKEN] [--head FILE] [--expect-seq N] URL|DIR|FILE

exit codes: 0 allowed / valid, 1 something refused (events verify: a break), 2 usage or input error
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "policy":
		if len(args) != 3 || args[1] != "validate" {
			fmt.Fprint(stderr, "usage: aisecops policy validate FILE\n")
			return exitUsage
		}
		return policyValidate(args[2], stdout, stderr)
	case "scan":
		return scan(args[1:], stdout, stderr)
	case "eval":
		return evalCmd(args[1:], stdout, stderr)
	case "train":
		return trainCmd(args[1:], stdout, stderr)
	case "approvals":
		return approvalsCmd(args[1:], stdout, stderr)
	case "oci":
		return ociCmd(args[1:], stdout, stderr)
	case "replay":
		return replayCmd(args[1:], stdout, stderr)
	case "pin":
		return pinCmd(args[1:], os.Stdin, stdout, stderr)
	case "events":
		return eventsCmd(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "aisecops: unknown command %q\n%s", args[0], usage)
	return exitUsage
}
