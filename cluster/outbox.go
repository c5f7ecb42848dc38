package cluster

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// OutboxFile is the file in the daemon's state directory that holds this
// node's decisions not yet in Redis and its position in the stream. It is
// apart from the state store so that a cluster problem can never make the
// store unreadable, and moving it aside only costs a snapshot read.
const OutboxFile = "cluster.db"

var (
	bucketQueue = []byte("queue") // seq (8 bytes BE) -> encoded decision
	bucketMeta  = []byte("meta")
	keySeq      = []byte("seq")     // last sequence number handed out
	keyStream   = []byte("stream")  // last stream id applied
	keyDropped  = []byte("dropped") // decisions dropped because the queue was full
	keySeen     = []byte("seen")    // JSON: node -> last sequence number applied
	keyEpoch    = []byte("epoch")   // the cluster's epoch last seen (epoch.go)
	keyAcked    = []byte("acked")   // the last own sequence number Redis took (epoch.go)
)

// outbox is the durable queue of this node's decisions. Every decision is
// written here (one fsync per batch) before it is sent, and deleted once
// Redis has it, so a Redis outage or a crash loses none: they are sent on
// reconnect, in order. Redis drops a resent decision it already has (by
// node and sequence number). The queue is mirrored in memory (it is
// bounded) so that sending never reads the file back.
//
// The node's queue writer adds and its sender reads and removes at the
// same time (a send that hangs must not keep new decisions off the disk):
// mu covers items and seq and each whole add or done, whose transaction
// must not interleave with the other's change of items.
type outbox struct {
	db    *bolt.DB
	max   int
	mu    sync.Mutex
	items []queued // on disk, not yet acknowledged by Redis, oldest first
	seq   uint64   // the last sequence number handed out
	local int      // items whose times are still in this node's clock
}

// queued is a decision with its encoded form, as stored and as sent.
type queued struct {
	d       Decision
	payload []byte
}

// localMark starts the stored value of a decision whose times are still in
// this node's clock (Decision.localTime): converted when sent, by the
// process that sends it. A payload itself starts with its version digit.
const localMark = 'L'

func stored(q queued) []byte {
	if !q.d.localTime {
		return q.payload
	}
	return append([]byte{localMark}, q.payload...)
}

func openOutbox(dir string, max int) (*outbox, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cluster queue: %w", err)
	}
	path := filepath.Join(dir, OutboxFile)
	// A burst of 100,000 decisions grows the file to ~20 MB; mapping that
	// much from the start saves the remaps (virtual memory only).
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, InitialMmapSize: 32 << 20})
	if err != nil {
		return nil, fmt.Errorf("cluster queue %s: %w", path, err)
	}
	o := &outbox{db: db, max: max}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketQueue, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		// Load the queue; entries that no longer decode (a file written by
		// a newer version) are dropped.
		o.seq = u64(tx.Bucket(bucketMeta).Get(keySeq))
		q := tx.Bucket(bucketQueue)
		var bad [][]byte
		err := q.ForEach(func(k, v []byte) error {
			local := len(v) > 0 && v[0] == localMark
			if local {
				v = v[1:]
			}
			d, err := Decode(v)
			if err != nil {
				bad = append(bad, append([]byte(nil), k...))
				return nil
			}
			if local {
				d.localTime = true
				o.local++
			}
			o.items = append(o.items, queued{d: d, payload: append([]byte(nil), v...)})
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range bad {
			if err := q.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("cluster queue %s: %w", path, err)
	}
	return o, nil
}

func (o *outbox) Close() error { return o.db.Close() }

func u64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

func be(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

// add numbers the decisions and stores them. When the queue is full the
// oldest are dropped (counted), on disk as in memory: the queue is
// bounded, and the newest decisions matter most. Their bans stay in force
// on this node.
func (o *outbox) add(ds []Decision) (dropped []Decision, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	items := make([]queued, 0, min(len(ds), o.max))
	var old int // dropped of the decisions queued before
	err = o.db.Update(func(tx *bolt.Tx) error {
		items, dropped, old = items[:0], dropped[:0], 0
		q, m := tx.Bucket(bucketQueue), tx.Bucket(bucketMeta)
		q.FillPercent = 1 // keys only ever grow: full pages, fewer splits
		seq := u64(m.Get(keySeq))
		if seq == 0 {
			// A new queue file numbers from the clock (1024 per ms), so a
			// node whose file was lost does not reuse numbers the other
			// nodes have seen and would drop as duplicates.
			seq = clockSeq(time.Now())
		}
		// More new decisions than the queue holds: the oldest of them
		// are never stored (a review found them kept on disk but not in
		// memory, so never sent by this process and sent at the next
		// start behind newer ones, where readers drop them).
		skip := max(0, len(ds)-o.max)
		for i, d := range ds {
			// Numbered by Node.Publish, or here.
			if d.Seq == 0 {
				d.Seq = seq + 1
			}
			seq = max(seq, d.Seq)
			if i < skip {
				dropped = append(dropped, d)
				continue
			}
			b, err := d.Encode()
			if err != nil {
				return err
			}
			it := queued{d: d, payload: b}
			if err := q.Put(be(seq), stored(it)); err != nil {
				return err
			}
			items = append(items, it)
		}
		if err := m.Put(keySeq, be(seq)); err != nil {
			return err
		}
		o.seq = seq
		old = max(0, len(o.items)+len(items)-o.max)
		for _, it := range o.items[:old] {
			if err := q.Delete(be(it.d.Seq)); err != nil {
				return err
			}
			dropped = append(dropped, it.d)
		}
		if len(dropped) == 0 {
			return nil
		}
		return m.Put(keyDropped, be(u64(m.Get(keyDropped))+uint64(len(dropped))))
	})
	if err != nil {
		return nil, fmt.Errorf("queue decisions: %w", err)
	}
	for _, it := range o.items[:old] {
		if it.d.localTime {
			o.local--
		}
	}
	for _, it := range items {
		if it.d.localTime {
			o.local++
		}
	}
	o.items = append(o.items[old:], items...)
	return dropped, nil
}

// toRedisTime converts the queued decisions still in this node's clock
// with the offset now measured (ms), in memory: the file keeps them
// marked, so a process that stops before Redis took them converts them
// with its own offset. The sender calls it before head, so the elements
// it rewrites are not in a slice head handed out.
func (o *outbox) toRedisTime(offMs int64, log *slog.Logger) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.local == 0 {
		return
	}
	for i := range o.items {
		it := &o.items[i]
		if !it.d.localTime {
			continue
		}
		d := it.d
		d.toRedisTime(offMs)
		b, err := d.Encode()
		if err != nil {
			// Cannot happen for a decision that validated in local time
			// but for a clock far off; sent as it is.
			log.Error("convert a queued decision to Redis time", "decision", d, "err", err)
			b = it.payload
		}
		it.d, it.payload = d, b
		o.local--
	}
}

// lastSeq is the last sequence number handed out (0: none yet).
func (o *outbox) lastSeq() uint64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.seq
}

// head is the oldest n queued decisions (or fewer, or a few more: the
// copies of a split unban are not parted, see continues). The slice stays
// valid while add and done change the queue: they never write the
// elements it covers.
func (o *outbox) head(n int) []queued {
	o.mu.Lock()
	defer o.mu.Unlock()
	end := groupEnd(o.items, n)
	return o.items[:end:end]
}

// done removes sent decisions, up to and including seq.
func (o *outbox) done(seq uint64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	i := 0
	for i < len(o.items) && o.items[i].d.Seq <= seq {
		i++
	}
	if i == 0 {
		return nil
	}
	err := o.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMeta).Put(keyAcked, be(seq)); err != nil {
			return err
		}
		if i == len(o.items) {
			// Emptied (the usual case): drop the bucket instead of
			// deleting key by key.
			if err := tx.DeleteBucket(bucketQueue); err != nil {
				return err
			}
			_, err := tx.CreateBucket(bucketQueue)
			return err
		}
		q := tx.Bucket(bucketQueue)
		for _, it := range o.items[:i] {
			if err := q.Delete(be(it.d.Seq)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("cluster queue: %w", err)
	}
	for _, it := range o.items[:i] {
		if it.d.localTime {
			o.local-- // sent as it was, not through sendQueue
		}
	}
	o.items = o.items[i:]
	return nil
}

func (o *outbox) len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.items)
}

func (o *outbox) dropped() uint64 { return u64(o.meta(keyDropped)) }

// meta is a copy of a value of the meta bucket (nil when there is none).
func (o *outbox) meta(key []byte) []byte {
	var v []byte
	_ = o.db.View(func(tx *bolt.Tx) error {
		v = bytes.Clone(tx.Bucket(bucketMeta).Get(key))
		return nil
	})
	return v
}

// position is the last stream id this node applied ("" = none yet) and
// the last sequence number it applied of every other node.
func (o *outbox) position() (string, map[string]uint64, error) {
	var id string
	seen := map[string]uint64{}
	err := o.db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		id = string(m.Get(keyStream))
		if b := m.Get(keySeen); b != nil {
			if err := json.Unmarshal(b, &seen); err != nil {
				seen = map[string]uint64{} // rebuilt from the stream
			}
			for node, seq := range seen {
				if seq > MaxSeq {
					// Never valid (Decision.Validate): kept, it would make
					// every later decision of that node a duplicate here.
					delete(seen, node)
				}
			}
		}
		return nil
	})
	return id, seen, err
}

func (o *outbox) setPosition(id string, seen map[string]uint64) error {
	b, err := json.Marshal(seen)
	if err != nil {
		return err
	}
	return o.db.Update(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if err := m.Put(keyStream, []byte(id)); err != nil {
			return err
		}
		return m.Put(keySeen, b)
	})
}

// acked is the last own sequence number Redis took (0: none known).
func (o *outbox) acked() uint64 { return u64(o.meta(keyAcked)) }

// setAcked lowers the saved acked number to what Redis holds after it
// lost data (epoch.go), so the loss is not noticed again at every start.
func (o *outbox) setAcked(seq uint64) error {
	err := o.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyAcked, be(seq)) })
	if err != nil {
		return fmt.Errorf("cluster queue: save acked number: %w", err)
	}
	return nil
}

// epoch is the cluster's epoch this node last saw ("" = none yet).
func (o *outbox) epoch() string { return string(o.meta(keyEpoch)) }

func (o *outbox) setEpoch(e string) error {
	err := o.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyEpoch, []byte(e)) })
	if err != nil {
		return fmt.Errorf("cluster queue: save epoch: %w", err)
	}
	return nil
}
