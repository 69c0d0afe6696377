// Package events is the runner's append-only security event log. Each
// event from a filter is wrapped in a record with a sequence number and a
// hash chained to the previous record; a batch is acknowledged only after
// it is fsync'd, so an acknowledged event survives a crash. Segments
// rotate by size. On open the chain is verified and a torn last line (a
// write that was never acknowledged) is cut off.
package events

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/aisecops/aisecops/internal/jsonx"
)

// Record is one stored event.
type Record struct {
	Seq   uint64          `json:"seq"`
	Prev  string          `json:"prev"`
	Hash  string          `json:"hash"`
	Event json.RawMessage `json:"event"`
}

// Limits of ingestion.
const (
	MaxEventBytes = 64 << 10
	MaxBatch      = 1000
)

// Log is an open event log.
type Log struct {
	mu      sync.Mutex
	dir     string
	maxSize int64
	f       *os.File
	size    int64
	segment int
	seq     uint64
	prev    string
}

func segmentName(n int) string { return fmt.Sprintf("events-%06d.jsonl", n) }

func segments(dir string) ([]int, error) {
	names, err := filepath.Glob(filepath.Join(dir, "events-*.jsonl"))
	if err != nil {
		return nil, err
	}
	var out []int
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(n), "events-"), ".jsonl")
		if i, err := strconv.Atoi(base); err == nil {
			out = append(out, i)
		}
	}
	sort.Ints(out)
	return out, nil
}

// Open opens (or creates) the log in dir, verifying the chain.
func Open(dir string, maxSegmentBytes int64) (*Log, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	if maxSegmentBytes <= 0 {
		maxSegmentBytes = 64 << 20
	}
	l := &Log{dir: dir, maxSize: maxSegmentBytes, segment: 1}
	segs, err := segments(dir)
	if err != nil {
		return nil, err
	}
	for i, n := range segs {
		last := i == len(segs)-1
		if err := l.scan(n, last); err != nil {
			return nil, err
		}
		l.segment = n
	}
	f, err := os.OpenFile(filepath.Join(dir, segmentName(l.segment)), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	l.f, l.size = f, st.Size()
	return l, nil
}

// scan reads one segment, checking the chain; on the last segment a torn
// final line is truncated away.
func (l *Log) scan(n int, last bool) error {
	path := filepath.Join(l.dir, segmentName(n))
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	good := 0
	for off := 0; off < len(b); {
		nl := bytes.IndexByte(b[off:], '\n')
		if nl < 0 {
			break // torn line: never acknowledged
		}
		line := b[off : off+nl]
		var r Record
		if err := json.Unmarshal(line, &r); err != nil {
			return fmt.Errorf("events: %s: record after seq %d is corrupt: %w", path, l.seq, err)
		}
		if r.Seq != l.seq+1 || r.Prev != l.prev || r.Hash != chainHash(r.Prev, r.Event) {
			return fmt.Errorf("events: %s: chain broken at seq %d (edit or gap)", path, r.Seq)
		}
		l.seq, l.prev = r.Seq, r.Hash
		off += nl + 1
		good = off
	}
	if good < len(b) {
		if !last {
			return fmt.Errorf("events: %s: torn record in a closed segment", path)
		}
		if err := os.Truncate(path, int64(good)); err != nil {
			return fmt.Errorf("events: %w", err)
		}
	}
	return nil
}

func chainHash(prev string, event []byte) string {
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write([]byte{'\n'})
	h.Write(jsonx.Canonical(event))
	return hex.EncodeToString(h.Sum(nil))
}

// Validate checks a batch before anything is written: each event must be a
// strict JSON object under MaxEventBytes.
func Validate(batch []json.RawMessage) error {
	if len(batch) == 0 {
		return errors.New("empty batch")
	}
	if len(batch) > MaxBatch {
		return fmt.Errorf("batch of %d events, limit %d", len(batch), MaxBatch)
	}
	for i, e := range batch {
		if len(e) > MaxEventBytes {
			return fmt.Errorf("events[%d]: %d bytes, limit %d", i, len(e), MaxEventBytes)
		}
		if err := jsonx.Check(e, 16); err != nil {
			return fmt.Errorf("events[%d]: %w", i, err)
		}
		if t := bytes.TrimSpace(e); len(t) == 0 || t[0] != '{' {
			return fmt.Errorf("events[%d]: not a JSON object", i)
		}
	}
	return nil
}

// Append writes a validated batch and fsyncs it; the returned sequence
// numbers are only given once the batch is durable.
func (l *Log) Append(batch []json.RawMessage) (first, last uint64, err error) {
	if err := Validate(batch); err != nil {
		return 0, 0, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var buf bytes.Buffer
	seq, prev := l.seq, l.prev
	for _, e := range batch {
		seq++
		r := Record{Seq: seq, Prev: prev, Hash: chainHash(prev, e), Event: json.RawMessage(bytes.TrimSpace(e))}
		line, err := json.Marshal(r)
		if err != nil {
			return 0, 0, err
		}
		buf.Write(line)
		buf.WriteByte('\n')
		prev = r.Hash
	}
	if _, err := l.f.Write(buf.Bytes()); err != nil {
		return 0, 0, fmt.Errorf("events: write: %w", err)
	}
	if err := l.f.Sync(); err != nil {
		return 0, 0, fmt.Errorf("events: fsync: %w", err)
	}
	first = l.seq + 1
	l.seq, l.prev = seq, prev
	l.size += int64(buf.Len())
	if l.size >= l.maxSize {
		if err := l.rotate(); err != nil {
			return first, seq, err
		}
	}
	return first, seq, nil
}

func (l *Log) rotate() error {
	if err := l.f.Close(); err != nil {
		return err
	}
	l.segment++
	f, err := os.OpenFile(filepath.Join(l.dir, segmentName(l.segment)), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		return fmt.Errorf("events: rotate: %w", err)
	}
	if d, err := os.Open(l.dir); err == nil {
		d.Sync()
		d.Close()
	}
	l.f, l.size = f, 0
	return nil
}

// Seq is the last stored sequence number.
func (l *Log) Seq() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seq
}

// Since writes the records after seq (at most limit) as JSON lines.
func (l *Log) Since(seq uint64, limit int, w io.Writer) (int, error) {
	l.mu.Lock()
	segs, err := segments(l.dir)
	l.mu.Unlock()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range segs {
		f, err := os.Open(filepath.Join(l.dir, segmentName(s)))
		if err != nil {
			return n, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 64<<10), 4*MaxEventBytes)
		for sc.Scan() && n < limit {
			line := sc.Bytes()
			var r struct {
				Seq uint64 `json:"seq"`
			}
			if json.Unmarshal(line, &r) != nil || r.Seq <= seq {
				continue
			}
			w.Write(line)
			w.Write([]byte{'\n'})
			n++
		}
		f.Close()
		if n >= limit {
			break
		}
	}
	return n, nil
}

// Close closes the log.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Close()
}
