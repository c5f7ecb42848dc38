package detector

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guardctl/guardctl/rules"
)

// TestDescribeAbuseModels: explain of one line names ua-rotation for a
// page GET with a query and resource-bytes for a large download; neither
// for an ordinary page view (the models were added in fcb9f35 without a
// note, so `explain` could not say why such a ban came).
func TestDescribeAbuseModels(t *testing.T) {
	t.Parallel()
	p, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	all := fmt.Sprint(DescribeModels(p, req{method: "GET", path: "/", query: "x7f=3a9", status: 200, ip: "192.0.2.1"}.event()))
	if !strings.Contains(all, RuleUARotation) {
		t.Errorf("a page GET with a query: no %s note: %s", RuleUARotation, all)
	}
	ev := req{method: "GET", path: "/iso/debian.iso", status: 206, ip: "192.0.2.1"}.event()
	ev.Size = 100 << 20
	all = fmt.Sprint(DescribeModels(p, ev))
	if !strings.Contains(all, RuleResourceBytes) {
		t.Errorf("a 100 MiB ranged answer: no %s note: %s", RuleResourceBytes, all)
	}
	all = fmt.Sprint(DescribeModels(p, req{method: "GET", path: "/about", status: 200, ip: "192.0.2.1"}.event()))
	if strings.Contains(all, RuleUARotation) || strings.Contains(all, RuleResourceBytes) {
		t.Errorf("a plain page view named an abuse model: %s", all)
	}
}
