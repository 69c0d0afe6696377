package events

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aisecops/aisecops/internal/eventchain"
)

// ErrNoRecord is Locate's answer for a sequence number the log does not
// hold.
var ErrNoRecord = errors.New("no such record")

// Position is where one record sits in the chain and whether its links to
// its neighbours hold, as a verifier reading the log would find them.
type Position struct {
	Seq, Last uint64 // the record's sequence number; the log's last
	// HashOK: the record's MAC is the keyed MAC of its seq, prev and
	// event.
	HashOK bool
	// PrevOK: its prev is the previous record's hash ("" for seq 1).
	PrevOK bool
	// NextOK: the next record's prev is its hash; HasNext is false for
	// the last record, which nothing links to yet.
	NextOK, HasNext bool
	PrevHash        string // the previous record's stored MAC ("" at seq 1)
}

// Verified is true when every link the record has holds.
func (p Position) Verified() bool { return p.HashOK && p.PrevOK && (!p.HasNext || p.NextOK) }

// Locate returns the record with sequence number seq and its position in
// the chain, checked against the records either side of it.
func (l *Log) Locate(seq uint64) (eventchain.Record, Position, error) {
	last := l.Seq()
	if seq == 0 || seq > last {
		return eventchain.Record{}, Position{}, fmt.Errorf("events: seq %d: %w (the log holds 1..%d)", seq, ErrNoRecord, last)
	}
	var buf bytes.Buffer
	if _, err := l.Since(max(seq, 2)-2, 3, &buf); err != nil {
		return eventchain.Record{}, Position{}, err
	}
	got := map[uint64]eventchain.Record{}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(make([]byte, 0, 64<<10), 4*MaxEventBytes)
	for sc.Scan() {
		var r eventchain.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return eventchain.Record{}, Position{}, fmt.Errorf("events: a record near seq %d is corrupt: %w", seq, err)
		}
		got[r.Seq] = r
	}
	r, ok := got[seq]
	if !ok {
		return eventchain.Record{}, Position{}, fmt.Errorf("events: seq %d: %w (missing from the segments)", seq, ErrNoRecord)
	}
	p := Position{Seq: seq, Last: last, HashOK: r.MAC == l.key.RecordMAC(r.Seq, r.Prev, r.Event)}
	if seq == 1 {
		p.PrevOK = r.Prev == ""
	} else if prev, ok := got[seq-1]; ok {
		p.PrevHash = prev.MAC
		p.PrevOK = r.Prev == prev.MAC
	}
	if next, ok := got[seq+1]; ok {
		p.HasNext, p.NextOK = true, next.Prev == r.MAC
	} else if seq < last {
		p.HasNext = true // the next record should be there and is not
	}
	return r, p, nil
}
