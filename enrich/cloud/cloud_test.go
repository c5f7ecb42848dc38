package cloud

import (
	"errors"
	"net/netip"
	"os"
	"slices"
	"testing"

	"github.com/guardctl/guardctl/enrich/netset"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func strs(ps []netip.Prefix) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestProviders(t *testing.T) {
	cases := []struct {
		name, provider, file string
		f                    Filter
		want                 []string
	}{
		{"aws all", AWS, "aws-ip-ranges.json", Filter{}, []string{"13.32.0.0/15", "18.208.0.0/13", "2600:1f14::/35", "2600:9000:5300::/45", "3.5.140.0/22", "52.94.76.0/22"}},
		{"aws ec2", AWS, "aws-ip-ranges.json", Filter{Services: []string{"ec2"}}, []string{"18.208.0.0/13", "2600:1f14::/35", "52.94.76.0/22"}},
		{"aws ec2 us-west-2", AWS, "aws-ip-ranges.json", Filter{Services: []string{"EC2"}, Regions: []string{"us-west-2"}}, []string{"2600:1f14::/35", "52.94.76.0/22"}},
		{"gcp asia-east1", GCP, "gcp-cloud.json", Filter{Regions: []string{"asia-east1"}}, []string{"2600:1900:4010::/44", "34.80.0.0/15"}},
		{"gcp all", GCP, "gcp-cloud.json", Filter{Services: []string{"Google Cloud"}}, []string{"2600:1900:4010::/44", "34.1.208.0/20", "34.80.0.0/15", "35.184.0.0/13"}},
		{"azure AzureCloud eastus", Azure, "azure-servicetags.json", Filter{Services: []string{"AzureCloud"}, Regions: []string{"eastus"}}, []string{"20.42.0.0/17", "2603:1030:210::/47", "4.156.0.0/15"}},
		{"azure system service", Azure, "azure-servicetags.json", Filter{Services: []string{"ActionGroup"}}, []string{"2603:1030:c06:1::4f0/125", "4.145.74.52/30"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, st, err := Parse(c.provider, read(t, c.file), c.f)
			if err != nil {
				t.Fatal(err)
			}
			if s := strs(got); !slices.Equal(s, c.want) {
				t.Errorf("got %v, want %v", s, c.want)
			}
			if st.Kept != len(got) || st.Invalid != 0 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

func TestBrokenDocuments(t *testing.T) {
	aws := read(t, "aws-ip-ranges.json")
	for _, c := range []struct {
		name, provider string
		data           []byte
	}{
		{"truncated", AWS, aws[:len(aws)/2]},
		{"html", AWS, []byte("<html>503</html>")},
		{"another format", AWS, read(t, "gcp-cloud.json")},
		{"empty object", GCP, []byte("{}")},
		{"no ranges", Azure, []byte(`{"values": []}`)},
		{"trailing garbage", GCP, append(read(t, "gcp-cloud.json"), "{}"...)},
		{"cidr garbage", CIDR, []byte("<html>\n<body>\n")},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Parse(c.provider, c.data, Filter{})
			if !errors.Is(err, netset.ErrMalformed) {
				t.Errorf("err = %v, want ErrMalformed", err)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, n := range []string{"aws-ip-ranges.json", "gcp-cloud.json", "azure-servicetags.json"} {
		b, err := os.ReadFile("testdata/" + n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("10.0.0.0/8\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range []string{AWS, GCP, Azure, CIDR} {
			ps, st, err := Parse(p, data, Filter{Regions: []string{"us-east-1"}})
			if err != nil {
				continue
			}
			if len(ps) != st.Kept {
				t.Fatalf("%s: %d ranges, stats %+v", p, len(ps), st)
			}
			for _, q := range ps {
				if !q.IsValid() || q.Bits() == 0 || q.Masked() != q {
					t.Fatalf("%s: bad prefix %v", p, q)
				}
			}
		}
	})
}
