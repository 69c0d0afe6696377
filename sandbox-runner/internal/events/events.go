// Package events is the runner's append-only security event log. Each
// event from a filter is wrapped in a record with a sequence number and an
// HMAC chained to the previous record (internal/eventchain), under the
// runner's audit key. A batch is acknowledged only after it is fsync'd and
// the signed checkpoint (head.json: the last record's seq and MAC) is
// replaced, so an acknowledged event survives a crash and a cut tail is
// seen. Events are deduplicated by event_id over a window of recent ids,
// so a filter that retries a batch whose answer it lost stores it once.
// Segments rotate by size. On open the chain and the checkpoint are
// verified and a torn last line (a write that was never acknowledged) is
// cut off.
package events

import (
	"bufio"
	"bytes"
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
	"time"

	"github.com/aisecops/aisecops/internal/eventchain"
	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/runnerapi"
)

// Limits of ingestion.
const (
	MaxEventBytes   = runnerapi.MaxEventBytes
	MaxBatch        = runnerapi.MaxEventBatch
	MaxEventIDBytes = 128
	// DedupWindow is how many recent event ids are remembered. A filter
	// retries a batch before it sends anything newer, at most 30 s after
	// the first try (plus its timeout), so a retry is recognised unless
	// this many events from other filters were stored in between.
	DedupWindow = 200_000
)

// HeadFile is the checkpoint's name in the log directory.
const HeadFile = "head.json"

// Log is an open event log.
type Log struct {
	mu      sync.Mutex
	dir     string
	key     eventchain.Key
	maxSize int64
	f       *os.File
	size    int64
	segment int
	seq     uint64
	prev    string
	head    eventchain.Head
	// recent event ids: a set and the ring that ages them out.
	ids  map[string]struct{}
	ring []string
	next int
}

func segmentName(n int) string { return fmt.Sprintf("events-%06d.jsonl", n) }

// Segments lists the segment numbers in dir, in order.
func Segments(dir string) ([]int, error) {
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

// ReadHead reads dir's checkpoint (nil, nil when there is none).
func ReadHead(dir string) (*eventchain.Head, error) {
	b, err := os.ReadFile(filepath.Join(dir, HeadFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	h, err := eventchain.ParseHead(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", HeadFile, err)
	}
	return h, nil
}

// Open opens (or creates) the log in dir, verifying the chain under key
// and the tail against the checkpoint. A broken chain is an error naming
// the first break: the runner does not append to a log it cannot vouch
// for.
func Open(dir string, maxSegmentBytes int64, key eventchain.Key) (*Log, error) {
	if !key.Valid() {
		return nil, errors.New("events: no audit key")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	if maxSegmentBytes <= 0 {
		maxSegmentBytes = 64 << 20
	}
	l := &Log{dir: dir, key: key, maxSize: maxSegmentBytes, segment: 1,
		ids: make(map[string]struct{}), ring: make([]string, DedupWindow)}
	os.Remove(filepath.Join(dir, HeadFile+".tmp"))
	head, err := ReadHead(dir)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	segs, err := Segments(dir)
	if err != nil {
		return nil, err
	}
	var headSeq uint64
	if head != nil {
		headSeq = head.Seq
	}
	v := eventchain.NewVerifier(key, headSeq)
	for i, n := range segs {
		if err := l.scan(v, n, i == len(segs)-1); err != nil {
			return nil, err
		}
		l.segment = n
	}
	if brk := v.End(head); brk != nil {
		brk.Source = filepath.Join(dir, HeadFile)
		return nil, fmt.Errorf("events: %w (check with `aisecops events verify %s`)", brk, dir)
	}
	l.seq, l.prev = v.Seq(), v.Prev()
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
	if head == nil || head.Seq != l.seq {
		// A new log, or records written but not acknowledged before a
		// crash (they are whole and chained): sign them now.
		if err := l.writeHead(); err != nil {
			f.Close()
			return nil, err
		}
	} else {
		l.head = *head
	}
	return l, nil
}

// scan reads one segment through the verifier; on the last segment a torn
// final line is truncated away.
func (l *Log) scan(v *eventchain.Verifier, n int, last bool) error {
	path := filepath.Join(l.dir, segmentName(n))
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	good, lineNo := 0, 0
	for off := 0; off < len(b); {
		nl := bytes.IndexByte(b[off:], '\n')
		if nl < 0 {
			break // torn line: never acknowledged
		}
		lineNo++
		line := b[off : off+nl]
		if brk := v.Next(line); brk != nil {
			brk.Source, brk.Line = path, lineNo
			return fmt.Errorf("events: %w (check with `aisecops events verify %s`)", brk, l.dir)
		}
		if r, err := eventchain.ParseRecord(line); err == nil {
			l.remember(eventchain.EventID(r.Event))
		}
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

// remember adds id to the dedup window, forgetting the oldest.
func (l *Log) remember(id string) {
	if id == "" {
		return
	}
	if old := l.ring[l.next]; old != "" {
		delete(l.ids, old)
	}
	l.ring[l.next] = id
	l.ids[id] = struct{}{}
	l.next = (l.next + 1) % len(l.ring)
}

// Validate checks a batch before anything is written: each event must be a
// strict JSON object under MaxEventBytes with an event_id.
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
		var id struct {
			ID *json.RawMessage `json:"event_id"`
		}
		json.Unmarshal(e, &id)
		var s string
		switch {
		case id.ID == nil:
			return fmt.Errorf("events[%d]: event_id: required (it is what a retried batch is recognised by)", i)
		case json.Unmarshal(*id.ID, &s) != nil || s == "":
			return fmt.Errorf("events[%d]: event_id: want a non-empty string, got %.40s", i, *id.ID)
		case len(s) > MaxEventIDBytes:
			return fmt.Errorf("events[%d]: event_id: %d bytes, limit %d", i, len(s), MaxEventIDBytes)
		}
	}
	return nil
}

// Stored is what one Append did.
type Stored struct {
	// FirstSeq and LastSeq are the sequence numbers given to the new
	// events (both 0 when all were duplicates).
	FirstSeq, LastSeq uint64
	// Duplicates is the number of events already stored (by event_id),
	// which were not stored again.
	Duplicates int
}

// Append writes a validated batch, fsyncs it and signs the new checkpoint;
// only then are the sequence numbers returned. Events whose event_id was
// stored recently (or earlier in the batch) are skipped and counted.
func (l *Log) Append(batch []json.RawMessage) (Stored, error) {
	if err := Validate(batch); err != nil {
		return Stored{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var out Stored
	var buf bytes.Buffer
	seq, prev := l.seq, l.prev
	fresh := map[string]struct{}{}
	var ids []string
	for _, e := range batch {
		id := eventchain.EventID(e)
		if _, dup := l.ids[id]; dup {
			out.Duplicates++
			continue
		}
		if _, dup := fresh[id]; dup {
			out.Duplicates++
			continue
		}
		fresh[id] = struct{}{}
		ids = append(ids, id)
		seq++
		r := l.key.Seal(seq, prev, bytes.TrimSpace(e))
		line, err := json.Marshal(r)
		if err != nil {
			return Stored{}, err
		}
		buf.Write(line)
		buf.WriteByte('\n')
		prev = r.MAC
	}
	if len(ids) == 0 {
		return out, nil
	}
	if _, err := l.f.Write(buf.Bytes()); err != nil {
		return Stored{}, fmt.Errorf("events: write: %w", err)
	}
	if err := l.f.Sync(); err != nil {
		return Stored{}, fmt.Errorf("events: fsync: %w", err)
	}
	out.FirstSeq, out.LastSeq = l.seq+1, seq
	l.seq, l.prev = seq, prev
	for _, id := range ids {
		l.remember(id)
	}
	l.size += int64(buf.Len())
	if err := l.writeHead(); err != nil {
		return Stored{}, err
	}
	if l.size >= l.maxSize {
		if err := l.rotate(); err != nil {
			return out, err
		}
	}
	return out, nil
}

// writeHead signs and durably replaces the checkpoint (write, fsync,
// rename, fsync the directory).
func (l *Log) writeHead() error {
	h := l.key.SignHead(eventchain.Head{Seq: l.seq, MAC: l.prev, Time: time.Now().UTC().Format(time.RFC3339Nano)})
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	tmp := filepath.Join(l.dir, HeadFile+".tmp")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o640)
	if err != nil {
		return fmt.Errorf("events: checkpoint: %w", err)
	}
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(l.dir, HeadFile))
	}
	if err != nil {
		return fmt.Errorf("events: checkpoint: %w", err)
	}
	syncDir(l.dir)
	l.head = h
	return nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
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
	syncDir(l.dir)
	l.f, l.size = f, 0
	return nil
}

// Seq is the last stored sequence number.
func (l *Log) Seq() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seq
}

// Head is the current signed checkpoint.
func (l *Log) Head() eventchain.Head {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.head
}

// Since writes the records after seq (at most limit) as JSON lines, up to
// the last record acknowledged when it was called: a line being appended
// meanwhile is never half read.
func (l *Log) Since(seq uint64, limit int, w io.Writer) (int, error) {
	l.mu.Lock()
	segs, err := Segments(l.dir)
	upto := l.seq
	l.mu.Unlock()
	if err != nil {
		return 0, err
	}
	n := 0
	var last uint64
	for _, s := range segs {
		f, err := os.Open(filepath.Join(l.dir, segmentName(s)))
		if err != nil {
			return n, err
		}
		rd := bufio.NewReaderSize(f, 64<<10)
		for n < limit && last < upto {
			line, err := rd.ReadBytes('\n')
			if err != nil {
				break // the end, or a line still being written
			}
			line = line[:len(line)-1]
			var r struct {
				Seq uint64 `json:"seq"`
			}
			// A line that does not read as a record is exported where it
			// stands (after the last record that did), so a verifier sees
			// it rather than a silent hole.
			if json.Unmarshal(line, &r) == nil {
				if r.Seq > upto {
					break
				}
				last = r.Seq
				if r.Seq <= seq {
					continue
				}
			} else if last < seq {
				continue
			}
			w.Write(line)
			w.Write([]byte{'\n'})
			n++
		}
		f.Close()
		if n >= limit || last >= upto {
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
