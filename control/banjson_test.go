package control

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func sampleBans() []BanInfo {
	t0 := time.Date(2026, 12, 6, 4, 30, 1, 123456789, time.UTC)
	return []BanInfo{
		{Prefix: "203.0.113.7", Reason: "trap:/wp-login.php", Rules: []string{"trap:/wp-login.php", "x"}, Origin: "auto", Since: t0, Expires: t0.Add(time.Hour), Offence: 2, InKernel: true},
		{Prefix: "2001:db8::/64", Reason: "caf\u00e9 \"quoted\" <b>", Origin: "manual", Since: t0.In(time.FixedZone("x", 3600)), Offence: 1},
		{Prefix: "198.51.100.0/24", Reason: "", Origin: "list", Since: t0, KernelUnknown: true},
		{Prefix: "", Reason: "undecodable record: malformed record", Origin: "unknown", Expires: t0, Undecodable: true, Key: "04cb007109ff"},
	}
}

// TestBanJSONMatchesEncodingJSON: the fast writer and reader agree with
// encoding/json both ways.
func TestBanJSONMatchesEncodingJSON(t *testing.T) {
	bans := sampleBans()
	fast := appendBans(nil, bans)
	var viaStd []BanInfo
	if err := json.Unmarshal(fast, &viaStd); err != nil {
		t.Fatalf("encoding/json cannot read the fast output: %v\n%s", err, fast)
	}
	std, _ := json.Marshal(bans)
	viaFast, err := decodeBans(std)
	if err != nil {
		t.Fatal(err)
	}
	for i := range bans {
		for _, got := range []BanInfo{viaStd[i], viaFast[i]} {
			if !got.Since.Equal(bans[i].Since) || !got.Expires.Equal(bans[i].Expires) {
				t.Errorf("ban %d times: %+v, want %+v", i, got, bans[i])
			}
			got.Since, got.Expires = bans[i].Since, bans[i].Expires
			if !reflect.DeepEqual(got, bans[i]) {
				t.Errorf("ban %d: %+v, want %+v", i, got, bans[i])
			}
		}
	}
	if got, err := decodeBans([]byte("null")); err != nil || got != nil {
		t.Errorf("null = %v, %v", got, err)
	}
	if got := string(appendBans(nil, nil)); got != "null\n" {
		t.Errorf("nil list written as %q", got)
	}
}

// FuzzDecodeBans: the fast reader says what encoding/json says, for any
// input: the same bans, or an error when it errs.
func FuzzDecodeBans(f *testing.F) {
	b, _ := json.Marshal(sampleBans())
	f.Add(b)
	f.Add(appendBans(nil, sampleBans()))
	f.Add([]byte(`[{"prefix":"1.2.3.4","offence":01}]`))
	f.Add([]byte(`[{"Prefix":"1.2.3.4","in_kernel":null,"since":"2026-13-01T00:00:00Z"}] `))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var want []BanInfo
		wantErr := json.Unmarshal(data, &want)
		got, err := decodeBans(data)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("decodeBans(%q) err = %v, encoding/json err = %v", data, err, wantErr)
		}
		if err != nil {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("decodeBans(%q) = %d bans, encoding/json %d", data, len(got), len(want))
		}
		for i := range got {
			if !got[i].Since.Equal(want[i].Since) || !got[i].Expires.Equal(want[i].Expires) {
				t.Fatalf("decodeBans(%q)[%d] times differ: %+v vs %+v", data, i, got[i], want[i])
			}
			got[i].Since, got[i].Expires = want[i].Since, want[i].Expires
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("decodeBans(%q)[%d] = %+v, encoding/json %+v", data, i, got[i], want[i])
			}
		}
	})
}
