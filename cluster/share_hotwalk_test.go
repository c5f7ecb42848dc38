package cluster

import (
	"testing"
	"time"
)

// A node that knows its limit of clients hot reads the marks at every
// flush and, its map full, looked for expired clients at each read: a
// walk of the whole map (262,144 clients, a few ms) every 50 ms with
// nothing to drop while the spray's marks are under three windows old.
// The map is walked again only once its earliest end has come.
func TestShareHotMapWalkedOnlyWhenDue(t *testing.T) {
	r := &Rule{window: time.Minute, hot: map[countKey]int64{}, held: newHeldTable()}
	t0 := time.Now().UnixMilli()
	for i := range 100 {
		r.learnHot(keyOf(marksClient(i)), t0, 1000)
	}
	for ms := range int64(50) {
		r.dropExpiredHot(t0 + 1 + ms*50)
	}
	if r.hotWalks != 1 || len(r.hot) != 100 {
		t.Fatalf("%d walks of the map, %d clients left; want 1 walk and 100", r.hotWalks, len(r.hot))
	}
	// Learned later: ends later, kept past the first ones' end.
	r.learnHot(keyOf(marksClient(500)), t0+time.Minute.Milliseconds(), 1000)
	r.dropExpiredHot(t0 + 3*time.Minute.Milliseconds())
	if r.hotWalks != 2 || len(r.hot) != 1 || !r.isHot(keyOf(marksClient(500)), t0+3*time.Minute.Milliseconds()) {
		t.Fatalf("at the first ends: %d walks, %d clients left; want 2 and the one learned later", r.hotWalks, len(r.hot))
	}
	r.dropExpiredHot(t0 + 4*time.Minute.Milliseconds())
	if r.hotWalks != 3 || len(r.hot) != 0 {
		t.Fatalf("at the last end: %d walks, %d left; want 3 and none", r.hotWalks, len(r.hot))
	}
}
