package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aisecops/aisecops/internal/wire"
	"github.com/aisecops/aisecops/rules"
)

// pinCmd prints the filter.tool_pins entries for the tools of an MCP
// tools/list response: the pins the filter compares listed tools with
// (wire.ToolPinHash), keyed "server/tool" as the filter keys them.
func pinCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	server := fs.String("server", "", "the MCP server as the filter names it: authority and path, e.g. tools.internal:8080/mcp (required)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *server == "" || strings.ContainsAny(*server, "?# \t") || strings.Contains(*server, "://") ||
		strings.HasPrefix(*server, "/") || fs.NArg() > 1 {
		fmt.Fprint(stderr, "usage: aisecops pin --server AUTHORITY/PATH [TOOLS-LIST.json|-]\n"+
			"  --server is the request's :authority and path without the query (e.g. tools.internal:8080/mcp)\n")
		return exitUsage
	}
	name, in := "stdin", stdin
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		name = fs.Arg(0)
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "aisecops pin: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		in = f
	}
	const limit = 64 << 20
	body, err := io.ReadAll(io.LimitReader(in, limit+1))
	if err != nil {
		fmt.Fprintf(stderr, "aisecops pin: read %s: %v\n", name, err)
		return exitUsage
	}
	if len(body) > limit {
		fmt.Fprintf(stderr, "aisecops pin: %s: over %d bytes\n", name, limit)
		return exitUsage
	}
	i := strings.IndexByte(*server, '/')
	if i < 0 {
		i = len(*server)
	}
	srv := wire.PinServer((*server)[:i], "/"+strings.TrimPrefix((*server)[i:], "/"))
	if srv == "" {
		fmt.Fprintf(stderr, "aisecops pin: --server %q: the path is one the filter refuses (encoded slash, dot segment or control character)\n", *server)
		return exitUsage
	}
	pins, err := toolPins(srv, body)
	if err != nil {
		fmt.Fprintf(stderr, "aisecops pin: %s: %v\n", name, err)
		return exitUsage
	}
	out, _ := json.MarshalIndent(pins, "", "  ") // map keys are sorted
	fmt.Fprintf(stdout, "%s\n", out)
	return exitOK
}

// toolPins reads a tools/list response (a JSON body, or an event stream
// whose events carry it) and returns its pins.
func toolPins(server string, body []byte) (map[string]string, error) {
	bodies := [][]byte{body}
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] != '{' && t[0] != '[' {
		bodies = nil
		evs, err := wire.ReadSSE(body, len(body)+1)
		if err != nil {
			return nil, err
		}
		for _, ev := range evs {
			if ev.Data != "" {
				bodies = append(bodies, []byte(ev.Data))
			}
		}
	}
	pins := map[string]string{}
	for _, b := range bodies {
		p, err := wire.Extract(b, wire.ExtractOptions{Format: rules.FormatMCP, Direction: rules.Response})
		if err != nil {
			return nil, err
		}
		for _, d := range p.Tools {
			key, hash := server+"/"+d.Name, wire.ToolPinHash(d)
			if prev, ok := pins[key]; ok && prev != hash {
				return nil, fmt.Errorf("tool %q is listed twice with different definitions", d.Name)
			}
			pins[key] = hash
		}
	}
	if len(pins) == 0 {
		return nil, errors.New(`no tools found: want a tools/list response ({"jsonrpc":"2.0","id":...,"result":{"tools":[...]}})`)
	}
	return pins, nil
}
