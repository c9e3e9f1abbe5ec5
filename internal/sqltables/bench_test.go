package sqltables

import (
	"fmt"
	"testing"
)

// BenchmarkTables parses distinct statements of a realistic mix; New
// is measured apart.
func BenchmarkTables(b *testing.B) {
	shapes := []string{
		"SELECT id, total FROM invoices WHERE tenant_id = $1 AND number = %d",
		"SELECT i.id, t.name FROM invoices i JOIN tenants t ON t.id = i.tenant_id WHERE i.id = %d",
		"INSERT INTO line_items (invoice_id, amount) SELECT id, %d FROM invoices WHERE id = $1",
		"WITH recent AS (SELECT * FROM invoices WHERE created > %d) SELECT count(*) FROM recent",
		"SELECT u.email FROM users u WHERE u.id IN (SELECT owner_id FROM projects WHERE id = %d)",
	}
	stmts := make([]string, 10000)
	for i := range stmts {
		stmts[i] = fmt.Sprintf(shapes[i%len(shapes)], i)
	}
	b.Run("parse", func(b *testing.B) {
		p, err := New("postgres")
		if err != nil {
			b.Fatal(err)
		}
		i := 0
		for b.Loop() {
			if _, err := p.parse(stmts[i%len(stmts)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			if _, err := New("postgres"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
