package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aisecops/aisecops/internal/eventchain"
)

const eventsUsage = `usage: aisecops events verify [flags] URL|DIR|FILE

Checks the sandbox-runner's event log and names the first place it does
not hold (file or URL, line, seq, and why: bad_record, seq_gap,
prev_mismatch, bad_mac, truncated, bad_checkpoint, no_checkpoint).

Which chains exist, and what is checked:
  - the runner's log chain (checked, needs the runner's audit key): each
    record {seq, prev, mac, event} carries an HMAC-SHA256 over its seq, the
    previous record's MAC and the canonical event; head.json (GET
    /v1/events/head) is the signed checkpoint of the last acknowledged
    record, which a cut tail falls short of.
  - each filter VM's own chain (checked, no key): events carry event_id
    "<vm>-<n>", prev_hash and hash (SHA-256 of the event without "hash").
    Within the runner's log a VM's numbers must follow each other: a gap
    is an event that never reached the runner (dropped at the filter's
    queue bound, or lost). Unkeyed: it shows loss, not forgery.

Sources:
  URL   a runner (http[s]://host:port): GET /v1/events/head, then every
        record from GET /v1/events, with the approver token
  DIR   the runner's event directory (DATA_DIR/events): segments
        events-NNNNNN.jsonl in order, and head.json
  FILE  records as JSON lines (an export); the tail is checked only
        with --head

flags:
`

// eventsCmd is `aisecops events verify`.
func eventsCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprint(stderr, eventsUsage)
		return exitUsage
	}
	fs := flag.NewFlagSet("events verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, eventsUsage); fs.PrintDefaults() }
	keyFile := fs.String("key-file", os.Getenv("AISECOPS_AUDIT_KEY_FILE"), "file holding the runner's audit key (default $AISECOPS_AUDIT_KEY_FILE; else $AISECOPS_AUDIT_KEY holds the key itself)")
	token := fs.String("token", os.Getenv("AISECOPS_APPROVER_TOKEN"), "approver bearer token, for a URL")
	headFile := fs.String("head", "", "FILE: the checkpoint (head.json) to check the tail against")
	expect := fs.Uint64("expect-seq", 0, "an anchor kept elsewhere (a scraped aisecops_runner_events_head_seq, a logged checkpoint): the log must reach this seq")
	if err := fs.Parse(args[1:]); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	key, err := auditKey(*keyFile)
	if err != nil {
		fmt.Fprintf(stderr, "events verify: %v\n", err)
		return exitUsage
	}
	src := fs.Arg(0)
	var res verifyResult
	switch {
	case strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://"):
		if *token == "" {
			fmt.Fprint(stderr, "events verify: --token or $AISECOPS_APPROVER_TOKEN is required for a URL\n")
			return exitUsage
		}
		res, err = verifyURL(key, src, *token)
	default:
		st, serr := os.Stat(src)
		switch {
		case serr != nil:
			err = serr
		case st.IsDir():
			res, err = verifyDir(key, src)
		default:
			res, err = verifyFile(key, src, *headFile)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "events verify: %v\n", err)
		return exitUsage
	}
	if res.brk == nil && *expect > res.seq {
		res.brk = &eventchain.Break{Kind: eventchain.Truncated, Seq: res.seq + 1, Source: src,
			Detail: fmt.Sprintf("the log ends at seq %d, short of the --expect-seq anchor %d", res.seq, *expect)}
	}
	return res.report(src, stdout)
}

// auditKey reads the key from a file or $AISECOPS_AUDIT_KEY.
func auditKey(file string) (eventchain.Key, error) {
	v := os.Getenv("AISECOPS_AUDIT_KEY")
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return eventchain.Key{}, fmt.Errorf("--key-file: %w", err)
		}
		v = strings.TrimRight(string(b), " \t\r\n")
	}
	if v == "" {
		return eventchain.Key{}, errors.New("the runner's audit key is required (--key-file or $AISECOPS_AUDIT_KEY): without it no MAC can be checked")
	}
	return eventchain.NewKey([]byte(v))
}

type verifyResult struct {
	seq      uint64
	records  int
	head     *eventchain.Head
	tailNote string
	brk      *eventchain.Break
	vms      *eventchain.VMChains
}

func (r *verifyResult) report(src string, w io.Writer) int {
	fmt.Fprintf(w, "runner chain (%s): %d record(s), last seq %d\n", src, r.records, r.seq)
	switch {
	case r.head != nil:
		fmt.Fprintf(w, "checkpoint: seq %d at %s\n", r.head.Seq, r.head.Time)
	case r.tailNote != "":
		fmt.Fprintf(w, "checkpoint: %s\n", r.tailNote)
	}
	vmEvents := 0
	for _, n := range r.vms.Events {
		vmEvents += n
	}
	fmt.Fprintf(w, "filter VM chains: %d VM(s), %d event(s), %d gap(s)\n", len(r.vms.Events), vmEvents, len(r.vms.Gaps))
	for i, g := range r.vms.Gaps {
		if i == 20 {
			fmt.Fprintf(w, "  ... %d more\n", len(r.vms.Gaps)-20)
			break
		}
		fmt.Fprintf(w, "  VM %s, at runner seq %d: %s\n", g.VM, g.Seq, g.Detail)
	}
	if r.brk != nil {
		fmt.Fprintf(w, "BROKEN: %s\n", r.brk.Error())
		return exitRefused
	}
	if len(r.vms.Gaps) > 0 {
		fmt.Fprintln(w, "runner chain OK; events missing from filter VM chains (see above)")
		return exitRefused
	}
	fmt.Fprintln(w, "OK")
	return exitOK
}

// chainReader feeds lines to a verifier and the VM chains, stopping at the
// first break.
type chainReader struct {
	v   *eventchain.Verifier
	vms *eventchain.VMChains
	brk *eventchain.Break
}

func newChainReader(key eventchain.Key, head *eventchain.Head) *chainReader {
	var hs uint64
	if head != nil {
		hs = head.Seq
	}
	return &chainReader{v: eventchain.NewVerifier(key, hs), vms: eventchain.NewVMChains()}
}

// read consumes r's lines as source; it returns the number of lines read.
func (c *chainReader) read(r io.Reader, source string, firstLine int) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		if c.brk != nil {
			return n, nil
		}
		n++
		line := sc.Bytes()
		if b := c.v.Next(line); b != nil {
			b.Source, b.Line = source, firstLine+n-1
			c.brk = b
			return n, nil
		}
		rec, _ := eventchain.ParseRecord(line)
		c.vms.Add(rec.Seq, rec.Event)
	}
	return n, sc.Err()
}

func (c *chainReader) result(head *eventchain.Head, headSource string, checkTail bool) verifyResult {
	res := verifyResult{seq: c.v.Seq(), records: c.v.Records(), head: head, brk: c.brk, vms: c.vms}
	if res.brk == nil && checkTail {
		if b := c.v.End(head); b != nil {
			b.Source = headSource
			res.brk = b
		}
	}
	return res
}

func readHead(path string) (*eventchain.Head, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseHead(b, path)
}

func parseHead(b []byte, source string) (*eventchain.Head, error) {
	h, err := eventchain.ParseHead(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	return h, nil
}

func verifyDir(key eventchain.Key, dir string) (verifyResult, error) {
	headPath := filepath.Join(dir, "head.json")
	head, err := readHead(headPath)
	if errors.Is(err, os.ErrNotExist) {
		head, err = nil, nil
	}
	if err != nil {
		return verifyResult{}, err
	}
	names, err := filepath.Glob(filepath.Join(dir, "events-*.jsonl"))
	if err != nil {
		return verifyResult{}, err
	}
	if len(names) == 0 && head == nil {
		return verifyResult{}, fmt.Errorf("%s: no events-*.jsonl segments and no head.json: not a runner event directory", dir)
	}
	sort.Strings(names) // fixed-width numbers: lexical order is numeric order
	c := newChainReader(key, head)
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return verifyResult{}, err
		}
		_, err = c.read(f, name, 1)
		f.Close()
		if err != nil {
			return verifyResult{}, fmt.Errorf("%s: %w", name, err)
		}
	}
	return c.result(head, headPath, true), nil
}

func verifyFile(key eventchain.Key, path, headPath string) (verifyResult, error) {
	var head *eventchain.Head
	if headPath != "" {
		h, err := readHead(headPath)
		if err != nil {
			return verifyResult{}, fmt.Errorf("--head: %w", err)
		}
		head = h
	}
	f, err := os.Open(path)
	if err != nil {
		return verifyResult{}, err
	}
	defer f.Close()
	c := newChainReader(key, head)
	if _, err := c.read(f, path, 1); err != nil {
		return verifyResult{}, fmt.Errorf("%s: %w", path, err)
	}
	res := c.result(head, headPath, head != nil)
	if head == nil {
		res.tailNote = "none given (--head): the tail is not checked"
	}
	return res, nil
}

// verifyURL reads the checkpoint first, then every record: records newer
// than the checkpoint are verified as the chain goes on.
func verifyURL(key eventchain.Key, base, token string) (verifyResult, error) {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return verifyResult{}, fmt.Errorf("invalid URL %q", base)
	}
	base = strings.TrimRight(base, "/")
	client := &http.Client{Timeout: 60 * time.Second}
	get := func(path string) (io.ReadCloser, error) {
		req, err := http.NewRequest("GET", base+path, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != 200 {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 500))
			resp.Body.Close()
			return nil, fmt.Errorf("GET %s: runner answered %d: %s", path, resp.StatusCode, strings.TrimSpace(string(b)))
		}
		return resp.Body, nil
	}
	body, err := get("/v1/events/head")
	if err != nil {
		return verifyResult{}, err
	}
	hb, err := io.ReadAll(io.LimitReader(body, 4096))
	body.Close()
	if err != nil {
		return verifyResult{}, err
	}
	head, err := parseHead(hb, base+"/v1/events/head")
	if err != nil {
		return verifyResult{}, err
	}
	const page = 10000
	c := newChainReader(key, head)
	source := base + "/v1/events"
	for line := 1; ; {
		body, err := get("/v1/events?since=" + strconv.FormatUint(c.v.Seq(), 10) + "&limit=" + strconv.Itoa(page))
		if err != nil {
			return verifyResult{}, err
		}
		n, err := c.read(body, source, line)
		body.Close()
		if err != nil {
			return verifyResult{}, err
		}
		line += n
		if c.brk != nil || n < page {
			break
		}
	}
	return c.result(head, base+"/v1/events/head", true), nil
}
