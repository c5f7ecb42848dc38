package report

// peakCounter finds the busiest second of the log. Lines arrive roughly in
// time order, with small disorder, so it keeps a ring of per-second counts
// and folds a slot into the maximum when the ring moves past it.
type peakCounter struct {
	secs   [ringSize]int64
	counts [ringSize]uint64
	best   uint64
	bestAt int64
}

const ringSize = 64

func (p *peakCounter) add(sec int64) {
	i := int(uint64(sec) % ringSize)
	if p.secs[i] != sec {
		p.fold(i)
		p.secs[i] = sec
		p.counts[i] = 0
	}
	p.counts[i]++
}

func (p *peakCounter) fold(i int) {
	if p.counts[i] > p.best || (p.counts[i] == p.best && p.counts[i] > 0 && p.secs[i] < p.bestAt) {
		p.best, p.bestAt = p.counts[i], p.secs[i]
	}
}

func (p *peakCounter) max() (uint64, int64) {
	for i := range p.secs {
		p.fold(i)
	}
	return p.best, p.bestAt
}
