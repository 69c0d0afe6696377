package sandbox

import (
	"context"
	"io/fs"
	"sync"

	experimentalsys "github.com/tetratelabs/wazero/experimental/sys"
)

// Limit names reported in Result.LimitHit for the scratch quota.
const (
	LimitScratchBytes = "scratch_bytes"
	LimitScratchFiles = "scratch_files"
)

// scratchQuota bounds what one run may put in its scratch directory:
// bytes written (every write counts, deleting a file refunds nothing, so
// the quota also bounds disk traffic) and files, directories and links
// created. Past either, the operation fails with EIO: wazero's file
// system interface has no ENOSPC or EDQUOT to return, and the run's
// result names the limit (hit) and says so on stderr.
type scratchQuota struct {
	mu       sync.Mutex
	maxBytes int64
	maxFiles int
	bytes    int64
	files    int
	hit      string // the first limit hit
}

// take reserves n bytes and returns how many fit.
func (q *scratchQuota) take(n int64) int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	room := max(q.maxBytes-q.bytes, 0)
	if n > room {
		n = room
		if q.hit == "" {
			q.hit = LimitScratchBytes
		}
	}
	q.bytes += n
	return n
}

// takeAll charges n bytes only when all of them fit: a grow that is
// refused must not use up the room later small writes could have.
func (q *scratchQuota) takeAll(n int64) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if n > max(q.maxBytes-q.bytes, 0) {
		if q.hit == "" {
			q.hit = LimitScratchBytes
		}
		return false
	}
	q.bytes += n
	return true
}

func (q *scratchQuota) newFile() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.files >= q.maxFiles {
		if q.hit == "" {
			q.hit = LimitScratchFiles
		}
		return false
	}
	q.files++
	return true
}

func (q *scratchQuota) limitHit() string {
	if q == nil {
		return ""
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.hit
}

// quotaFS is the scratch mount: the host directory, under the quota.
type quotaFS struct {
	experimentalsys.FS
	q *scratchQuota
}

func (f *quotaFS) OpenFile(path string, flag experimentalsys.Oflag, perm fs.FileMode) (experimentalsys.File, experimentalsys.Errno) {
	if flag&experimentalsys.O_CREAT != 0 {
		if _, errno := f.FS.Lstat(path); errno == experimentalsys.ENOENT && !f.q.newFile() {
			return nil, experimentalsys.EIO
		}
	}
	file, errno := f.FS.OpenFile(path, flag, perm)
	if errno != 0 {
		return nil, errno
	}
	return &quotaFile{File: file, q: f.q}, 0
}

func (f *quotaFS) Mkdir(path string, perm fs.FileMode) experimentalsys.Errno {
	if !f.q.newFile() {
		return experimentalsys.EIO
	}
	return f.FS.Mkdir(path, perm)
}

func (f *quotaFS) Link(oldPath, newPath string) experimentalsys.Errno {
	if !f.q.newFile() {
		return experimentalsys.EIO
	}
	return f.FS.Link(oldPath, newPath)
}

func (f *quotaFS) Symlink(oldPath, linkName string) experimentalsys.Errno {
	if !f.q.newFile() {
		return experimentalsys.EIO
	}
	return f.FS.Symlink(oldPath, linkName)
}

// quotaFile counts what is written through it.
type quotaFile struct {
	experimentalsys.File
	q *scratchQuota
}

func (f *quotaFile) Write(buf []byte) (int, experimentalsys.Errno) {
	n := f.q.take(int64(len(buf)))
	if n == 0 && len(buf) > 0 {
		return 0, experimentalsys.EIO
	}
	return f.File.Write(buf[:n]) // a short write, as a full disk gives
}

func (f *quotaFile) Pwrite(buf []byte, off int64) (int, experimentalsys.Errno) {
	n := f.q.take(int64(len(buf)))
	if n == 0 && len(buf) > 0 {
		return 0, experimentalsys.EIO
	}
	return f.File.Pwrite(buf[:n], off)
}

// Truncate counts growth: a sparse file is still a promise of disk.
func (f *quotaFile) Truncate(size int64) experimentalsys.Errno {
	st, errno := f.File.Stat()
	if errno != 0 {
		return errno
	}
	if grow := size - st.Size; grow > 0 && !f.q.takeAll(grow) {
		return experimentalsys.EIO
	}
	return f.File.Truncate(size)
}

// memoryBudget bounds the memory that running executions may use
// together: each reserves its worst case before it starts and waits, in
// arrival order, until the reservation fits.
type memoryBudget struct {
	mu      sync.Mutex
	total   int64
	used    int64
	peak    int64
	waiters []*budgetWaiter
}

type budgetWaiter struct {
	n     int64
	ready chan struct{}
}

func (b *memoryBudget) acquire(ctx context.Context, n int64) error {
	b.mu.Lock()
	if len(b.waiters) == 0 && b.used+n <= b.total {
		b.takeLocked(n)
		b.mu.Unlock()
		return nil
	}
	w := &budgetWaiter{n: n, ready: make(chan struct{})}
	b.waiters = append(b.waiters, w)
	b.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		b.mu.Lock()
		defer b.mu.Unlock()
		select {
		case <-w.ready: // granted meanwhile: give it back
			b.used -= n
			b.wakeLocked()
		default:
			for i, x := range b.waiters {
				if x == w {
					b.waiters = append(b.waiters[:i], b.waiters[i+1:]...)
					break
				}
			}
			b.wakeLocked() // the head may have changed
		}
		return ctx.Err()
	}
}

func (b *memoryBudget) release(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
	b.wakeLocked()
}

func (b *memoryBudget) takeLocked(n int64) {
	b.used += n
	b.peak = max(b.peak, b.used)
}

// wakeLocked grants waiters in order while the head fits.
func (b *memoryBudget) wakeLocked() {
	for len(b.waiters) > 0 && b.used+b.waiters[0].n <= b.total {
		w := b.waiters[0]
		b.waiters = b.waiters[1:]
		b.takeLocked(w.n)
		close(w.ready)
	}
}

func (b *memoryBudget) inUse() (used, peak int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used, b.peak
}
