//go:build !linux

package cache

import "os"

// statOf reports false: without a change time that programs cannot set,
// a stat does not prove a file unchanged, and HashMemo hashes every file.
func statOf(os.FileInfo) (fileStat, bool) { return fileStat{}, false }
