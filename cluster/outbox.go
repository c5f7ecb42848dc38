package cluster

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
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
)

// outbox is the durable queue of this node's decisions. Every decision is
// written here (one fsync per batch) before it is sent, and deleted once
// Redis has it, so a Redis outage or a crash loses none: they are sent on
// reconnect, in order. Redis drops a resent decision it already has (by
// node and sequence number).
type outbox struct {
	db  *bolt.DB
	max int
	n   int // entries queued; only the publisher goroutine changes it after open
}

func openOutbox(dir string, max int) (*outbox, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cluster queue: %w", err)
	}
	path := filepath.Join(dir, OutboxFile)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("cluster queue %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketQueue, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("cluster queue %s: %w", path, err)
	}
	o := &outbox{db: db, max: max}
	_ = db.View(func(tx *bolt.Tx) error {
		o.n = tx.Bucket(bucketQueue).Stats().KeyN
		return nil
	})
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
// oldest are dropped (counted): the queue is bounded, and the newest
// decisions matter most. Their bans stay in force on this node.
func (o *outbox) add(ds []Decision) (dropped int, err error) {
	n := o.n
	err = o.db.Update(func(tx *bolt.Tx) error {
		n, dropped = o.n, 0
		q, m := tx.Bucket(bucketQueue), tx.Bucket(bucketMeta)
		seq := u64(m.Get(keySeq))
		for i := range ds {
			seq++
			ds[i].Seq = seq
			b, err := ds[i].Encode()
			if err != nil {
				return err
			}
			if err := q.Put(be(seq), b); err != nil {
				return err
			}
		}
		if err := m.Put(keySeq, be(seq)); err != nil {
			return err
		}
		n += len(ds)
		over := n - o.max
		if over <= 0 {
			return nil
		}
		c := q.Cursor()
		for k, _ := c.First(); k != nil && dropped < over; k, _ = c.Next() {
			if err := c.Delete(); err != nil {
				return err
			}
			dropped++
			n--
		}
		return m.Put(keyDropped, be(u64(m.Get(keyDropped))+uint64(dropped)))
	})
	if err != nil {
		return 0, fmt.Errorf("queue decisions: %w", err)
	}
	o.n = n
	return dropped, nil
}

// peek returns up to n queued decisions, oldest first. Entries that no
// longer decode (a file from a newer version) are skipped and removed.
func (o *outbox) peek(n int) ([]Decision, error) {
	var out []Decision
	var bad [][]byte
	err := o.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketQueue).Cursor()
		for k, v := c.First(); k != nil && len(out) < n; k, v = c.Next() {
			d, err := Decode(v)
			if err != nil {
				bad = append(bad, append([]byte(nil), k...))
				continue
			}
			out = append(out, d)
		}
		return nil
	})
	if err == nil && len(bad) > 0 {
		err = o.db.Update(func(tx *bolt.Tx) error {
			for _, k := range bad {
				if err := tx.Bucket(bucketQueue).Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return out, err
}

// done removes sent decisions, up to and including seq.
func (o *outbox) done(seq uint64) error {
	removed := 0
	err := o.db.Update(func(tx *bolt.Tx) error {
		removed = 0
		c := tx.Bucket(bucketQueue).Cursor()
		for k, _ := c.First(); k != nil && u64(k) <= seq; k, _ = c.First() {
			if err := c.Delete(); err != nil {
				return err
			}
			removed++
		}
		return nil
	})
	if err == nil {
		o.n -= removed
	}
	return err
}

func (o *outbox) dropped() uint64 {
	var n uint64
	_ = o.db.View(func(tx *bolt.Tx) error {
		n = u64(tx.Bucket(bucketMeta).Get(keyDropped))
		return nil
	})
	return n
}

// position is the last stream id this node applied ("" = none yet).
func (o *outbox) position() (string, error) {
	var id string
	err := o.db.View(func(tx *bolt.Tx) error {
		id = string(tx.Bucket(bucketMeta).Get(keyStream))
		return nil
	})
	return id, err
}

func (o *outbox) setPosition(id string) error {
	return o.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyStream, []byte(id))
	})
}
