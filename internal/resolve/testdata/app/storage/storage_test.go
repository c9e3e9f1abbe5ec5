package storage

import "testing"

func TestOpen(t *testing.T) { openRaw() }
