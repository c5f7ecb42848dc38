package daemon

import (
	"time"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/rules"
)

// loginMarkHistory is how far back the start reads the offence history
// for the detector's re-ban marks: past its re-ban window (6 h), which
// it applies itself (reading more restores nothing more).
const loginMarkHistory = 24 * time.Hour

// restoreLoginMarks gives a new detector back the re-ban marks of the
// login bans of earlier runs (detector.RestoreLoginMarks): a client
// banned for login guessing is banned again at its first refusal within
// 6 h of that ban. The mark lived only in the engine, so after a restart
// (an upgrade, a reboot, a crash) a guesser whose ban ran out got its
// quick-rule guesses (3) once more, and every restart gave them again
// (closing10 "noticed and left"). The store's offence history keeps each
// ban's event time and first rule. Called before the first line is
// judged; a failed read costs the marks only, never the start.
func (d *Daemon) restoreLoginMarks() {
	now := d.now()
	// Only the login bans' offences (the rules detector.loginBan counts;
	// the store keeps a ban's first rule, which is all a mark carries):
	// after a flood the window holds 100,000 offences of other rules,
	// which read whole cost 40 MB of garbage and 200,000 allocations
	// at start (state.BenchmarkOffencesSince), for marks that
	// RestoreLoginMarks throws away.
	offs, err := d.store.OffencesSince(now.Add(-min(loginMarkHistory, d.pol.Escalation.OffenceMemory)),
		rules.LoginRule, detector.RuleLoginSubnet, detector.RuleFormLoop)
	if err != nil {
		d.log.Warn("cannot read the offence history: login guessers banned before this start get their quick-rule guesses again", "err", err)
		return
	}
	if len(offs) == 0 {
		return
	}
	marks := make([]detector.LoginMark, len(offs))
	for i, o := range offs {
		marks[i] = detector.LoginMark{Key: o.Key, At: o.At, Rules: []string{o.Rule}}
	}
	n, err := d.det.RestoreLoginMarks(marks, now)
	if err != nil {
		d.log.Warn("login re-ban marks not restored", "err", err)
		return
	}
	if n > 0 {
		d.log.Info("restored the re-ban marks of login bans of earlier runs", "clients", n)
	}
}
