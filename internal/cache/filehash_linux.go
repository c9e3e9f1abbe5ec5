package cache

import (
	"os"
	"syscall"
)

// statOf returns what a file's sum is remembered under.
func statOf(info os.FileInfo) (fileStat, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileStat{}, false
	}
	// The fields' widths differ between architectures.
	return fileStat{
		ino:   uint64(st.Ino), //nolint:unconvert // see above
		dev:   uint64(st.Dev), //nolint:unconvert // see above
		size:  int64(st.Size), //nolint:unconvert // see above
		mtime: st.Mtim.Nano(),
		ctime: st.Ctim.Nano(),
	}, true
}
