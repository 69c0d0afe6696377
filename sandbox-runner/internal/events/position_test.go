package events

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLocate(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(dir, 0, key(t, secret))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	batch := []json.RawMessage{json.RawMessage(`{"event_id":"e1","n":1}`), json.RawMessage(`{"event_id":"e2","n":2}`), json.RawMessage(`{"event_id":"e3","n":3}`)}
	if _, err := l.Append(batch); err != nil {
		t.Fatal(err)
	}
	want := map[uint64]Position{
		1: {Seq: 1, Last: 3, HashOK: true, PrevOK: true, HasNext: true, NextOK: true},
		2: {Seq: 2, Last: 3, HashOK: true, PrevOK: true, HasNext: true, NextOK: true},
		3: {Seq: 3, Last: 3, HashOK: true, PrevOK: true},
	}
	for seq, w := range want {
		r, p, err := l.Locate(seq)
		if err != nil {
			t.Fatalf("seq %d: %v", seq, err)
		}
		w.PrevHash = p.PrevHash // checked below
		if p != w || !p.Verified() || r.Seq != seq {
			t.Errorf("seq %d: got %+v (record %d), want %+v", seq, p, r.Seq, w)
		}
		if seq > 1 && p.PrevHash != r.Prev {
			t.Errorf("seq %d: prev hash %q, record's prev %q", seq, p.PrevHash, r.Prev)
		}
	}
	for _, seq := range []uint64{0, 4} {
		if _, _, err := l.Locate(seq); !errors.Is(err, ErrNoRecord) {
			t.Errorf("seq %d: got %v, want ErrNoRecord", seq, err)
		}
	}

	// An edit to record 2 on disk: its own hash no longer matches; its
	// neighbours' links, which compare stored hashes, still hold.
	seg := filepath.Join(dir, segmentName(1))
	b, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(seg, []byte(strings.Replace(string(b), `"n":2}`, `"n":5}`, 1)), 0o640); err != nil {
		t.Fatal(err)
	}
	if _, p, _ := l.Locate(2); p.HashOK || p.Verified() || !p.PrevOK || !p.NextOK {
		t.Errorf("edited record 2: got %+v, want only its hash broken", p)
	}
	if _, p, _ := l.Locate(3); !p.Verified() {
		t.Errorf("record 3 after record 2's edit: got %+v", p)
	}

	// Record 2 deleted: it is missing, and record 3 has no neighbour its
	// prev could be.
	lines := strings.SplitAfter(string(b), "\n")
	if err := os.WriteFile(seg, []byte(lines[0]+lines[2]), 0o640); err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.Locate(2); !errors.Is(err, ErrNoRecord) {
		t.Errorf("deleted record 2: got %v, want ErrNoRecord", err)
	}
	if _, p, _ := l.Locate(3); p.PrevOK || p.Verified() {
		t.Errorf("record 3 after record 2's deletion: got %+v", p)
	}
}
