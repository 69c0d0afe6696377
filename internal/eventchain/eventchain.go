// Package eventchain is the format of the sandbox-runner's event log and
// its verification, shared by the runner (which writes it) and
// `aisecops events verify` (which checks it).
//
// Two chains exist. The runner's: each stored record carries a sequence
// number, the MAC of the record before it and its own MAC, an HMAC-SHA256
// under a key only the runner holds, so whoever can edit the files but
// lacks the key cannot edit, reorder or delete a record without the chain
// showing where; a signed checkpoint (Head) kept beside the segments names
// the last acknowledged record, so a cut tail shows too. And one per filter
// plugin instance (VM): each event carries prev_hash and hash, an unkeyed
// SHA-256 chain over that VM's events, which shows events that never
// reached the runner (a gap in a VM's numbering) but not an edit by
// someone who can recompute it. VMChains checks those.
//
// The package imports no host, network or file-system package: callers
// read the bytes.
package eventchain

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/aisecops/aisecops/internal/jsonx"
)

// MinKeyBytes is the shortest runner audit key accepted.
const MinKeyBytes = 32

// Record is one line of the runner's log.
type Record struct {
	Seq   uint64          `json:"seq"`
	Prev  string          `json:"prev"`
	MAC   string          `json:"mac"`
	Event json.RawMessage `json:"event"`
}

// Head is the signed checkpoint: the last record the runner acknowledged.
// Seq 0 (MAC "") is an empty log.
type Head struct {
	Seq  uint64 `json:"seq"`
	MAC  string `json:"mac"`
	Time string `json:"time"`
	Sig  string `json:"sig"`
}

// ParseHead reads a checkpoint strictly (unknown fields are an error).
func ParseHead(b []byte) (*Head, error) {
	var h Head
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return nil, fmt.Errorf("not a checkpoint: %w", err)
	}
	return &h, nil
}

// Key is the runner's audit key, derived from its secret so the same
// secret never MACs two kinds of message alike.
type Key struct{ k []byte }

// NewKey derives the chain key from the runner's audit secret.
func NewKey(secret []byte) (Key, error) {
	if len(secret) < MinKeyBytes {
		return Key{}, fmt.Errorf("audit key: %d bytes, need at least %d", len(secret), MinKeyBytes)
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("aisecops event chain v1"))
	return Key{k: m.Sum(nil)}, nil
}

// Valid reports whether the key was derived (the zero Key is not).
func (k Key) Valid() bool { return len(k.k) > 0 }

func (k Key) mac(parts ...string) string {
	m := hmac.New(sha256.New, k.k)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{'\n'})
	}
	return hex.EncodeToString(m.Sum(nil))
}

// RecordMAC is the MAC of the record at seq after prev: over the sequence
// number, the previous MAC and the canonical JSON of the event, so a
// record moved, renumbered or edited no longer matches.
func (k Key) RecordMAC(seq uint64, prev string, event []byte) string {
	return k.mac("record", strconv.FormatUint(seq, 10), prev, string(jsonx.Canonical(event)))
}

// Seal returns the record for event at seq after prev.
func (k Key) Seal(seq uint64, prev string, event []byte) Record {
	return Record{Seq: seq, Prev: prev, MAC: k.RecordMAC(seq, prev, event), Event: json.RawMessage(event)}
}

// SignHead fills h.Sig.
func (k Key) SignHead(h Head) Head {
	h.Sig = k.mac("head", strconv.FormatUint(h.Seq, 10), h.MAC, h.Time)
	return h
}

// CheckHead reports whether h carries a valid signature.
func (k Key) CheckHead(h Head) bool {
	want := k.SignHead(h).Sig
	return hmac.Equal([]byte(want), []byte(h.Sig))
}

// Break kinds.
const (
	BadRecord     = "bad_record"     // not a record (JSON, fields)
	SeqGap        = "seq_gap"        // not the next sequence number
	PrevMismatch  = "prev_mismatch"  // prev is not the MAC of the record before
	BadMAC        = "bad_mac"        // the record's MAC does not match its content
	Truncated     = "truncated"      // the log ends before the checkpoint
	BadCheckpoint = "bad_checkpoint" // the checkpoint's signature or MAC does not match
	NoCheckpoint  = "no_checkpoint"  // records but no checkpoint
)

// Break is the first place a chain does not hold.
type Break struct {
	Kind   string
	Seq    uint64 // the record's sequence number where known (else the expected one)
	Source string // file or URL
	Line   int    // 1-based line in Source; 0 when none
	Detail string
}

func (b *Break) Error() string {
	where := b.Source
	if b.Line > 0 {
		where += ":" + strconv.Itoa(b.Line)
	}
	if where != "" {
		where += ": "
	}
	return fmt.Sprintf("%sseq %d: %s: %s", where, b.Seq, b.Kind, b.Detail)
}

// Verifier checks records in order. The zero value is not usable: use
// NewVerifier.
type Verifier struct {
	key  Key
	seq  uint64
	prev string
	// headSeq is the checkpoint's record: its MAC is kept for End.
	headSeq uint64
	headMAC string
	n       int
}

// NewVerifier starts a chain at seq 1. headSeq is the checkpoint's record
// (0 when not known yet), whose MAC End compares.
func NewVerifier(k Key, headSeq uint64) *Verifier {
	return &Verifier{key: k, headSeq: headSeq}
}

// Seq is the last verified sequence number; Prev its MAC.
func (v *Verifier) Seq() uint64  { return v.seq }
func (v *Verifier) Prev() string { return v.prev }

// Records is the number of records verified.
func (v *Verifier) Records() int { return v.n }

// ParseRecord reads one line of the log strictly.
func ParseRecord(line []byte) (Record, error) {
	var r Record
	if err := jsonx.Check(line, 64); err != nil {
		return r, err
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, err
	}
	if len(r.Event) == 0 || r.Event[0] != '{' {
		return r, errors.New("event: want a JSON object")
	}
	if len(r.MAC) != 64 {
		return r, fmt.Errorf("mac: want 64 hex digits, got %d characters", len(r.MAC))
	}
	return r, nil
}

// Next checks one record line; the first failure is returned (and the
// verifier should not be fed further).
func (v *Verifier) Next(line []byte) *Break {
	want := v.seq + 1
	r, err := ParseRecord(line)
	if err != nil {
		return &Break{Kind: BadRecord, Seq: want, Detail: fmt.Sprintf("record after seq %d: %v", v.seq, err)}
	}
	if r.Seq != want {
		d := fmt.Sprintf("expected seq %d, found %d", want, r.Seq)
		switch {
		case r.Seq > want:
			d += fmt.Sprintf(" (records %d..%d missing or moved)", want, r.Seq-1)
		default:
			d += " (a record repeated or moved back)"
		}
		return &Break{Kind: SeqGap, Seq: r.Seq, Detail: d}
	}
	if r.Prev != v.prev {
		return &Break{Kind: PrevMismatch, Seq: r.Seq, Detail: fmt.Sprintf("prev %s is not the MAC of seq %d (%s): a record before it was removed, replaced or moved", short(r.Prev), v.seq, short(v.prev))}
	}
	if want := v.key.RecordMAC(r.Seq, r.Prev, r.Event); !hmac.Equal([]byte(want), []byte(r.MAC)) {
		return &Break{Kind: BadMAC, Seq: r.Seq, Detail: "the MAC does not match the record: its event, seq or prev was edited (or the key is not the runner's)"}
	}
	v.seq, v.prev = r.Seq, r.MAC
	if r.Seq == v.headSeq {
		v.headMAC = r.MAC
	}
	v.n++
	return nil
}

// End checks the end of the log against the checkpoint h (nil: none was
// found, which is a break when there are records).
func (v *Verifier) End(h *Head) *Break {
	if h == nil {
		if v.seq == 0 {
			return nil
		}
		return &Break{Kind: NoCheckpoint, Seq: v.seq, Detail: "no checkpoint (head) to check the tail against"}
	}
	if !v.key.CheckHead(*h) {
		return &Break{Kind: BadCheckpoint, Seq: h.Seq, Detail: "the checkpoint's signature does not match (edited, or the key is not the runner's)"}
	}
	if v.seq < h.Seq {
		return &Break{Kind: Truncated, Seq: v.seq + 1, Detail: fmt.Sprintf("the log ends at seq %d but the checkpoint says seq %d was acknowledged: records %d..%d were cut", v.seq, h.Seq, v.seq+1, h.Seq)}
	}
	if h.Seq > 0 && h.Seq != v.headSeq {
		return &Break{Kind: BadCheckpoint, Seq: h.Seq, Detail: "verifier started without the checkpoint's seq"}
	}
	if h.Seq > 0 && !hmac.Equal([]byte(v.headMAC), []byte(h.MAC)) {
		return &Break{Kind: BadCheckpoint, Seq: h.Seq, Detail: "the record at the checkpoint's seq is not the one the checkpoint signed"}
	}
	return nil
}

// EventID reads an event's event_id ("" when it has none or is not an
// object).
func EventID(event []byte) string {
	var e struct {
		ID string `json:"event_id"`
	}
	if json.Unmarshal(event, &e) != nil {
		return ""
	}
	return e.ID
}

// VMGap is a break in one filter VM's own chain.
type VMGap struct {
	VM     string // the event_id prefix of the plugin instance
	Seq    uint64 // the runner record where it shows
	Detail string
}

// VMChains follows the filters' per-VM chains (event_id "<vm>-<n>",
// prev_hash, hash) across the records of a log.
type VMChains struct {
	last map[string]vmState
	Gaps []VMGap
	// Events counts events by VM.
	Events map[string]int
}

type vmState struct {
	n    uint64
	hash string
}

// NewVMChains starts empty.
func NewVMChains() *VMChains {
	return &VMChains{last: map[string]vmState{}, Events: map[string]int{}}
}

// Add checks one event (stored at runner seq) against its VM's chain: its
// hash must recompute, its number follow the VM's last one and its
// prev_hash be that event's hash. A VM's first event may start anywhere
// (the log may begin after the VM did).
func (c *VMChains) Add(seq uint64, event []byte) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(event, &obj) != nil {
		return
	}
	var id, hash, prev string
	json.Unmarshal(obj["event_id"], &id)
	json.Unmarshal(obj["hash"], &hash)
	json.Unmarshal(obj["prev_hash"], &prev)
	i := strings.LastIndexByte(id, '-')
	if i <= 0 || hash == "" {
		return
	}
	vm := id[:i]
	n, err := strconv.ParseUint(id[i+1:], 10, 64)
	if err != nil {
		return
	}
	c.Events[vm]++
	delete(obj, "hash")
	body, _ := json.Marshal(obj)
	if got := jsonx.SHA256Hex(jsonx.Canonical(body)); got != hash {
		c.Gaps = append(c.Gaps, VMGap{VM: vm, Seq: seq, Detail: fmt.Sprintf("event %s: its hash does not recompute", id)})
	}
	if st, ok := c.last[vm]; ok {
		switch {
		case n != st.n+1:
			c.Gaps = append(c.Gaps, VMGap{VM: vm, Seq: seq, Detail: fmt.Sprintf("event %s follows %s-%d: %d event(s) of this VM are not in the log", id, vm, st.n, int64(n)-int64(st.n)-1)})
		case prev != st.hash:
			c.Gaps = append(c.Gaps, VMGap{VM: vm, Seq: seq, Detail: fmt.Sprintf("event %s: prev_hash is not the hash of %s-%d", id, vm, st.n)})
		}
	} else if n == 1 && prev != "" {
		c.Gaps = append(c.Gaps, VMGap{VM: vm, Seq: seq, Detail: fmt.Sprintf("event %s: the first event of its VM has a prev_hash", id)})
	}
	c.last[vm] = vmState{n: n, hash: hash}
}

func short(mac string) string {
	if mac == "" {
		return "(none)"
	}
	if len(mac) > 16 {
		return mac[:16] + "..."
	}
	return mac
}
